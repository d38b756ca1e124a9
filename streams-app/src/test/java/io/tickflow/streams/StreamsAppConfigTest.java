package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tickflow.bars.BarSpec;
import io.tickflow.symbols.SymbolNormalization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamsAppConfigTest {

  @Test
  void shouldStateExactlyOnceAndDefaultsWhenNothingIsGiven() {
    StreamsAppConfig config = new StreamsAppConfig(Map.of());

    Properties props = config.streamsProperties();
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("tickflow-streams");
    assertThat(props).doesNotContainKey(StreamsAppConfig.BARS_GRACE_MS_CONFIG);
    assertThat(config.barSeries()).extracting(BarSpec::label)
        .containsExactly("1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w");
    assertThat(config.grace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.dedupHorizon()).isEqualTo(Duration.ofHours(24));
    assertThat(config.liveEmitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.retention(BarSpec.parse("1m"))).isEqualTo(Duration.ofDays(30));
    assertThat(config.retention(BarSpec.parse("T500"))).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void shouldGiveKafkaStreamsDefaultsItDoesNotWarnAboutWhenNothingIsGiven() {
    Logger logger = (Logger) LoggerFactory.getLogger(StreamsConfig.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      new StreamsConfig(new StreamsAppConfig(Map.of()).streamsProperties());
    } finally {
      logger.detachAppender(events);
    }

    assertThat(events.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }

  @Test
  void shouldPassStreamsKeysThroughAndLetThemOverrideDefaults() {
    StreamsAppConfig config = new StreamsAppConfig(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250",
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));

    assertThat(config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(config.liveEmitInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void shouldBoundRocksDbMemoryPerInstanceByDefault() {
    Properties props = new StreamsAppConfig(Map.of()).streamsProperties();

    assertThat(props).contains(Map.entry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
            "io.tickflow.streams.rocksdb.BoundedMemoryRocksDBConfig"),
        Map.entry("tickflow.rocksdb.memory.bytes", 256L * 1024 * 1024),
        Map.entry("tickflow.rocksdb.memtable.bytes", 128L * 1024 * 1024));
  }

  @Test
  void shouldLeaveKafkaStreamsRocksDbDefaultsWhenTheMemoryIsZero() {
    Properties props = new StreamsAppConfig(Map.of(StreamsAppConfig.ROCKSDB_MEMORY_MB_CONFIG, "0")).streamsProperties();

    assertThat(props).doesNotContainKeys(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
        "tickflow.rocksdb.memory.bytes", "tickflow.rocksdb.memtable.bytes");
  }

  @Test
  void shouldInstallNoBudgetWhenTheStoresAreInMemory() {
    Properties props = new StreamsAppConfig(Map.of(StreamsAppConfig.STATE_STORE_TYPE_CONFIG,
        StreamsAppConfig.STORE_IN_MEMORY)).streamsProperties();

    assertThat(props).doesNotContainKeys(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
        "tickflow.rocksdb.memory.bytes", "tickflow.rocksdb.memtable.bytes");
  }

  @Test
  void shouldKeepAConfigSetterGivenInsteadOfTheBudget() {
    Properties props = new StreamsAppConfig(Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
        "com.example.OwnSetter")).streamsProperties();

    assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.OwnSetter");
    assertThat(props).doesNotContainKeys("tickflow.rocksdb.memory.bytes", "tickflow.rocksdb.memtable.bytes");
  }

  @Test
  void shouldRejectAConfigSetterGivenWithTheBudgetNamingBothKeys() {
    assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
        "com.example.OwnSetter", StreamsAppConfig.ROCKSDB_MEMORY_MB_CONFIG, "512")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("rocksdb.config.setter (com.example.OwnSetter) replaces the setter that applies rocksdb.memory.mb "
            + "and rocksdb.memtable.fraction: remove one or the other");
  }

  @Test
  void shouldOverlayFileWithEnvironmentWithOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("streams.properties");
    Files.writeString(file, "bars.grace.ms=1000\nbook.depth=3\nbootstrap.servers=file:9092\n", StandardCharsets.UTF_8);

    StreamsAppConfig config = StreamsAppConfig.load(file,
        Map.of("TICKFLOW_BARS_GRACE_MS", "2000", "TICKFLOW_BOOTSTRAP_SERVERS", "env:9092", "PATH", "/bin"),
        Map.of(StreamsAppConfig.BOOK_DEPTH_CONFIG, "4"));

    assertThat(config.grace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.bookDepth()).isEqualTo(4);
    assertThat(config.streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("env:9092");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '#', value = {
      "bars.timeframes#1m,7x#Invalid value [1m, 7x] for configuration bars.timeframes: Invalid timeframe '7x': unit must be one of s, m, h, d, w",
      "bars.timeframes#0m#Invalid value [0m] for configuration bars.timeframes: Invalid timeframe '0m': count must be >= 1",
      "bars.activity#ES*=5m#Invalid value [ES*=5m] for configuration bars.activity: Invalid entry 'ES*=5m' in bars.activity: '5m' is a timeframe; activity bars are T<n>, V<n> or R<n>",
      "bars.activity#ES*#Invalid value [ES*] for configuration bars.activity: Invalid entry 'ES*' in bars.activity: expected <symbol pattern>=<value>",
      "session.default#17:00 Mars/Olympus#Invalid value 17:00 Mars/Olympus for configuration session.default: Invalid session '17:00 Mars/Olympus': Unknown time-zone ID: Mars/Olympus",
      "session.overrides#ES*=25:00 UTC#Invalid value [ES*=25:00 UTC] for configuration session.overrides: Invalid entry 'ES*=25:00 UTC' in session.overrides: Invalid session '25:00 UTC': Text '25:00' could not be parsed: Invalid value for HourOfDay (valid values 0 - 23): 25",
      "price.scaling#ES*=cents#Invalid value [ES*=cents] for configuration price.scaling: Invalid entry 'ES*=cents' in price.scaling: Invalid price scaling 'cents': expected none, ticks, display or multiplier:<x>",
      "symbol.aliases#ESZ6#Invalid value [ESZ6] for configuration symbol.aliases: expected raw=canonical, was 'ESZ6'",
      "validation.price.jump.confirmations#0#Invalid value 0 for configuration validation.price.jump.confirmations: Value must be at least 1",
      "dedup.horizon.ms#10#Invalid value 10 for configuration dedup.horizon.ms: Value must be at least 1000",
      "state.store.type#heap#Invalid value heap for configuration state.store.type: String must be one of: rocksdb, in_memory",
      "rocksdb.memory.mb#8#Invalid value 8 for configuration rocksdb.memory.mb: must be 0 (Kafka Streams' defaults) or from 16 to 1048576 MB",
      "rocksdb.memtable.fraction#0.95#Invalid value 0.95 for configuration rocksdb.memtable.fraction: Value must be no more than 0.9"})
  void shouldRejectInvalidValueNamingTheKey(String key, String value, String message) {
    assertThatThrownBy(() -> new StreamsAppConfig(Map.of(key, value)))
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  /** The futures rewrite gives a one-digit year two digits: every record of this alias would be dead-lettered. */
  @Test
  void shouldRejectAnAliasWhoseCanonicalSymbolTheFuturesRewriteMakesLongerThan64() {
    String canonical = "e".repeat(62) + "z6";

    assertThatThrownBy(() -> new StreamsAppConfig(Map.of(SymbolNormalization.ALIASES_CONFIG, "ES 12-26=" + canonical)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alias 'ES 12-26=" + canonical + "': canonical symbol of 65 characters is longer than "
            + "64, as the normalizer writes it (upper case, futures rewrite): '" + "E".repeat(62) + "Z");
  }

  @Test
  void shouldRejectBookDepthAboveLevelsKeptNamingBothKeys() {
    assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsAppConfig.BOOK_DEPTH_CONFIG, "20",
        StreamsAppConfig.BOOK_MAX_LEVELS_CONFIG, "10")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("book.depth (20) must not exceed book.max.levels (10): raise book.max.levels or lower book.depth");
  }

  @Test
  void shouldRejectRetentionShorterThanTheBarNamingBothKeys() {
    assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsAppConfig.BARS_RETENTION_CONFIG, "1h=30m")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Retention of 1h bars (bars.retention or bars.retention.default) must be at least the bar length "
            + "plus bars.grace.ms (PT1H5S), was PT30M");
  }

  @Test
  void shouldKeepTheGeneratedDocumentationUpToDate() throws Exception {
    Path doc = Path.of("..", "docs", "topology.md");
    String current = Files.readString(doc, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(doc, StreamsAppDocs.render(current), StandardCharsets.UTF_8);
      return;
    }

    assertThat(current).as("docs/topology.md is stale: rerun this test with -Ddocs.update=true")
        .isEqualTo(StreamsAppDocs.render(current));
  }
}
