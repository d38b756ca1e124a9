package io.tickflow.cli.scid;

import io.tickflow.scid.PartialRecord;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What an import of one file did. Every record is accounted for: {@code records = trades + bars + rejected}.
 *
 * @param records records read: those in the file when the import started, and those appended to it while it ran
 * @param trades trades sent to the trades topic
 * @param bars bar records skipped (a bar is not a trade)
 * @param rejected undecodable records sent to the dead-letter topic
 * @param first event time of the first trade, or null when none
 * @param last event time of the last trade, or null when none
 * @param partial the bytes after the last whole record when the import ended, not read
 */
record ImportSummary(Path file, String symbol, long records, long trades, long bars, long rejected, Instant first,
                     Instant last, PartialRecord partial) {

  /** Counts one import as it goes. Not thread-safe. */
  static final class Builder {

    private final Path file;
    private final String symbol;
    private long trades;
    private long bars;
    private long rejected;
    private Instant first;
    private Instant last;

    Builder(Path file, String symbol) {
      this.file = file;
      this.symbol = symbol;
    }

    void sent(Instant eventTime) {
      trades++;
      if (first == null) {
        first = eventTime;
      }
      last = eventTime;
    }

    void barSkipped() {
      bars++;
    }

    void rejected() {
      rejected++;
    }

    long read() {
      return trades + bars + rejected;
    }

    ImportSummary build(PartialRecord partial) {
      return new ImportSummary(file, symbol, read(), trades, bars, rejected, first, last, partial);
    }
  }
}
