package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.streams.ProcessingTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness over a real Kafka Streams client that is never started (no broker needed): a client that
 * is starting is alive but not ready; one that has stopped is neither, so an orchestrator restarts the instance.
 * A RUNNING client's readiness also waits for its active tasks' processors, followed here with a given state and
 * active tasks, as a client without a broker never runs.
 */
class StreamsHealthTest {

  private static final TaskId BARS = new TaskId(1, 0);
  private static final TaskId QUOTES = new TaskId(2, 0);

  @TempDir
  Path stateDir;

  private final StreamsHealth health = new StreamsHealth();
  private final ProcessingTasks tasks = new ProcessingTasks();
  private KafkaStreams streams;

  @BeforeEach
  void create() {
    streams = BrokerlessStreams.create("streams-health-test", stateDir);
  }

  @AfterEach
  void close() {
    streams.close(Duration.ofSeconds(5));
  }

  @Test
  void shouldBeLiveButNotReadyWhenStreamsIsNotBoundYet() {
    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isFalse();
    assertThat(health.details()).containsEntry("streams", "NOT_STARTED");
  }

  @Test
  void shouldBeLiveButNotReadyWhenStreamsIsCreated() {
    health.register(streams, tasks);

    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isFalse();
    assertThat(health.details()).containsEntry("streams", "CREATED").containsEntry("tasksNotProcessing", List.of());
  }

  /**
   * The stale-feed monitor reads the alerts topic again when the count moves: every change of ownership comes with
   * changes of state (a rebalance), here the two of a close, CREATED to PENDING_SHUTDOWN to NOT_RUNNING.
   */
  @Test
  void shouldCountTheChangesOfState() {
    health.register(streams, tasks);
    long created = health.stateChanges();

    streams.close(Duration.ofSeconds(5));

    assertThat(created).isZero();
    // The listener runs after the state is set, outside the lock close() waits on: it may come just after.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(health.stateChanges()).isEqualTo(2));
  }

  @Test
  void shouldBeNeitherLiveNorReadyWhenStreamsHasStopped() {
    health.register(streams, tasks);

    streams.close(Duration.ofSeconds(5));

    assertThat(health.live()).isFalse();
    assertThat(health.ready()).isFalse();
    assertThat(health.details()).containsEntry("streams", "NOT_RUNNING");
  }

  @Test
  void shouldBeReadyWhileEveryActiveTaskProcesses() {
    followRunning(Set.of(BARS, QUOTES));
    TrackedTasks.started(tasks, BARS);
    TrackedTasks.started(tasks, QUOTES);

    assertThat(health.ready()).isTrue();
    assertThat(health.details()).containsEntry("streams", "RUNNING").containsEntry("tasksNotProcessing", List.of());
  }

  /** A task closed dirty (corrupted) closes its processors, then is wiped, and only then starts restoring. */
  @Test
  void shouldNotBeReadyWhileAnActiveTasksProcessorsAreClosed() {
    followRunning(Set.of(BARS, QUOTES));
    Processor<String, String, Void, Void> bars = TrackedTasks.started(tasks, BARS);
    Processor<String, String, Void, Void> quotes = TrackedTasks.started(tasks, QUOTES);

    quotes.close();
    bars.close();

    assertThat(health.ready()).isFalse();
    assertThat(health.details()).containsEntry("streams", "RUNNING").containsEntry("storesRestoring", List.of())
        .containsEntry("tasksNotProcessing", List.of("1_0", "2_0"));
  }

  @Test
  void shouldBeReadyAgainOnceTheRevivedTaskProcesses() {
    followRunning(Set.of(BARS, QUOTES));
    TrackedTasks.started(tasks, BARS).close();
    TrackedTasks.started(tasks, QUOTES);

    TrackedTasks.started(tasks, BARS);

    assertThat(health.ready()).isTrue();
  }

  @Test
  void shouldIgnoreAStoppedTaskThatMovedToAnotherInstance() {
    Set<TaskId> active = new HashSet<>(Set.of(BARS, QUOTES));
    health.follow(() -> KafkaStreams.State.RUNNING, () -> Set.copyOf(active), tasks);
    TrackedTasks.started(tasks, BARS).close();
    TrackedTasks.started(tasks, QUOTES);

    active.remove(BARS);

    assertThat(health.ready()).isTrue();
  }

  /** A caller waiting for readiness wakes when the revived task's processors start, not at its timeout. */
  @Test
  void shouldWakeAWaitingCallerWhenTheLastTaskStartsProcessing() {
    followRunning(Set.of(BARS));
    TrackedTasks.started(tasks, BARS).close();
    AtomicReference<Thread> waiter = new AtomicReference<>();
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      waiter.set(Thread.currentThread());
      try {
        return health.awaitReady(Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> waiter.get() != null
        && waiter.get().getState() == Thread.State.TIMED_WAITING);

    TrackedTasks.started(tasks, BARS);

    assertThat(ready).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
  }

  private void followRunning(Set<TaskId> active) {
    health.follow(() -> KafkaStreams.State.RUNNING, () -> active, tasks);
  }
}
