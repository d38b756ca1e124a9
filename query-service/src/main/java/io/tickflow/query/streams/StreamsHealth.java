package io.tickflow.query.streams;

import io.tickflow.query.QueryServiceHealth;
import io.tickflow.streams.ProcessingTasks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Health over Kafka Streams: ready when the client is RUNNING, no active store is restoring and every active task's
 * processors run ({@link ProcessingTasks}: its stores restored and not wiped, as {@link ProcessingGuardedStores} asks
 * of a read; a task closed dirty is wiped before its restoration starts); live until the client has stopped for good
 * (ERROR after a stream thread failed, or shut down). Registered on the client before it starts (state, restore and
 * tasks listeners). Thread-safe; {@link #awaitReady} waits on the listeners' notifications rather than polling.
 */
public final class StreamsHealth implements QueryServiceHealth {

  private final Set<String> restoring = ConcurrentHashMap.newKeySet();
  private final AtomicLong stateChanges = new AtomicLong();
  private final Object changed = new Object();
  /** Notifications so far, guarded by {@link #changed}. */
  private long signals;
  private volatile Client client;

  /**
   * Follows {@code streams} and the tasks its processors report to: installs the listeners; call before
   * {@code KafkaStreams#start()}.
   */
  public void register(KafkaStreams streams, ProcessingTasks tasks) {
    streams.setStateListener((newState, oldState) -> {
      stateChanges.incrementAndGet();
      signal();
    });
    streams.setGlobalStateRestoreListener(new RestoreTracker());
    follow(streams::state, () -> LocalTasks.active(streams), tasks);
  }

  /**
   * Reads the client's state and active tasks from these, and follows the tasks. {@link #register} in production;
   * tests give their own state, as a client without a broker never runs.
   */
  void follow(Supplier<KafkaStreams.State> state, Supplier<Set<TaskId>> activeTasks, ProcessingTasks tasks) {
    client = new Client(state, activeTasks, tasks);
    tasks.onChange(this::signal);
    signal();
  }

  @Override
  public boolean live() {
    return state().map(state -> state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing())
        .orElse(true);
  }

  @Override
  public boolean ready() {
    return state().filter(state -> state == KafkaStreams.State.RUNNING).isPresent() && restoring.isEmpty()
        && tasksNotProcessing().isEmpty();
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("streams", state().map(Enum::name).orElse("NOT_STARTED"));
    details.put("storesRestoring", List.copyOf(new TreeSet<>(restoring)));
    details.put("tasksNotProcessing", tasksNotProcessing().stream().map(TaskId::toString).toList());
    return details;
  }

  /**
   * Waits until ready.
   *
   * @return false when not ready after {@code timeout}
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // ready() is read outside the monitor: it takes Kafka Streams' locks, and stream threads signal from inside
      // their tasks' initialisation and close. A signal after the read shows as a changed count.
      long seen = signals();
      if (ready()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (changed) {
        if (signals == seen) {
          changed.wait(Math.max(1, left / 1_000_000));
        }
      }
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
    return Optional.ofNullable(client).map(followed -> followed.state().get());
  }

  /** The active tasks whose processors do not run, in order. */
  private List<TaskId> tasksNotProcessing() {
    Client followed = client;
    if (followed == null) {
      return List.of();
    }
    return followed.tasks().notWhole(followed.activeTasks().get());
  }

  private long signals() {
    synchronized (changed) {
      return signals;
    }
  }

  private void signal() {
    synchronized (changed) {
      signals++;
      changed.notifyAll();
    }
  }

  /** What readiness reads of the client. */
  private record Client(Supplier<KafkaStreams.State> state, Supplier<Set<TaskId>> activeTasks,
                        ProcessingTasks tasks) {
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
