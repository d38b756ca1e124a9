package io.tickflow.query.streams;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.LagInfo;

/**
 * How far this instance's store partitions are behind the ends of their changelogs, as Kafka Streams measures it
 * ({@code KafkaStreams.allLocalStorePartitionLags()}, KIP-535). Each measure asks the broker for the changelogs' end
 * offsets, so concurrent callers share one: a caller gets the first measure that began after it called, which bounds
 * the lag as of a moment after its request arrived, while the broker sees at most one measure at a time however many
 * requests wait. Thread-safe.
 */
final class ChangelogLags {

  private final Supplier<Map<String, Map<Integer, Long>>> measure;
  /** Callers so far; a measure that begins when it is n answers callers 1 to n. */
  private final AtomicLong calls = new AtomicLong();
  private final ReentrantLock measuring = new ReentrantLock();
  /** Guarded by {@link #measuring}. */
  private long answered;
  /** Guarded by {@link #measuring}. */
  private Map<String, Map<Integer, Long>> latest = Map.of();

  /** @param measure store name to partition to records behind, of every store partition this instance hosts */
  ChangelogLags(Supplier<Map<String, Map<Integer, Long>>> measure) {
    this.measure = measure;
  }

  /** The lags of a bound Kafka Streams client's stores. */
  static ChangelogLags of(StreamsBinding binding) {
    return new ChangelogLags(() -> binding.require().allLocalStorePartitionLags().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, store -> offsetLags(store.getValue()))));
  }

  private static Map<Integer, Long> offsetLags(Map<Integer, LagInfo> partitions) {
    return partitions.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        partition -> partition.getValue().offsetLag()));
  }

  /** Store name to partition to records behind, measured after this call began. */
  Map<String, Map<Integer, Long>> measuredSinceNow() {
    long call = calls.incrementAndGet();
    measuring.lock();
    try {
      if (answered < call) {
        long upTo = calls.get();
        latest = measure.get();
        answered = upTo;
      }
      return latest;
    } finally {
      measuring.unlock();
    }
  }
}
