package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.junit.jupiter.api.Test;

class DtcSourceConnectorTest {

  private static final Map<String, String> PROPS = Map.of("dtc.host", "127.0.0.1",
      "symbols", "ESZ6@CME,NQZ6@CME,EURUSD", "dtc.password", "s3cret");

  private static final List<String> SYMBOLS = List.of("ESZ26@CME", "NQZ26@CME", "EURUSD", "GBPUSD", "USDJPY",
      "AAPL", "MSFT", "CLF27@NYMEX", "GCG27@COMEX", "ZNH27@CBOT", "SPY", "QQQ");

  private static List<String> symbolsOf(List<Map<String, String>> configs) {
    return configs.stream().map(c -> c.get("symbols")).toList();
  }

  @Test
  void shouldPutTheSymbolsOfOneKafkaPartitionInOneTask() {
    final Map<String, String> props = new HashMap<>(PROPS);
    props.put("symbols", String.join(",", SYMBOLS));
    final DtcSourceConnector connector = new DtcSourceConnector();
    connector.start(props);

    final List<Map<String, String>> configs = connector.taskConfigs(2);

    assertThat(configs).hasSize(2).allSatisfy(c -> assertThat(c).containsEntry("dtc.password", "s3cret")
        .containsEntry("dtc.host", "127.0.0.1").containsEntry("task.count", "2"));
    assertThat(configs).extracting(c -> c.get("task.index")).containsExactlyInAnyOrder("0", "1");
    final Map<Integer, Set<String>> tasksByPartition = new HashMap<>();
    for (final Map<String, String> task : configs) {
      for (final String symbol : task.get("symbols").split(",")) {
        // The topics of a deployment with 2 tasks have 2, 4, ... partitions; the demo's and the tests' have 2.
        tasksByPartition.computeIfAbsent(partitionOf(symbol, 4), p -> new HashSet<>()).add(task.get("task.index"));
      }
    }
    assertThat(tasksByPartition).hasSizeGreaterThan(1).allSatisfy((partition, tasks) -> assertThat(tasks).hasSize(1));
    assertThat(configs.stream().flatMap(c -> Arrays.stream(c.get("symbols").split(","))))
        .containsExactlyInAnyOrderElementsOf(SYMBOLS);
  }

  @Test
  void shouldStartOneTaskPerSymbolAtMostWhenTasksMaxExceedsTheSymbols() {
    final DtcSourceConnector connector = new DtcSourceConnector();
    connector.start(PROPS);
    final List<Map<String, String>> configs = connector.taskConfigs(8);
    assertThat(configs).hasSizeBetween(1, 3);
    assertThat(configs.stream().flatMap(c -> Arrays.stream(c.get("symbols").split(","))))
        .containsExactlyInAnyOrder("ESZ6@CME", "NQZ6@CME", "EURUSD");
    assertThat(symbolsOf(connector.taskConfigs(1))).containsExactly("ESZ6@CME,NQZ6@CME,EURUSD");
  }

  /** The partition Kafka's producer gives a symbol's records: keyed by the symbol, as StringConverter writes it. */
  private static int partitionOf(String symbol, int partitions) {
    final String canonical = symbol.replaceFirst("@.*", "");
    return BuiltInPartitioner.partitionForKey(canonical.getBytes(StandardCharsets.UTF_8), partitions);
  }

  /** Connect stops a connector and starts it again on the same metrics (PUT /connectors/{name}/stop, /resume). */
  @Test
  void shouldStartAgainAfterAStop() {
    final Metrics metrics = new Metrics();
    final PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "dtc"));
    final DtcSourceConnector connector = new DtcSourceConnector();
    connector.initialize(new ConnectorContext() {
      @Override
      public void requestTaskReconfiguration() {
      }

      @Override
      public void raiseError(Exception e) {
      }

      @Override
      public PluginMetrics pluginMetrics() {
        return pluginMetrics;
      }
    });
    connector.start(PROPS);
    connector.stop();

    connector.start(PROPS);

    assertThat(metrics.metric(pluginMetrics.metricName("symbols-configured", "", new LinkedHashMap<>()))
        .metricValue()).isEqualTo(3);
  }

  @Test
  void shouldReportTheBackoffRuleOnTheMaximumKeyWhenValidated() {
    final Map<String, String> props = new HashMap<>(PROPS);
    props.put("reconnect.backoff.ms", "1000");
    props.put("reconnect.backoff.max.ms", "10");
    final List<ConfigValue> values = new DtcSourceConnector().validate(props).configValues();
    assertThat(values).filteredOn(v -> v.name().equals("reconnect.backoff.max.ms")).singleElement()
        .satisfies(v -> assertThat(v.errorMessages()).containsExactly("reconnect.backoff.max.ms (10) must be at"
            + " least reconnect.backoff.ms (1000): raise the maximum or lower the first delay"));
    assertThat(values).filteredOn(v -> !v.errorMessages().isEmpty()).hasSize(1);
  }

  @Test
  void shouldReportAHistoricalHostWithoutItsPortOnTheHostKeyWhenValidated() {
    final Map<String, String> props = new HashMap<>(PROPS);
    props.put("dtc.historical.host", "history.local");
    final List<ConfigValue> values = new DtcSourceConnector().validate(props).configValues();
    assertThat(values).filteredOn(v -> v.name().equals("dtc.historical.host")).singleElement()
        .satisfies(v -> assertThat(v.errorMessages()).containsExactly("dtc.historical.host (history.local) is set"
            + " but dtc.historical.port is not: set the historical data server's port (Sierra Chart: 11098) or"
            + " remove the host"));
    assertThat(values).filteredOn(v -> !v.errorMessages().isEmpty()).hasSize(1);
  }
}
