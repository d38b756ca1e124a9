package io.tickflow.connect.scid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScidSourceConnectorConfigTest {

  private static Map<String, String> props(String... keyValues) {
    final Map<String, String> props = new HashMap<>();
    props.put("directory", "/data");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  @Test
  void shouldApplyDefaultsWhenOnlyTheDirectoryIsGiven() {
    final ScidSourceConnectorConfig config = new ScidSourceConnectorConfig(props());
    assertThat(config.directory()).isEqualTo(Path.of("/data"));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.batchSize()).isEqualTo(10_000);
    assertThat(config.tradesTopic()).isEqualTo("tickflow.raw.trades");
    assertThat(config.depthTopic()).isEqualTo("tickflow.raw.depth");
    assertThat(config.deadLetterTopic()).isEqualTo("tickflow.dead-letter");
    assertThat(config.quotesTopic()).isEmpty();
    assertThat(config.matchesPattern(Path.of("ESM23-CME.scid"))).isTrue();
    assertThat(config.matchesPattern(Path.of("ESM23-CME.2023-02-21.depth"))).isTrue();
    assertThat(config.matchesPattern(Path.of("ESM23-CME.dly"))).isFalse();
    assertThat(config.symbolFor("X")).isEqualTo("X");
    assertThat(config.priceMultiplierFor("X")).isEqualTo(1.0);
  }

  @Test
  void shouldRejectAMissingDirectory() {
    final Map<String, String> props = props();
    props.remove("directory");
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props)).isInstanceOf(ConfigException.class)
        .hasMessage("Missing required configuration \"directory\" which has no default value.");
  }

  @Test
  void shouldRejectABlankDirectory() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("directory", "")))
        .hasMessage("Invalid value  for configuration directory: String must be non-empty");
  }

  @Test
  void shouldRejectAnInvalidGlob() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("file.pattern", "*.{scid")))
        .hasMessageStartingWith("Invalid value *.{scid for configuration file.pattern: not a valid glob:");
  }

  @Test
  void shouldRejectAPollIntervalBelowTenMilliseconds() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("poll.interval.ms", "5")))
        .hasMessage("Invalid value 5 for configuration poll.interval.ms: Value must be at least 10");
  }

  @Test
  void shouldRejectAMappingEntryWithoutEquals() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("symbol.mapping", "ESM23-CME")))
        .hasMessage("Invalid value [ESM23-CME] for configuration symbol.mapping: entry 'ESM23-CME' is not"
            + " KEY=VALUE");
  }

  @Test
  void shouldRejectAFileSymbolMappedTwice() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("symbol.mapping", "A=B,A=C")))
        .hasMessage("Invalid value [A=B, A=C] for configuration symbol.mapping: key 'A' is listed twice");
  }

  @Test
  void shouldRejectANonPositiveMultiplier() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("price.multiplier", "ES=0")))
        .hasMessage("Invalid value [ES=0] for configuration price.multiplier: factor for ES must be a positive"
            + " number, was 0");
  }

  @Test
  void shouldRejectANonNumericMultiplier() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("price.multiplier", "ES=abc")))
        .hasMessage("Invalid value [ES=abc] for configuration price.multiplier: 'abc' for ES is not a number");
  }

  @Test
  void shouldRejectATaskIndexNotBelowTheTaskCount() {
    assertThatThrownBy(() -> new ScidSourceConnectorConfig(props("task.index", "2", "task.count", "2")))
        .hasMessage("task.index (2) must be below task.count (2)");
  }

  @Test
  void shouldParseMappingsAndMultipliers() {
    final ScidSourceConnectorConfig config = new ScidSourceConnectorConfig(props(
        "symbol.mapping", "ESM23-CME=ESM23, BTC=BTCUSD", "price.multiplier", "BTCUSD=0.01"));
    assertThat(config.symbolFor("ESM23-CME")).isEqualTo("ESM23");
    assertThat(config.symbolFor("BTC")).isEqualTo("BTCUSD");
    assertThat(config.priceMultiplierFor("BTCUSD")).isEqualTo(0.01);
  }

  @Test
  void shouldGiveEachTaskItsIndexAndTheTaskCount() {
    final ScidSourceConnector connector = new ScidSourceConnector();
    connector.start(props());
    final List<Map<String, String>> configs = connector.taskConfigs(3);
    assertThat(configs).extracting(c -> c.get("task.index")).containsExactly("0", "1", "2");
    assertThat(configs).extracting(c -> c.get("task.count")).containsOnly("3");
    assertThat(configs).allSatisfy(c -> assertThat(c).containsEntry("directory", "/data"));
    assertThat(connector.version()).isEqualTo("0.1.0");
  }

  @Test
  void shouldTakeTheSymbolFromTheFileNameOfBothFormats() {
    assertThat(FileSymbols.of(Path.of("/d/ESM23-CME.scid"))).isEqualTo("ESM23-CME");
    assertThat(FileSymbols.of(Path.of("/d/ESM23-CME.2023-02-21.depth"))).isEqualTo("ESM23-CME");
    assertThat(FileSymbols.of(Path.of("/d/6E.M24.scid"))).isEqualTo("6E.M24");
  }
}
