package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** A standby answers only within the limit, for each partition a read touches, measured once per read. */
class StandbyLimitTest {

  private static final String BARS = "tickflow-bars-1m";
  private static final String STATE = "tickflow-symbol-state";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final AtomicInteger measures = new AtomicInteger();
  /** Partition 0 of the bar store caught up (the commit marker), partition 1 restoring. */
  private final StandbyLimit limit = new StandbyLimit(new ChangelogLags(() -> {
    measures.incrementAndGet();
    return Map.of(BARS, Map.of(0, 1L, 1, 4_000L), STATE, Map.of(0, 0L, 1, 1_000L));
  }, TIMEOUT), 1_000);

  @Test
  void shouldRefuseAPartitionFurtherBehindThanTheLimitNamingIt() {
    assertThatThrownBy(() -> limit.forRead().require(BARS, 1))
        .isInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining(BARS + " partition 1 is 4000 records behind")
        .hasMessageContaining("query.standby.max.lag = 1000");
  }

  @Test
  void shouldAnswerFromPartitionsWithinTheLimitItsBoundIncluded() {
    StandbyLimit.Check check = limit.forRead();

    assertThatCode(() -> {
      check.require(BARS, 0);
      check.require(STATE, 1);
      check.require(STATE, null);
    }).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAReadOfAllPartitionsWhenOneIsBehind() {
    assertThatThrownBy(() -> limit.forRead().require(BARS, null)).isInstanceOf(InvalidStateStoreException.class);
  }

  @Test
  void shouldLeaveAStoreWithoutChangelogToKafkaStreams() {
    assertThatCode(() -> limit.forRead().require("tickflow-in-memory", 1)).doesNotThrowAnyException();
  }

  @Test
  void shouldMeasureOncePerReadAndAgainForTheNext() {
    StandbyLimit.Check read = limit.forRead();
    read.require(BARS, 0);
    read.require(STATE, 0);
    assertThat(measures).hasValue(1);

    limit.forRead().require(BARS, 0);
    assertThat(measures).hasValue(2);
  }

  @Test
  void shouldRefuseTheReadWhenTheLagCannotBeMeasured() {
    StandbyLimit unmeasurable = new StandbyLimit(new ChangelogLags(() -> {
      throw new StreamsException("Error while attempting to read end offsets");
    }, TIMEOUT), 1_000);

    assertThatThrownBy(() -> unmeasurable.forRead().require(BARS, 0))
        .isInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining("Cannot measure how far the standby replicas are behind");
  }
}
