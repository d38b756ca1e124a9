package io.tickflow.query.streams;

import io.tickflow.query.QueryServiceHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Health over Kafka Streams: ready when the client is RUNNING and no active store is restoring; live until the
 * client has stopped for good (ERROR after a stream thread failed, or shut down). Registered on
 * the client before it starts (state and restore listeners). Thread-safe; {@link #awaitReady} waits on the
 * listeners' notifications rather than polling.
 */
public final class StreamsHealth implements QueryServiceHealth {

  private final Set<String> restoring = ConcurrentHashMap.newKeySet();
  private final AtomicLong stateChanges = new AtomicLong();
  private final Object changed = new Object();
  private volatile KafkaStreams streams;

  /** Follows {@code streams}: installs the listeners; call before {@code KafkaStreams#start()}. */
  public void register(KafkaStreams streams) {
    this.streams = streams;
    streams.setStateListener((newState, oldState) -> {
      stateChanges.incrementAndGet();
      signal();
    });
    streams.setGlobalStateRestoreListener(new RestoreTracker());
  }

  @Override
  public boolean live() {
    return state().map(state -> state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing())
        .orElse(true);
  }

  @Override
  public boolean ready() {
    return state().filter(state -> state == KafkaStreams.State.RUNNING).isPresent() && restoring.isEmpty();
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("streams", state().map(Enum::name).orElse("NOT_STARTED"));
    details.put("storesRestoring", List.copyOf(new TreeSet<>(restoring)));
    return details;
  }

  /**
   * Waits until ready.
   *
   * @return false when not ready after {@code timeout}
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (!ready()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * How many times the client changed state: the partitions an instance owns change only in a rebalance, which every
   * member of the group enters and leaves (REBALANCING, then RUNNING), so that an unchanged count means that the owners
   * of the keys, as the metadata told them before and after, are unchanged.
   */
  public long stateChanges() {
    return stateChanges.get();
  }

  private Optional<KafkaStreams.State> state() {
    return Optional.ofNullable(streams).map(KafkaStreams::state);
  }

  private void signal() {
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  /** Tracks the active stores being restored, as {@code store-partition}. */
  private final class RestoreTracker implements StateRestoreListener {

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
      restoring.add(store + "-" + partition.partition());
      signal();
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
      // progress only
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
      restoring.remove(store + "-" + partition.partition());
      signal();
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
      // The task moved away mid-restore: it no longer blocks this instance's readiness.
      restoring.remove(store + "-" + partition.partition());
      signal();
    }
  }
}
