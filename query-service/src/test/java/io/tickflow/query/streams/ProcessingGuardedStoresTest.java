package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.streams.ProcessingTasks;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No partitioned read is answered while an active task of the instance is not processing, nor when one started or
 * stopped during the read: a task revived after corruption is wiped and restored while its thread stays RUNNING, and
 * Kafka Streams answers from it.
 */
class ProcessingGuardedStoresTest {

  private static final TaskId BARS = new TaskId(1, 0);
  private static final TaskId QUOTES = new TaskId(2, 0);

  private final ProcessingTasks tasks = new ProcessingTasks();
  private final Set<TaskId> active = new HashSet<>(Set.of(BARS, QUOTES));
  private final StoreSource guarded = new ProcessingGuardedStores(new SettledSource(), tasks, () -> Set.copyOf(active));
  private Processor<String, String, Void, Void> bars;

  @BeforeEach
  void startTasks() {
    bars = started(BARS);
    started(QUOTES);
  }

  @Test
  void shouldAnswerWhileEveryActiveTaskProcesses() {
    assertThat(guarded.settled(() -> "bars")).isEqualTo("bars");
  }

  @Test
  void shouldRefuseAReadWhileAnActiveTaskIsStopped() {
    bars.close();
    AtomicBoolean read = new AtomicBoolean();

    assertThatThrownBy(() -> guarded.settled(() -> read.getAndSet(true)))
        .isInstanceOf(InvalidStateStoreException.class).hasMessage("Task 1_0 is restoring its stores");
    assertThat(read).isFalse();
  }

  @Test
  void shouldRefuseAReadDuringWhichATaskStopped() {
    assertThatThrownBy(() -> guarded.settled(() -> {
      bars.close();
      return "bars";
    })).isInstanceOf(InvalidStateStoreException.class).hasMessageContaining("during the read");
  }

  @Test
  void shouldAnswerAgainOnceTheRevivedTaskProcesses() {
    bars.close();

    started(BARS);

    assertThat(guarded.settled(() -> "bars")).isEqualTo("bars");
  }

  @Test
  void shouldIgnoreAStoppedTaskThatMovedToAnotherInstance() {
    bars.close();
    active.remove(BARS);

    assertThat(guarded.settled(() -> "quotes")).isEqualTo("quotes");
  }

  private Processor<String, String, Void, Void> started(TaskId task) {
    return TrackedTasks.started(tasks, task);
  }

  /** A source whose stores never move; its lookups are not used here. */
  private static final class SettledSource implements StoreSource {
    @Override
    public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoreLookup local(ReadMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoreLookup global() {
      throw new UnsupportedOperationException();
    }
  }
}
