package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.dtc.client.DtcClientConfig;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.topics.TickflowTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtcSourceConnectorConfigTest {

  private static Map<String, String> props(String... keyValues) {
    final Map<String, String> props = new HashMap<>();
    props.put("dtc.host", "sierra.local");
    props.put("symbols", "ESZ6@CME, EURUSD");
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        props.remove(keyValues[i]);
      } else {
        props.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return props;
  }

  @Test
  void shouldApplyTheDefaultsWhenOnlyHostAndSymbolsAreSet() {
    final DtcSourceConnectorConfig config = new DtcSourceConnectorConfig(props());
    assertThat(config.server()).isEqualTo("sierra.local:11099");
    assertThat(config.symbols()).containsExactly(new SymbolSpec("ESZ6", "CME"), new SymbolSpec("EURUSD", ""));
    assertThat(config.depthLevels()).isZero();
    assertThat(config.backfillLookback()).isEqualTo(Duration.ZERO);
    assertThat(config.backfillTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.backfillSeamTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.tradesTopic()).isEqualTo(TickflowTopics.RAW_TRADES);
    assertThat(config.quotesTopic()).isEqualTo(TickflowTopics.RAW_QUOTES);
    assertThat(config.depthTopic()).isEqualTo(TickflowTopics.RAW_DEPTH);
    assertThat(config.securityDefinitionsTopic()).isEqualTo(TickflowTopics.SECURITY_DEFINITIONS);
    assertThat(config.deadLetterTopic()).isEqualTo(TickflowTopics.DEAD_LETTER);
    assertThat(config.batchSize()).isEqualTo(10_000);
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(20));
    final DtcClientConfig client = config.clientConfig();
    assertThat(client.encoding()).isEqualTo(DtcEncoding.BINARY);
    assertThat(client.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(client.reconnectMin()).isEqualTo(Duration.ofMillis(100));
    assertThat(client.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(client.queueCapacity()).isEqualTo(1 << 22);
    assertThat(client.hasHistoricalServer()).as("history over the market-data connection").isFalse();
  }

  @Test
  void shouldAskTheHistoricalDataServerOnTheMarketDataHostWhenOnlyItsPortIsSet() {
    final DtcSourceConnectorConfig config = new DtcSourceConnectorConfig(props("dtc.historical.port", "11098"));
    assertThat(config.clientConfig().historicalHost()).isEqualTo("sierra.local");
    assertThat(config.clientConfig().historicalPort()).isEqualTo(11098);
    assertThat(config.server()).as("the partitions stay those of the market-data server")
        .isEqualTo("sierra.local:11099");
    assertThat(config.describe()).contains("dtc.historical.host=sierra.local, dtc.historical.port=11098");
  }

  @Test
  void shouldAskTheHistoricalDataServerOnItsOwnHostWhenSet() {
    final DtcClientConfig client = new DtcSourceConnectorConfig(props("dtc.historical.port", "11098",
        "dtc.historical.host", " history.local ")).clientConfig();
    assertThat(client.historicalHost()).isEqualTo("history.local");
    assertThat(client.hasHistoricalServer()).isTrue();
  }

  @Test
  void shouldPassCredentialsEncodingAndBackoffToTheClientWhenSet() {
    final DtcClientConfig client = new DtcSourceConnectorConfig(props("dtc.encoding", "JSON", "dtc.username", "u",
        "dtc.password", "s3cret", "reconnect.backoff.ms", "5", "reconnect.backoff.max.ms", "5",
        "heartbeat.interval.seconds", "2", "queue.capacity.bytes", "262144")).clientConfig();
    assertThat(client.encoding()).isEqualTo(DtcEncoding.JSON);
    assertThat(client.username()).isEqualTo("u");
    assertThat(client.password()).isEqualTo("s3cret");
    assertThat(client.reconnectMin()).isEqualTo(Duration.ofMillis(5));
    assertThat(client.reconnectMax()).isEqualTo(Duration.ofMillis(5));
    assertThat(client.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(client.queueCapacity()).isEqualTo(262_144);
  }

  @Test
  void shouldNeverShowThePasswordWhenDescribed() {
    final String description = new DtcSourceConnectorConfig(props("dtc.password", "s3cret")).describe();
    assertThat(description).doesNotContain("s3cret").contains("dtc.password=[hidden]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "dtc.host; ; Missing required configuration \"dtc.host\" which has no default value.",
      "dtc.host; ' '; Invalid value  for configuration dtc.host: String must be non-empty",
      "dtc.port; 0; Invalid value 0 for configuration dtc.port: Value must be at least 1",
      "dtc.port; 65536; Invalid value 65536 for configuration dtc.port: Value must be no more than 65535",
      "dtc.encoding; protobuf; Invalid value protobuf for configuration dtc.encoding: String must be one of (case"
          + " insensitive): BINARY, JSON",
      "symbols; ; Missing required configuration \"symbols\" which has no default value.",
      "symbols; ''; Invalid value [] for configuration symbols: list at least one symbol",
      "symbols; ESZ6@; Invalid value [ESZ6@] for configuration symbols: 'ESZ6@' is not SYMBOL[@EXCHANGE]",
      "symbols; '@CME'; Invalid value [@CME] for configuration symbols: '@CME' is not SYMBOL[@EXCHANGE]",
      "symbols; 'ES@CME@X'; Invalid value [ES@CME@X] for configuration symbols: 'ES@CME@X' is not"
          + " SYMBOL[@EXCHANGE]",
      "symbols; ESZ6@CME_GLOBEX_FUTURES; Invalid value [ESZ6@CME_GLOBEX_FUTURES] for configuration symbols:"
          + " exchange 'CME_GLOBEX_FUTURES' is longer than the 15 characters DTC carries",
      "symbols; 'ESZ6@CME,ESZ6@CBOT'; Invalid value [ESZ6@CME, ESZ6@CBOT] for configuration symbols: symbol"
          + " 'ESZ6' is listed twice",
      "depth.levels; -1; Invalid value -1 for configuration depth.levels: Value must be at least 0",
      "depth.levels; 101; Invalid value 101 for configuration depth.levels: Value must be no more than 100",
      "heartbeat.interval.seconds; 0; Invalid value 0 for configuration heartbeat.interval.seconds: Value must be"
          + " at least 1",
      "backfill.lookback.ms; -1; Invalid value -1 for configuration backfill.lookback.ms: Value must be at least 0",
      "backfill.timeout.ms; 999; Invalid value 999 for configuration backfill.timeout.ms: Value must be at least"
          + " 1000",
      "trades.topic; ''; Invalid value  for configuration trades.topic: String must be non-empty",
      "batch.size; 0; Invalid value 0 for configuration batch.size: Value must be at least 1",
      "queue.capacity.bytes; 300000; Invalid value 300000 for configuration queue.capacity.bytes: must be a power"
          + " of two from 262144 to 1073741824",
      "queue.capacity.bytes; 131072; Invalid value 131072 for configuration queue.capacity.bytes: must be a power"
          + " of two from 262144 to 1073741824",
      "dtc.historical.port; -1; Invalid value -1 for configuration dtc.historical.port: Value must be at least 0",
      "dtc.historical.port; 65536; Invalid value 65536 for configuration dtc.historical.port: Value must be no"
          + " more than 65535",
      "dtc.historical.host; history.local; dtc.historical.host (history.local) is set but dtc.historical.port is"
          + " not: set the historical data server's port (Sierra Chart: 11098) or remove the host",
      "reconnect.backoff.max.ms; 50; reconnect.backoff.max.ms (50) must be at least reconnect.backoff.ms (100):"
          + " raise the maximum or lower the first delay"})
  void shouldRefuseTheValueWithAnExactMessageWhenItBreaksARule(String key, String value, String message) {
    assertThatThrownBy(() -> new DtcSourceConnectorConfig(props(key, value)))
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Test
  void shouldAcceptEncodingInAnyCaseAndTrimSymbols() {
    final DtcSourceConnectorConfig config = new DtcSourceConnectorConfig(props("dtc.encoding", "Json",
        "symbols", " NQZ6 @ CME ,AAPL"));
    assertThat(config.clientConfig().encoding()).isEqualTo(DtcEncoding.JSON);
    assertThat(config.symbols()).containsExactly(new SymbolSpec("NQZ6", "CME"), new SymbolSpec("AAPL", ""));
    assertThat(config.symbols()).extracting(SymbolSpec::toString).isEqualTo(List.of("NQZ6@CME", "AAPL"));
  }
}
