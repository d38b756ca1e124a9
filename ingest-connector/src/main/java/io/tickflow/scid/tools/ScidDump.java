package io.tickflow.scid.tools;

import io.tickflow.scid.AggressorSides;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import io.tickflow.scid.SierraFileReader;
import io.tickflow.scid.TickTrades;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code tickflow scid dump FILE [--from T] [--to T] [--format csv|json]}: prints the trades of a {@code .scid}
 * file (UTC time, price, bid, ask, size, aggressor side) so users can check their data. The CLI parses the
 * arguments and calls {@link #dump}.
 */
public final class ScidDump {

  /** Output formats. */
  public enum Format { CSV, JSON }

  /**
   * What to print.
   *
   * @param from first time printed (inclusive), or null for the file start
   * @param to time to stop before (exclusive), or null for the file end
   */
  public record Options(Path file, Instant from, Instant to, Format format) {
  }

  /**
   * Counts of one dump: every record in the range is printed (a trade), skipped (a bar) or rejected (garbage: an
   * implausible date-time or a non-finite price, the records the connector dead-letters).
   */
  public record Summary(long tradesPrinted, long barsSkipped, long recordsRejected) {
  }

  private static final int CHUNK_RECORDS = 4096;

  private ScidDump() {
  }

  /**
   * Prints the trades of a file whose time is in [from, to), in file order, to {@code out}, and one line per rejected
   * record (file, byte position, problem) to {@code err}. A rejected record does not end the range: its time is
   * garbage.
   *
   * @throws SierraFileException when the file is not a valid .scid file
   */
  public static Summary dump(Options options, PrintStream out, PrintStream err) throws IOException {
    if (SierraFileFormat.of(options.file()) != SierraFileFormat.SCID) {
      throw new SierraFileException(options.file(), 0, "only .scid files hold trades");
    }
    try (SierraFileReader reader = SierraFileReader.open(options.file()).orElseThrow(() ->
        new SierraFileException(options.file(), 0, "file is shorter than its header"))) {
      final long from = options.from() == null ? Long.MIN_VALUE : DateTimeEncoding.toMicros(options.from());
      final long to = options.to() == null ? Long.MAX_VALUE : DateTimeEncoding.toMicros(options.to());
      if (options.format() == Format.CSV) {
        out.println("time,price,bid,ask,size,side");
      }
      return reader.encoding().isEmpty() ? new Summary(0, 0, 0)
          : print(reader, new Range(from, to), options.format(), out, err);
    }
  }

  /** [from, to) in Unix microseconds. */
  private record Range(long from, long to) {
  }

  private static Summary print(SierraFileReader reader, Range range, Format format, PrintStream out,
                               PrintStream err) throws IOException {
    final DateTimeEncoding encoding = reader.encoding().orElseThrow();
    final IntradayRecordDecoder record = new IntradayRecordDecoder();
    final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_RECORDS * IntradayRecordDecoder.ENCODED_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN);
    long printed = 0;
    long bars = 0;
    long rejected = 0;
    long position = reader.header().positionOf(reader.firstRecordAtOrAfter(range.from()));
    for (int n = reader.read(position, buffer, CHUNK_RECORDS); n > 0; n = reader.read(position, buffer,
        CHUNK_RECORDS)) {
      for (int i = 0; i < n; i++) {
        record.wrap(buffer, i * IntradayRecordDecoder.ENCODED_LENGTH);
        final long micros = encoding.toUnixMicros(record.rawDateTime());
        final String problem = TickTrades.problem(record, micros);
        if (problem != null) {
          err.println(reader.file() + " at byte " + (position + i * IntradayRecordDecoder.ENCODED_LENGTH) + ": "
              + problem);
          rejected++;
        } else if (micros >= range.to()) {
          return new Summary(printed, bars, rejected);
        } else if (record.kind().isTrade()) {
          out.println(line(format, record, micros));
          printed++;
        } else {
          bars++;
        }
      }
      position += (long) n * IntradayRecordDecoder.ENCODED_LENGTH;
    }
    return new Summary(printed, bars, rejected);
  }

  // Hand-written JSON: every value is a number, an ISO instant or an enum name, so nothing needs escaping.
  private static String line(Format format, IntradayRecordDecoder record, long micros) {
    final String time = DateTimeEncoding.toInstant(micros).toString();
    final String side = AggressorSides.of(record.bidVolume(), record.askVolume()).name();
    if (format == Format.CSV) {
      return time + ',' + record.close() + ',' + record.low() + ',' + record.high() + ',' + record.totalVolume()
          + ',' + side;
    }
    return "{\"time\":\"" + time + "\",\"price\":" + record.close() + ",\"bid\":" + record.low() + ",\"ask\":"
        + record.high() + ",\"size\":" + record.totalVolume() + ",\"side\":\"" + side + "\"}";
  }
}
