package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.ReferenceBars;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TradeScenario;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories written one instrument after another, as the file connector catches up on a directory of {@code .scid}
 * files or {@code tickflow scid import} takes several: on the real broker, instruments sharing a partition each keep
 * their own clock, so every trade the reference accepts is accepted and every final bar comes out; with one clock per
 * partition (bars.idle.ms=0) most of the later instruments' trades would have been refused as late.
 */
class SequentialHistoriesIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2026-02-02T14:00:00Z");
  private static final int SYMBOLS = 6;

  @TempDir
  Path workDir;

  @Test
  void shouldAcceptEveryInstrumentsHistoryWhenTheyArriveOneAfterAnother() {
    List<Trade> input = new ArrayList<>(TradeScenario.generate(23, 6_000, SYMBOLS, START));
    input.sort(Comparator.comparing(Trade::getSymbol)); // stable: each file in its own order
    input.addAll(TradeScenario.closing(SYMBOLS, START));
    List<Trade> accepted = ReferenceBars.accepted(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, StreamsRig.IDLE);
    Map<ReferenceBars.Key, Bar> expected = ReferenceBars.finals(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, StreamsRig.IDLE);
    int acceptedOnPartitionClocks = ReferenceBars.accepted(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, Duration.ZERO).size();
    assertThat(acceptedOnPartitionClocks).as("the scenario depends on per-instrument clocks")
        .isLessThan(accepted.size() * 2 / 3);

    StreamsRig.produce(broker, input);
    PipelineCounts counts;
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(StreamsRig.appSettings(broker, "sequential",
        workDir.resolve("state"))))) {
      counts = StreamsRig.awaitBalanced(app, input.size());
      StreamsRig.awaitCount(broker, TickflowTopics.BARS_FINAL, expected.size(), Duration.ofSeconds(60));
    }

    assertThat(counts.out()).isEqualTo(accepted.size());
    List<Bar> finals = StreamsRig.read(broker, TickflowTopics.BARS_FINAL).stream().map(StreamsRig::bar).toList();
    assertThat(finals).extracting(b -> new ReferenceBars.Key(b.getSymbol(), b.getTimeframe(), b.getWindowStart()))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Bar bar : finals) {
      Bar reference = expected.get(new ReferenceBars.Key(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart()));
      assertThat(bar.getVolume()).as("volume of %s", reference).isEqualTo(reference.getVolume());
      assertThat(bar.getClose()).as("close of %s", reference).isEqualTo(reference.getClose());
    }
  }
}
