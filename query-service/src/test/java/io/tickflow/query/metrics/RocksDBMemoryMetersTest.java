package io.tickflow.query.metrics;

import static io.tickflow.query.metrics.PipelineSeries.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowTopology;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RocksDB memory gauges over the real topology's RocksDB stores, opened by a TopologyTestDriver with the Streams
 * properties the app builds, as Prometheus scrapes them.
 */
class RocksDBMemoryMetersTest {

  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static final String USED = "tickflow_rocksdb_memory_used_bytes";
  private static final String LIMIT = "tickflow_rocksdb_memory_limit_bytes";
  private static final long MB = 1024L * 1024;

  @TempDir
  Path stateDir;

  private final QueryMetrics metrics = QueryMetrics.create();
  private TopologyTestDriver driver;

  @AfterEach
  void stop() {
    metrics.close();
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void shouldExportWhatTheInstancesStoresHoldAgainstTheConfiguredLimitWhenTradesCame() {
    StreamsAppConfig config = config(Map.of(StreamsAppConfig.ROCKSDB_MEMORY_MB_CONFIG, "32"));
    metrics.bindRocksDbMemory(config.streamsProperties());
    double beforeStores = value(metrics.scrape(), USED);
    start(config);

    new RawTradesInput(driver).pipe(trades(2_000));
    String scrape = metrics.scrape();

    assertThat(beforeStores).as("no store open yet").isZero();
    assertThat(value(scrape, LIMIT)).isEqualTo(32 * MB);
    assertThat(value(scrape, USED)).isPositive().isLessThanOrEqualTo(value(scrape, LIMIT));
  }

  /** Why the gauge exists: Kafka Streams' per-store metric reads the shared cache, the same total for each store. */
  @Test
  void shouldEqualEachStoresBlockCacheUsageWhichAllReportTheSharedTotal() {
    StreamsAppConfig config = config(Map.of());
    metrics.bindRocksDbMemory(config.streamsProperties());
    start(config);
    new RawTradesInput(driver).pipe(trades(500));

    double used = value(metrics.scrape(), USED);
    List<Double> perStore = new ArrayList<>();
    driver.metrics().forEach((name, metric) -> {
      if (name.group().equals("stream-state-metrics") && name.name().equals("block-cache-usage")) {
        perStore.add(((Number) metric.metricValue()).doubleValue());
      }
    });

    // A window store none of whose segments is open yet (the bar stores of timeframes not closed once) reports 0.
    assertThat(perStore.stream().filter(usage -> usage > 0)).as("stores with an open RocksDB instance")
        .hasSizeGreaterThan(1).containsOnly(used);
  }

  @ParameterizedTest
  @CsvSource({"rocksdb.memory.mb, 0", "state.store.type, in_memory"})
  void shouldExportNoRocksDbSeriesWhenNothingIsBounded(String key, String value) {
    StreamsAppConfig config = config(Map.of(key, value));
    metrics.bindRocksDbMemory(config.streamsProperties());
    start(config);

    new RawTradesInput(driver).pipe(trades(100));

    assertThat(metrics.scrape()).doesNotContain("tickflow_rocksdb_");
  }

  @Test
  void shouldRemoveTheGaugesWhenClosed() {
    RocksDBMemoryMeters meters = metrics.bindRocksDbMemory(config(Map.of()).streamsProperties());
    assertThat(metrics.scrape()).contains(USED, LIMIT);

    meters.close();

    assertThat(metrics.scrape()).doesNotContain("tickflow_rocksdb_");
  }

  @Test
  void shouldPassPromtoolCheckWithTheRocksDbGauges() throws Exception {
    StreamsAppConfig config = config(Map.of());
    metrics.bindRocksDbMemory(config.streamsProperties());
    start(config);
    new RawTradesInput(driver).pipe(trades(100));

    Promtool.assertValidExposition(metrics.scrape());
  }

  private StreamsAppConfig config(Map<String, String> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    all.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-memory-meters-test");
    all.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new StreamsAppConfig(all);
  }

  private void start(StreamsAppConfig config) {
    driver = new TopologyTestDriver(TickflowTopology.build(config), config.streamsProperties(), T0);
  }

  /** Trades of 50 symbols, 4 a second: dedup, symbol state and bar stores written. */
  private static List<Trade> trades(int count) {
    List<Trade> trades = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      trades.add(RawTradesInput.trade("SYM" + i % 50, 100.0 + i % 7, 1, T0.plusMillis(i * 250L)));
    }
    return trades;
  }
}
