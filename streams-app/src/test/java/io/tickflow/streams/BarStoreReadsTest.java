package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.schemas.Bar;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interactive-query reads of the final-bar stores while the stream thread changes them: a read either answers with
 * every bar the store holds or fails with {@link InvalidStateStoreException} (which the query service answers with
 * 503), never with part of them.
 */
class BarStoreReadsTest {

  private static final String SYMBOL = "ESZ26";
  private static final String BARS_1M = TickflowStores.bars("1m");
  private static final Instant MINUTE = Instant.parse("2026-03-02T14:30:00Z");

  @TempDir
  Path stateDir;

  /**
   * Kafka Streams (4.3, {@code AbstractSegments#getOrCreateSegment}) puts a new segment in its segment map before it
   * opens the segment's RocksDB, and a read of one window ({@code AbstractRocksDBSegmentedBytesStore#get}) takes the
   * segment from that map and fails on a segment not open yet, while a range read searches open segments only. The
   * segment being opened holds nothing yet, so the range misses nothing: the reader must read ranges.
   */
  @Test
  void shouldAnswerWhileTheStreamThreadOpensTheSegmentOfTheBarItCloses() throws Exception {
    String segment = BARS_1M + "." + MINUTE.toEpochMilli(); // the segment of the 14:30 bar, one a minute
    // Our stores take writes from one thread only, as a task's stores do: the stream thread of the test.
    ExecutorService streamThread = Executors.newSingleThreadExecutor();
    TopologyHarness harness = new TopologyHarness(settings(StreamsAppConfig.STORE_ROCKSDB, "2m",
        Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SegmentOpeningGate.class.getName())));
    try {
      MarketStateReader reader = harness.reader();
      WindowStore<String, Bar> finals = harness.driver.getWindowStore(BARS_1M);
      streamThread.submit(() -> harness.pipe(trade(SYMBOL, 100, 1, MINUTE.plusSeconds(1)))).get();
      SegmentOpeningGate.hold(segment);
      Future<?> closing = streamThread.submit(() -> harness.pipe(trade(SYMBOL, 101, 1, MINUTE.plusSeconds(66))));
      SegmentOpeningGate.awaitHeld();

      assertThatThrownBy(() -> finals.fetch(SYMBOL, MINUTE.toEpochMilli()))
          .isInstanceOf(InvalidStateStoreException.class).hasMessageContaining(segment + " is currently closed");
      assertThat(reader.bars(SYMBOL, "1m", MINUTE, MINUTE.plusSeconds(600), 10))
          .extracting(bar -> bar.getWindowStart() + " " + bar.getIsFinal())
          .containsExactly("2026-03-02T14:30:00Z false");

      SegmentOpeningGate.release();
      closing.get();
      assertThat(finals.fetch(SYMBOL, MINUTE.toEpochMilli()).getIsFinal()).isTrue();
      assertThat(reader.bars(SYMBOL, "1m", MINUTE, MINUTE.plusSeconds(600), 10))
          .extracting(bar -> bar.getWindowStart() + " " + bar.getIsFinal())
          .containsExactly("2026-03-02T14:30:00Z true", "2026-03-02T14:31:00Z false");
    } finally {
      SegmentOpeningGate.release();
      streamThread.shutdown();
      streamThread.awaitTermination(30, TimeUnit.SECONDS);
      harness.close();
    }
  }

  /**
   * A task's stores close under the readers at a rebalance, a migration or a stop. Kafka Streams' window store
   * iterators then end as if the range held nothing more (4.3: {@code SegmentIterator#hasNext} skips segments that
   * throw {@link InvalidStateStoreException}, {@code InMemoryWindowStore#close} empties its open iterators).
   */
  @ParameterizedTest
  @ValueSource(strings = {StreamsAppConfig.STORE_ROCKSDB, StreamsAppConfig.STORE_IN_MEMORY})
  void shouldFailAReadWhoseStoreClosesUnderIt(String storeType) {
    TopologyHarness harness = new TopologyHarness(settings(storeType, "10m", Map.of()));
    WindowStoreIterator<Bar> bars;
    try {
      for (int minute = 0; minute < 4; minute++) {
        harness.pipe(trade(SYMBOL, 100 + minute, 1, MINUTE.plusSeconds(60L * minute + 6)));
      }
      WindowStore<String, Bar> finals = harness.driver.getWindowStore(BARS_1M);
      bars = finals.fetch(SYMBOL, MINUTE, MINUTE.plusSeconds(600));
      assertThat(bars.next().value.getOpen()).isEqualTo(100.0);
      assertThat(bars.hasNext()).as("two more final bars").isTrue();
    } finally {
      harness.close();
    }

    assertThatThrownBy(bars::hasNext).isInstanceOf(InvalidStateStoreException.class).hasMessageContaining(BARS_1M);
    bars.close();
  }

  /**
   * Stores of a type in the test's directory and one bar series, 1m, of a retention (a persistent window store's
   * segments span half its retention, a minute at least).
   */
  private Map<String, Object> settings(String storeType, String retention, Map<String, Object> more) {
    Map<String, Object> settings = new HashMap<>(more);
    settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, storeType);
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m");
    settings.put(StreamsAppConfig.BARS_RETENTION_CONFIG, "1m=" + retention);
    return settings;
  }
}
