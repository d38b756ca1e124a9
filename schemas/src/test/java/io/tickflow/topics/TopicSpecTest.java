package io.tickflow.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  private static final String TIMESTAMP_TYPE = "message.timestamp.type";

  @Test
  void shouldStampAppendTimeWhenRetentionIsFinite() {
    TopicSpec spec = new TopicSpec("t", 1, (short) 1, "delete", Duration.ofDays(30), "symbol", "Trade");

    assertThat(spec.configs()).containsExactly(entry("cleanup.policy", "delete"), entry("retention.ms", "2592000000"),
        entry(TIMESTAMP_TYPE, "LogAppendTime"));
  }

  @Test
  void shouldKeepCreateTimeWhenRecordsAreKeptForever() {
    TopicSpec spec = new TopicSpec("t", 1, (short) 1, "delete", null, "symbol", "Bar");

    assertThat(spec.configs()).containsExactly(entry("cleanup.policy", "delete"), entry("retention.ms", "-1"));
  }

  @Test
  void shouldStampAppendTimeOnEveryTopicThatHoldsOldEventTimesWhenReplayingHistory() {
    for (String topic : List.of(TickflowTopics.RAW_TRADES, TickflowTopics.RAW_QUOTES, TickflowTopics.RAW_DEPTH,
        TickflowTopics.TRADES, TickflowTopics.BARS_LIVE, TickflowTopics.DEAD_LETTER)) {
      assertThat(TickflowTopics.byName(topic).orElseThrow().configs()).as(topic)
          .containsEntry(TIMESTAMP_TYPE, "LogAppendTime");
    }
    assertThat(TickflowTopics.byName(TickflowTopics.BARS_FINAL).orElseThrow().configs())
        .doesNotContainKey(TIMESTAMP_TYPE);
  }
}
