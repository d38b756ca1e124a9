package io.tickflow.query.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * How far this instance's store partitions are behind the ends of their changelogs, as Kafka Streams measures it
 * ({@code KafkaStreams.allLocalStorePartitionLags()}, KIP-535). Each measure asks the broker for the changelogs' end
 * offsets, so concurrent callers share one: a caller gets the first measure that began after it called, which bounds
 * the lag as of a moment after its request arrived, while the broker sees at most one measure at a time however many
 * requests wait. Kafka Streams waits for the broker without a bound of its own (up to the admin client's
 * {@code default.api.timeout.ms}, a minute), so a caller waits at most {@code timeout} and a measure still hanging
 * from before makes callers fail at once rather than queue behind it. Thread-safe.
 */
final class ChangelogLags {

  /** Threads of the measures: at most one at a time, and none kept once idle. */
  private static final ExecutorService MEASURES = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "tickflow-changelog-lags");
    thread.setDaemon(true);
    return thread;
  });

  private final Supplier<Map<String, Map<Integer, Long>>> measure;
  private final long timeoutNanos;
  /** Callers so far; a measure that begins when it is n answers callers 1 to n. */
  private final AtomicLong calls = new AtomicLong();
  private final ReentrantLock measuring = new ReentrantLock();
  /** Guarded by {@link #measuring}. */
  private long answered;
  /** Guarded by {@link #measuring}. */
  private Map<String, Map<Integer, Long>> latest = Map.of();
  /** The last measure started; guarded by {@link #measuring}. */
  private CompletableFuture<Map<String, Map<Integer, Long>>> running = CompletableFuture.completedFuture(Map.of());

  /**
   * @param measure store name to partition to records behind, of every store partition this instance hosts
   * @param timeout how long a caller waits for a measure, its turn included
   */
  ChangelogLags(Supplier<Map<String, Map<Integer, Long>>> measure, Duration timeout) {
    this.measure = measure;
    this.timeoutNanos = timeout.toNanos();
  }

  /** The lags of a bound Kafka Streams client's stores. */
  static ChangelogLags of(StreamsBinding binding, Duration timeout) {
    return new ChangelogLags(() -> binding.require().allLocalStorePartitionLags().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, store -> offsetLags(store.getValue()))), timeout);
  }

  private static Map<Integer, Long> offsetLags(Map<Integer, LagInfo> partitions) {
    return partitions.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        partition -> partition.getValue().offsetLag()));
  }

  /**
   * Store name to partition to records behind, measured after this call began.
   *
   * @throws StreamsException when no such measure comes within the timeout, or it fails
   */
  Map<String, Map<Integer, Long>> measuredSinceNow() {
    long call = calls.incrementAndGet();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      if (!measuring.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new StreamsException("No measure of the changelog lags within " + Duration.ofNanos(timeoutNanos));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("Interrupted while waiting for a measure of the changelog lags", e);
    }
    try {
      if (answered < call) {
        if (!running.isDone()) {
          throw new StreamsException("A measure of the changelog lags still waits for the broker");
        }
        long upTo = calls.get();
        running = CompletableFuture.supplyAsync(measure, MEASURES);
        latest = running.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        answered = upTo;
      }
      return latest;
    } catch (TimeoutException e) {
      throw new StreamsException("No measure of the changelog lags within " + Duration.ofNanos(timeoutNanos), e);
    } catch (ExecutionException e) {
      throw new StreamsException("The measure of the changelog lags failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("Interrupted while measuring the changelog lags", e);
    } finally {
      measuring.unlock();
    }
  }
}
