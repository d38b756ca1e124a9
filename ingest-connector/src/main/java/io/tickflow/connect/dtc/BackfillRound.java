package io.tickflow.connect.dtc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the records of each symbol while it backfills, and hands them on in one run once its history is in.
 *
 * <p>After a reconnect every symbol asks for its history at once, and the answers come in parts. Written as they
 * came, the parts of different symbols, and the live trades of the symbols already caught up, would interleave in a
 * partition; the Streams app would take a symbol whose history lags the others' newer trades by more than
 * {@code bars.idle.ms} for idle, close its bars, and dead-letter the rest of that history as late. Handed on in one
 * run (its history, then its live data since), each history is read as a file imported whole is. The symbols not
 * backfilling are not held: a historical server slow to answer one symbol delays that symbol only.
 *
 * <p>Everything of a symbol is held, not only its trades: quotes and depth carry the symbol's source offset, which
 * must never pass a trade not handed on yet. Each symbol's records keep their order, so its offsets only grow. A
 * task stopped meanwhile loses nothing: the offsets handed on are older, and its next start backfills from them.
 * More than {@code maxHeld} records in all (very long histories) are handed on as they stand, a run per symbol so
 * far, and counted: the rest of those histories may interleave again. Poll thread only.
 */
final class BackfillRound {

  private static final Logger log = LoggerFactory.getLogger(BackfillRound.class);

  private final int maxHeld;
  private final TaskMetrics metrics;
  private final Map<Map<String, ?>, List<SourceRecord>> held = new LinkedHashMap<>();
  private int heldCount;

  /**
   * @param maxHeld records held at most before they are handed on; 0 holds nothing (records go as they come)
   */
  BackfillRound(int maxHeld, TaskMetrics metrics) {
    this.maxHeld = maxHeld;
    this.metrics = metrics;
  }

  /**
   * The records of one poll that go to Connect now.
   *
   * @param records     what the symbols published in this poll, in order
   * @param backfilling the source partitions of the symbols waiting for the end of a historical answer
   */
  List<SourceRecord> pass(List<SourceRecord> records, Set<? extends Map<String, ?>> backfilling) {
    if (maxHeld == 0 || backfilling.isEmpty() && held.isEmpty()) {
      return records;
    }
    final List<SourceRecord> out = new ArrayList<>(records.size());
    for (final SourceRecord record : records) {
      final List<SourceRecord> run = backfilling.contains(record.sourcePartition())
          ? held.computeIfAbsent(record.sourcePartition(), partition -> new ArrayList<>())
          : held.get(record.sourcePartition());
      if (run != null) {
        run.add(record);
        heldCount++;
      } else {
        out.add(record);
      }
    }
    handOnEnded(backfilling, out);
    if (heldCount > maxHeld) {
      metrics.backfillRoundsSplit.incrementAndGet();
      log.warn("Backfills still running, but {} records are held (backfill.round.max.records): written as they"
          + " stand; the histories still to come may interleave with the others' newer trades", heldCount);
      held.values().forEach(out::addAll);
      held.clear();
      heldCount = 0;
    }
    return out;
  }

  /** The runs of the symbols whose backfill ended, with their records of this poll: not split by the others'. */
  private void handOnEnded(Set<? extends Map<String, ?>> backfilling, List<SourceRecord> out) {
    for (final Iterator<Map.Entry<Map<String, ?>, List<SourceRecord>>> it = held.entrySet().iterator();
         it.hasNext(); ) {
      final Map.Entry<Map<String, ?>, List<SourceRecord>> run = it.next();
      if (!backfilling.contains(run.getKey())) {
        out.addAll(run.getValue());
        heldCount -= run.getValue().size();
        it.remove();
      }
    }
  }
}
