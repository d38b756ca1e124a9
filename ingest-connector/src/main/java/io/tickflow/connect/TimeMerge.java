package io.tickflow.connect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a source task's records on merged in time while some of its sources are behind (a DTC symbol fetching the
 * history of a gap, a Sierra Chart file being caught up), never ahead of what those still have to write.
 *
 * <p>Sources that share a Kafka partition must reach it as the market made their records. Written source after
 * source, one source's catch-up would move the partition's stream time past the bars another had open when the feed
 * stopped, while that one's catch-up, the trades of those very bars, was still to come: the Streams app would take the
 * silent source's instrument for idle after {@code bars.idle.ms}, close its bars, and dead-letter its catch-up as
 * late. So every record is held in its source's run, in order, and handed on through a merge of the runs by time, up
 * to the watermark: the oldest time any source still behind has reached. A trade's time is its event time; any other
 * record (quote, depth, definition) goes with the trade before it in its run, so each source's records keep their
 * order and its offsets only grow. A task stopped meanwhile loses nothing: the offsets handed on are older, and its
 * next start reads from them again.
 *
 * <p>Sources caught up wait while another lags. More than {@code maxHeld} records held (a source far behind the
 * others, or one that has not begun) are handed on as they stand, merged, and counted: what the sources behind write
 * after that may be late. Poll thread only.
 */
public final class TimeMerge {

  private static final Logger log = LoggerFactory.getLogger(TimeMerge.class);

  private final int maxHeld;
  private final String limitKey;
  private final String tradesTopic;
  private final AtomicLong splits;
  private final Map<Map<String, ?>, Run> runs = new LinkedHashMap<>();
  /** The newest trade time (epoch ms) of each source in the merge so far: where it has reached. */
  private final Map<Map<String, ?>, Long> reached = new HashMap<>();
  private int heldCount;

  /**
   * @param maxHeld     records held at most before they are handed on; 0 holds nothing (records go as they come)
   * @param limitKey    the configuration key of {@code maxHeld}, for the warning
   * @param tradesTopic the topic of the trades, whose event times order the merge
   * @param splits      counts the times {@code maxHeld} was passed
   */
  public TimeMerge(int maxHeld, String limitKey, String tradesTopic, AtomicLong splits) {
    this.maxHeld = maxHeld;
    this.limitKey = limitKey;
    this.tradesTopic = tradesTopic;
    this.splits = splits;
  }

  /**
   * The records of one poll that go to Connect now.
   *
   * @param records what the sources published in this poll, in order
   * @param behind  the source partitions still behind after the poll, whose records to come may be older than others'
   * @param active  whether any source was behind during the poll (a catch-up may begin and end within one poll)
   */
  public List<SourceRecord> pass(List<SourceRecord> records, Set<? extends Map<String, ?>> behind, boolean active) {
    if (maxHeld == 0 || !active && heldCount == 0) {
      runs.clear();
      reached.clear();
      return records;
    }
    if (heldCount == 0 && isTheOnlySource(records, behind)) {
      return passAlone(records); // nothing to merge with: a single file imported, one symbol backfilling
    }
    for (final SourceRecord record : records) {
      hold(record);
    }
    long watermark = watermark(behind);
    if (heldCount > maxHeld && !behind.isEmpty()) {
      splits.incrementAndGet();
      log.warn("{} records are held while sources catch up ({}): written as they stand; trades the sources behind"
          + " write after them may be late for bars already final", heldCount, limitKey);
      watermark = Long.MAX_VALUE;
    }
    return handOn(watermark);
  }

  /** Where the source has reached in the merge so far (epoch ms of its newest trade); none: {@link Long#MIN_VALUE}. */
  public long reached(Map<String, ?> partition) {
    return reached.getOrDefault(partition, Long.MIN_VALUE);
  }

  /** The oldest time the sources behind have reached: none of their trades to come is older. */
  public long watermark(Set<? extends Map<String, ?>> behind) {
    long watermark = Long.MAX_VALUE;
    for (final Map<String, ?> partition : behind) {
      watermark = Math.min(watermark, reached(partition));
    }
    return watermark;
  }

  /** Whether every record is of one source, and no other is behind: its records go in their order, at once. */
  private static boolean isTheOnlySource(List<SourceRecord> records, Set<? extends Map<String, ?>> behind) {
    if (records.isEmpty()) {
      return false;
    }
    final Map<String, ?> source = records.get(0).sourcePartition();
    for (final SourceRecord record : records) {
      if (record.sourcePartition() != source && !record.sourcePartition().equals(source)) {
        return false;
      }
    }
    return behind.isEmpty() || behind.size() == 1 && behind.contains(source);
  }

  /** The records of the only source, as they are; its reach moves to its newest trade among them. */
  private List<SourceRecord> passAlone(List<SourceRecord> records) {
    final Map<String, ?> source = records.get(0).sourcePartition();
    long time = reached(source);
    for (final SourceRecord record : records) {
      time = Math.max(time, tradeTime(record));
    }
    if (time != Long.MIN_VALUE) {
      reached.put(source, time);
    }
    return records;
  }

  /** Holds the record in its source's run at its time: a trade's own, any other record its source's newest trade's. */
  private void hold(SourceRecord record) {
    final Map<String, ?> partition = record.sourcePartition();
    long time = reached(partition);
    final long trade = tradeTime(record);
    if (trade > time) {
      time = trade;
      reached.put(partition, time);
    }
    runs.computeIfAbsent(partition, p -> new Run(runs.size())).records.add(new Held(record, time));
    heldCount++;
  }

  /** A trade's event time (epoch ms); {@link Long#MIN_VALUE} for any other record. */
  private long tradeTime(SourceRecord record) {
    return record.topic().equals(tradesTopic) && record.timestamp() != null ? record.timestamp() : Long.MIN_VALUE;
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

  /** One source's held records, in order; {@code order} breaks ties between runs as they first came. */
  private static final class Run {
    final ArrayDeque<Held> records = new ArrayDeque<>();
    final int order;

    Run(int order) {
      this.order = order;
    }
  }
}
