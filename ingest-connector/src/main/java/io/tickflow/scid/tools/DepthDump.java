package io.tickflow.scid.tools;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.DepthCommand;
import io.tickflow.scid.DepthRecordDecoder;
import io.tickflow.scid.DepthRecords;
import io.tickflow.scid.PartialRecord;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * {@code tickflow depth dump FILE [--from T] [--to T] [--limit N] [--format csv|json]}: prints the records of a
 * {@code .depth} file (UTC time, command, price, quantity, orders, end of batch) so users can debug their market
 * depth data. The CLI parses the arguments and calls {@link #dump}. Not thread-safe.
 */
public final class DepthDump {

  /**
   * Counts of one dump: the records printed (NO_COMMAND ones too: the tool shows the file as it is) and rejected
   * (garbage: an undefined command, an implausible date-time or a non-finite price, the records the connector
   * dead-letters).
   *
   * @param limitReached whether the dump stopped at {@code limit} before the range's end
   * @param partialRecordBytes the bytes of a partial last record, not read; 0 when the file ends on a record
   */
  public record Summary(long recordsPrinted, long recordsRejected, boolean limitReached, long partialRecordBytes) {
  }

  private final DepthRecordDecoder record = new DepthRecordDecoder();
  private final DumpRequest options;
  private final long to;
  private final PrintStream out;
  private final PrintStream err;
  private long printed;
  private long rejected;
  private boolean limitReached;

  private DepthDump(DumpRequest options, PrintStream out, PrintStream err) {
    this.options = options;
    this.to = RecordWalk.endMicros(options.to());
    this.out = out;
    this.err = err;
  }

  /**
   * Prints the records of a file whose time is in [from, to), in file order, at most {@code limit}, to {@code out};
   * one line per rejected record (file, byte position, problem) to {@code err}, and one for a partial last record.
   * A rejected record does not end the range: its time is garbage.
   *
   * @throws SierraFileException when the file is not a valid .depth file
   */
  public static Summary dump(DumpRequest options, PrintStream out, PrintStream err) throws IOException {
    return new DepthDump(options, out, err).run();
  }

  private Summary run() throws IOException {
    PartialRecord tail = RecordWalk.walk(options.file(), SierraFileFormat.DEPTH,
        "only .depth files hold market depth", options.from(), this::printCsvHeader, this::visit);
    tail.report(err);
    return new Summary(printed, rejected, limitReached, tail.bytes());
  }

  private void printCsvHeader() {
    if (options.format() == DumpFormat.CSV) {
      out.println("time,command,price,quantity,orders,endOfBatch");
    }
  }

  private boolean visit(ByteBuffer buffer, int offset, long position, long micros, DateTimeEncoding encoding) {
    record.wrap(buffer, offset);
    final DepthCommand command = DepthCommand.ofCode(record.commandCode());
    final String problem = DepthRecords.problem(record, command, micros);
    if (problem != null) {
      err.println(options.file() + " at byte " + position + ": " + problem);
      rejected++;
      return true;
    }
    if (micros >= to) {
      return false;
    }
    if (options.full(printed)) {
      limitReached = true;
      return false;
    }
    out.println(line(command, micros, DepthRecords.endOfBatch(record, encoding)));
    printed++;
    return true;
  }

  // Hand-written JSON: every value is a number, a boolean, an ISO instant or an enum name: nothing needs escaping.
  private String line(DepthCommand command, long micros, boolean endOfBatch) {
    final String time = DumpFormat.time(micros);
    if (options.format() == DumpFormat.CSV) {
      return time + ',' + command + ',' + record.price() + ',' + record.quantity() + ',' + record.numOrders() + ','
          + endOfBatch;
    }
    return "{\"time\":\"" + time + "\",\"command\":\"" + command + "\",\"price\":" + record.price() + ",\"quantity\":"
        + record.quantity() + ",\"orders\":" + record.numOrders() + ",\"endOfBatch\":" + endOfBatch + "}";
  }
}
