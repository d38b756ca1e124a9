package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: after an application reset (Kafka's reset tool plus wiping local state), replaying the raw topics from
 * scratch writes final bars byte-identical to the first run, record by record in each partition.
 */
class ReplayDeterminismIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  private static final int SYMBOLS = 6;
  private static final String APPLICATION_ID = "replay";


  @TempDir
  Path workDir;

  @Test
  void shouldWriteByteIdenticalFinalBarsWhenReplayedFromScratch() {
    List<Trade> input = new ArrayList<>(TradeScenario.generate(7, 20_000, SYMBOLS, START));
    input.addAll(TradeScenario.closing(SYMBOLS, START));
    int expected = ReferenceBars.finals(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES, StreamsRig.GRACE,
        StreamsRig.IDLE).size();
    StreamsRig.produce(broker, input);
    runUntilFinalBars(workDir.resolve("state-first-run"), expected);
    StreamsRig.resetApplication(broker, APPLICATION_ID);
    // A fresh state directory: the local part of an application reset.
    runUntilFinalBars(workDir.resolve("state-replay"), 2 * expected);

    List<ConsumerRecord<byte[], byte[]>> finalBars = StreamsRig.read(broker, TickflowTopics.BARS_FINAL);
    assertThat(finalBars).hasSize(2 * expected);
    StreamsRig.assertReplayedByteIdentically(finalBars);
  }

  private static void runUntilFinalBars(Path stateDir, int count) {
    StreamsAppConfig config = new StreamsAppConfig(StreamsRig.appSettings(broker, APPLICATION_ID, stateDir));
    try (StreamsApp app = StreamsApp.start(config)) {
      StreamsRig.awaitCount(broker, TickflowTopics.BARS_FINAL, count, Duration.ofSeconds(60));
    }
  }
}
