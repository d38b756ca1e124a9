package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.marketstate.StoreLookup;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.SegmentOpeningGate;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive queries of the final-bar stores of a running instance while its stream thread changes them (see
 * {@code BarStoreReadsTest} for the Kafka Streams code behind each case).
 */
class BarStoreReadsIT extends RealBrokerTest {

  private static final String SYMBOL = "ESZ26";
  private static final String BARS_1M = TickflowStores.bars("1m");
  private static final Instant MINUTE = Instant.parse("2026-03-02T14:30:00Z");

  @TempDir
  Path stateDir;

  /** Each test reads its own trades only. */
  @BeforeEach
  void emptyTopics() {
    StreamsRig.recreateTopics(broker, StreamsRig.PARTITIONS);
  }

  @AfterEach
  void releaseTheStreamThread() {
    SegmentOpeningGate.release();
  }

  @Test
  void shouldAnswerBarsWhileTheStreamThreadOpensTheSegmentOfTheBarItCloses() throws InterruptedException {
    String segment = BARS_1M + "." + MINUTE.toEpochMilli(); // the segment of the 14:30 bar, one a minute
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings("open-segment", "2m", Map.of(
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SegmentOpeningGate.class.getName()))))) {
      MarketStateReader reader = app.reader();
      StreamsRig.produce(broker, List.of(trade(100, MINUTE.plusSeconds(1))));
      awaitBars(reader, "2026-03-02T14:30:00Z false");

      SegmentOpeningGate.hold(segment);
      StreamsRig.produce(broker, List.of(trade(101, MINUTE.plusSeconds(66))));
      SegmentOpeningGate.awaitHeld();
      ReadOnlyWindowStore<String, Bar> finals = StoreLookup.of(app.streams()).windowStore(BARS_1M);
      assertThatThrownBy(() -> finals.fetch(SYMBOL, MINUTE.toEpochMilli()))
          .isInstanceOf(InvalidStateStoreException.class).hasMessageContaining("may have been migrated");
      assertThat(labels(reader.bars(SYMBOL, "1m", MINUTE, MINUTE.plusSeconds(600), 10)))
          .containsExactly("2026-03-02T14:30:00Z false");

      SegmentOpeningGate.release();
      awaitBars(reader, "2026-03-02T14:30:00Z true", "2026-03-02T14:31:00Z false");
    }
  }

  @Test
  void shouldFailAReadOfBarsWhoseStoreClosesUnderIt() {
    StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings("closing-store", "10m", Map.of())));
    WindowStoreIterator<Bar> bars;
    try {
      StreamsRig.produce(broker, List.of(trade(100, MINUTE.plusSeconds(6)), trade(101, MINUTE.plusSeconds(66)),
          trade(102, MINUTE.plusSeconds(126)), trade(103, MINUTE.plusSeconds(186))));
      awaitBars(app.reader(), "2026-03-02T14:30:00Z true", "2026-03-02T14:31:00Z true", "2026-03-02T14:32:00Z true",
          "2026-03-02T14:33:00Z false");
      ReadOnlyWindowStore<String, Bar> finals = StoreLookup.of(app.streams()).windowStore(BARS_1M);
      bars = finals.fetch(SYMBOL, MINUTE, MINUTE.plusSeconds(600));
      assertThat(bars.next().value.getOpen()).isEqualTo(100.0);
      assertThat(bars.hasNext()).as("two more final bars").isTrue();
    } finally {
      app.close();
    }

    assertThatThrownBy(bars::hasNext).isInstanceOf(InvalidStateStoreException.class).hasMessageContaining(BARS_1M);
    bars.close();
  }

  /** One bar series, 1m, of a retention (its store's segments span half of it, a minute at least). */
  private Map<String, Object> settings(String applicationId, String retention, Map<String, Object> more) {
    Map<String, Object> settings = StreamsRig.appSettings(broker, applicationId, stateDir);
    settings.put(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m");
    settings.put(StreamsAppConfig.BARS_RETENTION_CONFIG, "1m=" + retention);
    settings.putAll(more);
    return settings;
  }

  private static Trade trade(double price, Instant at) {
    return new Trade(SYMBOL, "", price, 1L, AggressorSide.ASK, at, at.plusMillis(1), 0, DataSource.LIVE);
  }

  private static void awaitBars(MarketStateReader reader, String... expected) {
    await().atMost(StreamsRig.READ_TIMEOUT).ignoreException(InvalidStateStoreException.class)
        .until(() -> labels(reader.bars(SYMBOL, "1m", MINUTE, MINUTE.plusSeconds(600), 10)),
            labels -> labels.equals(List.of(expected)));
  }

  private static List<String> labels(List<Bar> bars) {
    return bars.stream().map(bar -> bar.getWindowStart() + " " + bar.getIsFinal()).toList();
  }
}
