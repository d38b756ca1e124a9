package io.tickflow.connect.dtc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a task's records while any of its symbols backfills, and hands them on symbol by symbol once none does.
 *
 * <p>After a reconnect every symbol asks for its history at once. Written as they came, the answers, and the live
 * trades of the symbols already caught up, would interleave in a partition; the Streams app would take a symbol
 * whose history lags the others' newer trades by more than {@code bars.idle.ms} for idle, close its bars, and
 * dead-letter the rest of that history as late. Handed on in one run per symbol (its history, then its live data),
 * each history is read as files imported one after another are: whole.
 *
 * <p>Everything of a symbol is held, not only its trades: quotes and depth carry the symbol's source offset, which
 * must never pass a trade not handed on yet. Each symbol's records keep their order, so its offsets only grow. A
 * task stopped meanwhile loses nothing: the offsets handed on are older, and its next start backfills from them.
 * More than {@code maxHeld} records (a very long history) are handed on as they stand, a run per symbol so far, and
 * counted: the rest of the round may interleave again. Poll thread only.
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
   * @param records what the symbols published in this poll, in order
   * @param backfilling whether any symbol of the task is waiting for the end of a historical answer
   */
  List<SourceRecord> pass(List<SourceRecord> records, boolean backfilling) {
    if (maxHeld == 0 || !backfilling && held.isEmpty()) {
      return records;
    }
    for (final SourceRecord record : records) {
      held.computeIfAbsent(record.sourcePartition(), partition -> new ArrayList<>()).add(record);
    }
    heldCount += records.size();
    if (backfilling && heldCount <= maxHeld) {
      return List.of();
    }
    if (backfilling) {
      metrics.backfillRoundsSplit.incrementAndGet();
      log.warn("Backfills still running, but {} records are held (backfill.round.max.records): written as they"
          + " stand; the histories still to come may interleave with the others' newer trades", heldCount);
    }
    final List<SourceRecord> out = new ArrayList<>(heldCount);
    held.values().forEach(out::addAll);
    held.clear();
    heldCount = 0;
    return out;
  }
}
