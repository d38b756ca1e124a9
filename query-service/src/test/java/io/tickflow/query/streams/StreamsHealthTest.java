package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness over a real Kafka Streams client that is never started (no broker needed): a client that
 * is starting is alive but not ready; one that has stopped is neither, so an orchestrator restarts the instance.
 */
class StreamsHealthTest {

  @TempDir
  Path stateDir;

  private final StreamsHealth health = new StreamsHealth();
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
    health.register(streams);

    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isFalse();
    assertThat(health.details()).containsEntry("streams", "CREATED");
  }

  /**
   * The stale-feed monitor reads the alerts topic again when the count moves: every change of ownership comes with
   * changes of state (a rebalance), here the two of a close, CREATED to PENDING_SHUTDOWN to NOT_RUNNING.
   */
  @Test
  void shouldCountTheChangesOfState() {
    health.register(streams);
    long created = health.stateChanges();

    streams.close(Duration.ofSeconds(5));

    assertThat(created).isZero();
    // The listener runs after the state is set, outside the lock close() waits on: it may come just after.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(health.stateChanges()).isEqualTo(2));
  }

  @Test
  void shouldBeNeitherLiveNorReadyWhenStreamsHasStopped() {
    health.register(streams);

    streams.close(Duration.ofSeconds(5));

    assertThat(health.live()).isFalse();
    assertThat(health.ready()).isFalse();
    assertThat(health.details()).containsEntry("streams", "NOT_RUNNING");
  }
}
