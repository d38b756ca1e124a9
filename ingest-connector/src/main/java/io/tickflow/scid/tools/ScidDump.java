package io.tickflow.scid.tools;

import io.tickflow.scid.AggressorSides;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import io.tickflow.scid.SierraFileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code tickflow scid dump FILE [--from T] [--to T] [--format csv|json]}: prints the trades of a {@code .scid}
 * file (UTC time, price, bid, ask, size, aggressor side) so users can check their data. {@link #dump} is what the
 * CLI calls; {@link #main} is the same without picocli.
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

  /** Counts of one dump: every record in the range is either printed or a bar (not a trade). */
  public record Summary(long tradesPrinted, long barsSkipped) {
  }

  private static final int CHUNK_RECORDS = 4096;
  private static final String USAGE = "usage: tickflow scid dump FILE [--from T] [--to T] [--format csv|json]"
      + " (T in ISO-8601 UTC, e.g. 2023-02-21T20:38:00Z)";

  private ScidDump() {
  }

  /**
   * Prints the trades of a file whose time is in [from, to), in file order.
   *
   * @throws SierraFileException when the file is not a valid .scid file
   */
  public static Summary dump(Options options, PrintStream out) throws IOException {
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
      return reader.encoding().isEmpty() ? new Summary(0, 0) : print(reader, from, to, options.format(), out);
    }
  }

  private static Summary print(SierraFileReader reader, long from, long to, Format format, PrintStream out)
      throws IOException {
    final DateTimeEncoding encoding = reader.encoding().orElseThrow();
    final IntradayRecordDecoder record = new IntradayRecordDecoder();
    final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_RECORDS * IntradayRecordDecoder.ENCODED_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN);
    long printed = 0;
    long bars = 0;
    long position = reader.header().positionOf(reader.firstRecordAtOrAfter(from));
    for (int n = reader.read(position, buffer, CHUNK_RECORDS); n > 0; n = reader.read(position, buffer,
        CHUNK_RECORDS)) {
      for (int i = 0; i < n; i++) {
        record.wrap(buffer, i * IntradayRecordDecoder.ENCODED_LENGTH);
        final long micros = encoding.toUnixMicros(record.rawDateTime());
        if (micros >= to) {
          return new Summary(printed, bars);
        }
        if (record.kind().isTrade()) {
          out.println(line(format, record, micros));
          printed++;
        } else {
          bars++;
        }
      }
      position += (long) n * IntradayRecordDecoder.ENCODED_LENGTH;
    }
    return new Summary(printed, bars);
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

  /**
   * Parses command-line arguments.
   *
   * @throws IllegalArgumentException with the usage when they are invalid
   */
  public static Options parse(String... args) {
    Path file = null;
    Instant from = null;
    Instant to = null;
    Format format = Format.CSV;
    for (int i = 0; i < args.length; i++) {
      final String arg = args[i];
      if (arg.startsWith("--") && i + 1 >= args.length) {
        throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
      }
      if ("--from".equals(arg)) {
        from = instant(args[++i]);
      } else if ("--to".equals(arg)) {
        to = instant(args[++i]);
      } else if ("--format".equals(arg)) {
        format = format(args[++i]);
      } else if (file == null && !arg.startsWith("--")) {
        file = Path.of(arg);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; " + USAGE);
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("missing FILE; " + USAGE);
    }
    return new Options(file, from, to, format);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 UTC time; " + USAGE, e);
    }
  }

  private static Format format(String text) {
    for (final Format format : Format.values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(text)) {
        return format;
      }
    }
    throw new IllegalArgumentException("format must be csv or json, was '" + text + "'; " + USAGE);
  }

  /** Exit codes: 0 done, 1 unreadable or invalid file, 2 bad arguments. */
  public static void main(String[] args) {
    final Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      final Summary summary = dump(options, System.out);
      System.out.flush();
      System.err.println(summary.tradesPrinted() + " trades printed, " + summary.barsSkipped()
          + " bar records skipped (bars are not trades)");
    } catch (IOException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
