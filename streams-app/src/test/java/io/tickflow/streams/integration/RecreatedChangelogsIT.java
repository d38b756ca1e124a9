package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Trade;
import io.tickflow.streams.ReferenceBars;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TradeScenario;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance whose local state outlived a reset of the application (`tickflow replay` run on another machine, or
 * Kafka's reset tool: changelogs deleted, recreated at the next start) wipes that state when it starts again, and
 * reprocesses the raw topics from it. Kafka Streams would keep it here: with {@code poll.ms} 0 its first restore poll
 * never brings back the fetch that finds the checkpoints past the recreated changelogs' ends, the kept dedup store
 * takes every trade for a duplicate, and no final bar is written again.
 */
class RecreatedChangelogsIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  private static final int SYMBOLS = 4;
  private static final String APPLICATION_ID = "recreated-changelogs";

  @TempDir
  Path workDir;

  @Test
  void shouldWipeTheLocalStateWhenTheChangelogsWereRecreatedSinceTheLastRun() throws Exception {
    List<Trade> input = new ArrayList<>(TradeScenario.generate(43, 4_000, SYMBOLS, START));
    input.addAll(TradeScenario.closing(SYMBOLS, START));
    int expected = ReferenceBars.finals(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES, StreamsRig.GRACE,
        StreamsRig.IDLE).size();
    StreamsRig.produce(broker, input);
    Path stateDir = workDir.resolve("state");
    Map<String, Object> settings = StreamsRig.appSettings(broker, APPLICATION_ID, stateDir);
    settings.put(StreamsConfig.POLL_MS_CONFIG, "0");
    runUntilFinalBars(settings, expected);
    Map<String, String> before = StreamsRig.rememberedChangelogIds(stateDir, APPLICATION_ID);

    StreamsRig.resetApplication(broker, APPLICATION_ID);
    await().atMost(StreamsRig.READ_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> StreamsRig.changelogIds(broker, APPLICATION_ID).isEmpty());
    runUntilFinalBars(settings, 2 * expected);

    List<ConsumerRecord<byte[], byte[]>> finalBars = StreamsRig.read(broker, TickflowTopics.BARS_FINAL);
    assertThat(finalBars).hasSize(2 * expected);
    StreamsRig.assertReplayedByteIdentically(finalBars);
    Map<String, String> after = StreamsRig.changelogIds(broker, APPLICATION_ID);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(after.values()).as("IDs of the recreated changelogs").doesNotContainAnyElementsOf(before.values());
    assertThat(StreamsRig.rememberedChangelogIds(stateDir, APPLICATION_ID)).isEqualTo(after);
  }

  private static void runUntilFinalBars(Map<String, Object> settings, int count) {
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      StreamsRig.awaitCount(broker, TickflowTopics.BARS_FINAL, count, Duration.ofSeconds(60));
      StreamsRig.awaitChangelogsRemembered(broker, Path.of((String) settings.get(StreamsConfig.STATE_DIR_CONFIG)),
          APPLICATION_ID);
    }
  }
}
