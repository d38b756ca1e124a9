package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A standby's lag bounds what it may answer only if it was measured after the request arrived; and since each measure
 * asks the broker, requests that wait together share one.
 */
class ChangelogLagsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final AtomicInteger measures = new AtomicInteger();
  private final CountDownLatch firstStarted = new CountDownLatch(1);
  private final CountDownLatch releaseFirst = new CountDownLatch(1);
  /** Each measure says which one it is, as the lag of store "measure", partition 0. */
  private final ChangelogLags lags = new ChangelogLags(() -> {
    int measure = measures.incrementAndGet();
    if (measure == 1) {
      firstStarted.countDown();
      awaitUninterruptibly(releaseFirst);
    }
    return Map.of("measure", Map.of(0, (long) measure));
  }, WAIT);

  @Test
  void shouldGiveUpOnABrokerThatDoesNotAnswerAndMeasureAgainOnceItDoes() throws Exception {
    ChangelogLags hanging = new ChangelogLags(lags::measuredSinceNow, Duration.ofMillis(200));

    assertThatThrownBy(hanging::measuredSinceNow).isInstanceOf(StreamsException.class)
        .hasMessageContaining("No measure of the changelog lags within PT0.2S");
    // Not queued behind it: Kafka Streams would wait up to a minute for the broker.
    assertThatThrownBy(hanging::measuredSinceNow).isInstanceOf(StreamsException.class)
        .hasMessageContaining("still waits for the broker");

    releaseFirst.countDown();
    await().atMost(WAIT).untilAsserted(() -> assertThat(measureOf(hanging.measuredSinceNow())).isEqualTo(2));
  }

  /** What the calls started by {@link #startCall()} got. */
  private final List<Long> laterResults = new CopyOnWriteArrayList<>();

  @AfterEach
  void release() {
    releaseFirst.countDown();
  }

  @Test
  void shouldMeasureAgainForEachCallThatFindsNoMeasureWaiting() {
    releaseFirst.countDown();

    assertThat(measureOf(lags.measuredSinceNow())).isEqualTo(1);
    assertThat(measureOf(lags.measuredSinceNow())).isEqualTo(2);
  }

  @Test
  void shouldAnswerACallThatArrivesDuringAMeasureWithTheNextOne() throws Exception {
    CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> measureOf(lags.measuredSinceNow()));
    assertThat(firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Thread second = startCall();
    awaitWaiting(second);

    releaseFirst.countDown();

    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    second.join(WAIT.toMillis());
    assertThat(laterResults).containsExactly(2L);
  }

  @Test
  void shouldShareOneMeasureAmongTheCallsThatWaitedForIt() throws Exception {
    CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> measureOf(lags.measuredSinceNow()));
    assertThat(firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Thread second = startCall();
    Thread third = startCall();
    awaitWaiting(second);
    awaitWaiting(third);

    releaseFirst.countDown();

    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    second.join(WAIT.toMillis());
    third.join(WAIT.toMillis());
    assertThat(laterResults).containsExactly(2L, 2L);
    assertThat(measures).hasValue(2);
  }

  private Thread startCall() {
    Thread call = new Thread(() -> laterResults.add(measureOf(lags.measuredSinceNow())));
    call.start();
    return call;
  }

  /** Until the thread waits for the measure in progress (parked on its lock). */
  private static void awaitWaiting(Thread thread) {
    await().atMost(WAIT).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
  }

  private static long measureOf(Map<String, Map<Integer, Long>> lags) {
    return lags.get("measure").get(0);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
