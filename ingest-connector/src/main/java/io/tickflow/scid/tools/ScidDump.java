package io.tickflow.scid.tools;

import io.tickflow.scid.AggressorSides;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import io.tickflow.scid.TickTrades;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * {@code tickflow scid dump FILE [--from T] [--to T] [--limit N] [--format csv|json]}: prints the trades of a
 * {@code .scid} file (UTC time, price, bid, ask, size, aggressor side) so users can check their data. The CLI parses
 * the arguments and calls {@link #dump}. Not thread-safe.
 */
public final class ScidDump {

  /**
   * Counts of one dump: every record in the range is printed (a trade), skipped (a bar) or rejected (garbage: an
   * implausible date-time or a non-finite price, the records the connector dead-letters), until the limit.
   *
   * @param limitReached whether the dump stopped at {@code limit} before the range's end
   */
  public record Summary(long tradesPrinted, long barsSkipped, long recordsRejected, boolean limitReached) {
  }

  private final IntradayRecordDecoder record = new IntradayRecordDecoder();
  private final DumpRequest options;
  private final long to;
  private final PrintStream out;
  private final PrintStream err;
  private long printed;
  private long bars;
  private long rejected;
  private boolean limitReached;

  private ScidDump(DumpRequest options, PrintStream out, PrintStream err) {
    this.options = options;
    this.to = RecordWalk.endMicros(options.to());
    this.out = out;
    this.err = err;
  }

  /**
   * Prints the trades of a file whose time is in [from, to), in file order, at most {@code limit}, to {@code out};
   * one line per rejected record (file, byte position, problem) to {@code err}, and one for a partial last record. A
   * rejected record does not end the range: its time is garbage.
   *
   * @throws SierraFileException when the file is not a valid .scid file
   */
  public static Summary dump(DumpRequest options, PrintStream out, PrintStream err) throws IOException {
    return new ScidDump(options, out, err).run();
  }

  private Summary run() throws IOException {
    RecordWalk.walk(options.file(), SierraFileFormat.SCID, "only .scid files hold trades",
        options.from(), this::printCsvHeader, this::visit).report(err);
    return new Summary(printed, bars, rejected, limitReached);
  }

  private void printCsvHeader() {
    if (options.format() == DumpFormat.CSV) {
      out.println("time,price,bid,ask,size,side");
    }
  }

  private boolean visit(ByteBuffer buffer, int offset, long position, long micros, DateTimeEncoding encoding) {
    record.wrap(buffer, offset);
    final String problem = TickTrades.problem(record, micros);
    if (problem != null) {
      err.println(options.file() + " at byte " + position + ": " + problem);
      rejected++;
    } else if (micros >= to) {
      return false;
    } else if (record.kind().isTrade()) {
      if (options.full(printed)) {
        limitReached = true;
        return false;
      }
      out.println(line(micros));
      printed++;
    } else {
      bars++;
    }
    return true;
  }

  // Hand-written JSON: every value is a number, an ISO instant or an enum name, so nothing needs escaping.
  private String line(long micros) {
    final String time = DumpFormat.time(micros);
    final String side = AggressorSides.of(record.bidVolume(), record.askVolume()).name();
    if (options.format() == DumpFormat.CSV) {
      return time + ',' + record.close() + ',' + record.low() + ',' + record.high() + ',' + record.totalVolume()
          + ',' + side;
    }
    return "{\"time\":\"" + time + "\",\"price\":" + record.close() + ",\"bid\":" + record.low() + ",\"ask\":"
        + record.high() + ",\"size\":" + record.totalVolume() + ",\"side\":\"" + side + "\"}";
  }
}
