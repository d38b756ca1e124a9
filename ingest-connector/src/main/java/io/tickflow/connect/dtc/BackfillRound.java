package io.tickflow.connect.dtc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While symbols backfill, hands the task's records on merged in time, as the market made them, never ahead of a
 * history still to come.
 *
 * <p>After a reconnect (or a start) every symbol asks for its history at once, and the answers come in parts, one
 * symbol's after another's. Written as they came, one symbol's history would move the partition's stream time past
 * the bars another symbol had open when the connection dropped, while that one's history, the trades of those bars,
 * was still on its way: the Streams app would take the silent symbol for idle after {@code bars.idle.ms}, close its
 * bars, and dead-letter its history as late. So every record is held in its symbol's run, in order, and handed on
 * through a merge of the runs by time, up to the watermark: the oldest time any backfilling symbol's history has
 * reached. A trade's time is its event time; any other record (quote, depth, definition) goes with the trade before
 * it in its run, so a symbol's records keep their order and its source offsets only grow. A task stopped meanwhile
 * loses nothing: the offsets handed on are older, and its next start backfills from them.
 *
 * <p>Live data waits while a history lags (at most {@code backfill.timeout.ms}). More than {@code maxHeld} records
 * held (a history far behind the others, or one that has not begun) are handed on as they stand, merged, and
 * counted: what of the histories comes after may be late. Poll thread only.
 */
final class BackfillRound {

  private static final Logger log = LoggerFactory.getLogger(BackfillRound.class);

  private final int maxHeld;
  private final String tradesTopic;
  private final TaskMetrics metrics;
  private final Map<Map<String, ?>, Run> runs = new LinkedHashMap<>();
  /** The newest trade time (epoch ms) of each symbol in the round so far: where its history has reached. */
  private final Map<Map<String, ?>, Long> reached = new HashMap<>();
  private int heldCount;

  /**
   * @param maxHeld     records held at most before they are handed on; 0 holds nothing (records go as they come)
   * @param tradesTopic the topic of the trades, whose event times order the merge
   */
  BackfillRound(int maxHeld, String tradesTopic, TaskMetrics metrics) {
    this.maxHeld = maxHeld;
    this.tradesTopic = tradesTopic;
    this.metrics = metrics;
  }

  /**
   * The records of one poll that go to Connect now.
   *
   * @param records     what the symbols published in this poll, in order
   * @param backfilling the source partitions of the symbols waiting for the end of a historical answer
   * @param backfilled  whether any symbol waited for one during the poll (answers may come within one poll)
   */
  List<SourceRecord> pass(List<SourceRecord> records, Set<? extends Map<String, ?>> backfilling,
                          boolean backfilled) {
    if (maxHeld == 0 || !backfilled && heldCount == 0) {
      runs.clear();
      reached.clear();
      return records;
    }
    for (final SourceRecord record : records) {
      hold(record);
    }
    long watermark = watermark(backfilling);
    if (heldCount > maxHeld && !backfilling.isEmpty()) {
      metrics.backfillRoundsSplit.incrementAndGet();
      log.warn("Backfills still running, but {} records are held (backfill.round.max.records): written as they"
          + " stand; trades of the histories still to come may be late for bars already final", heldCount);
      watermark = Long.MAX_VALUE;
    }
    return handOn(watermark);
  }

  private void hold(SourceRecord record) {
    final Map<String, ?> partition = record.sourcePartition();
    long time = reached.getOrDefault(partition, Long.MIN_VALUE);
    if (record.topic().equals(tradesTopic) && record.timestamp() != null) {
      time = Math.max(time, record.timestamp());
      reached.put(partition, time);
    }
    runs.computeIfAbsent(partition, p -> new Run(runs.size())).records.add(new Held(record, time));
    heldCount++;
  }

  /** The oldest time the backfilling symbols' histories have reached: none of their trades to come is older. */
  private long watermark(Set<? extends Map<String, ?>> backfilling) {
    long watermark = Long.MAX_VALUE;
    for (final Map<String, ?> partition : backfilling) {
      watermark = Math.min(watermark, reached.getOrDefault(partition, Long.MIN_VALUE));
    }
    return watermark;
  }

  /** Merges the runs' records up to the watermark, oldest first, each run in its order. */
  private List<SourceRecord> handOn(long watermark) {
    final PriorityQueue<Run> heads = new PriorityQueue<>(
        Comparator.comparingLong((Run run) -> run.records.getFirst().time).thenComparingInt(run -> run.order));
    for (final Run run : runs.values()) {
      if (!run.records.isEmpty() && run.records.getFirst().time <= watermark) {
        heads.add(run);
      }
    }
    final List<SourceRecord> out = new ArrayList<>();
    while (!heads.isEmpty()) {
      final Run run = heads.poll();
      out.add(run.records.removeFirst().record);
      if (!run.records.isEmpty() && run.records.getFirst().time <= watermark) {
        heads.add(run);
      }
    }
    heldCount -= out.size();
    return out;
  }

  /** A held record and the time it is merged at. */
  private record Held(SourceRecord record, long time) {
  }

  /** One symbol's held records, in order; {@code order} breaks ties between runs as they first came. */
  private static final class Run {
    final ArrayDeque<Held> records = new ArrayDeque<>();
    final int order;

    Run(int order) {
      this.order = order;
    }
  }
}
