package io.tickflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class UntilStoppedTest {

  private static final Duration CHECK = Duration.ofMillis(1);

  @Test
  void shouldReportAFailureWhenTheStreamsClientFailsForGood() throws Exception {
    AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    Thread failing = new Thread(() -> {
      state.set(State.REBALANCING);
      state.set(State.PENDING_ERROR);
      state.set(State.ERROR);
    });
    failing.start();

    assertThat(UntilStopped.await(new CountDownLatch(1), state::get, CHECK)).isEqualTo(UntilStopped.STREAMS_FAILED);
    failing.join();
  }

  @Test
  void shouldEndNormallyWhenStoppedEvenWhileTheClientShutsDown() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<State> state = new AtomicReference<>(State.PENDING_SHUTDOWN);
    Thread stopping = new Thread(() -> {
      state.set(State.NOT_RUNNING);
      stopped.countDown();
    });
    stopping.start();

    assertThat(UntilStopped.await(stopped, state::get, CHECK)).isEqualTo(UntilStopped.STOPPED);
    stopping.join();
  }

  @Test
  void shouldWaitForTheStopWhenNoStreamsClientRuns() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    stopped.countDown();

    assertThat(UntilStopped.await(stopped, null, CHECK)).isEqualTo(UntilStopped.STOPPED);
  }
}
