package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Bar;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: the Streams app is killed (SIGKILL of its JVM, no clean shutdown) in the middle of a stream and started
 * again; with exactly-once the final bars topic then holds every expected bar once, and the trades topic every
 * accepted trade once.
 */
class KillAndRestartIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  private static final int SYMBOLS = 8;


  @TempDir
  Path workDir;

  @Test
  void shouldLoseAndDuplicateNothingWhenKilledMidStream() throws Exception {
    List<Trade> scenario = TradeScenario.generate(42, 40_000, SYMBOLS, START);
    List<Trade> firstHalf = scenario.subList(0, scenario.size() / 2);
    List<Trade> secondHalf = new ArrayList<>(scenario.subList(scenario.size() / 2, scenario.size()));
    secondHalf.addAll(TradeScenario.closing(SYMBOLS, START));
    List<Trade> all = new ArrayList<>(firstHalf);
    all.addAll(secondHalf);
    Map<ReferenceBars.Key, Bar> expected = ReferenceBars.finals(all, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, StreamsRig.IDLE);
    List<Trade> accepted = ReferenceBars.accepted(all, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, StreamsRig.IDLE);
    Map<String, Object> settings = StreamsRig.appSettings(broker, "kill-restart", workDir.resolve("state"));

    StreamsRig.produce(broker, firstHalf);
    Process first = StreamsRig.startChildJvm(settings, workDir, "first-instance");
    StreamsRig.awaitCount(broker, TickflowTopics.TRADES, firstHalf.size() / 4, Duration.ofSeconds(60));
    first.destroyForcibly();
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    int acceptedOfFirstHalf = ReferenceBars.accepted(firstHalf, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, StreamsRig.IDLE).size();
    assertThat(StreamsRig.read(broker, TickflowTopics.TRADES).size()).as("killed mid-stream")
        .isLessThan(acceptedOfFirstHalf);

    StreamsRig.produce(broker, secondHalf);
    try (StreamsApp second = StreamsApp.start(new StreamsAppConfig(settings))) {
      StreamsRig.awaitCount(broker, TickflowTopics.BARS_FINAL, expected.size(), Duration.ofSeconds(90));
      StreamsRig.awaitCount(broker, TickflowTopics.TRADES, accepted.size(), Duration.ofSeconds(30));
    }

    StreamsRig.assertSameEntries("final bars", StreamsRig.readFinalBars(broker), expected);
    assertThat(StreamsRig.readTrades(broker)).containsExactlyInAnyOrderElementsOf(accepted);
  }
}
