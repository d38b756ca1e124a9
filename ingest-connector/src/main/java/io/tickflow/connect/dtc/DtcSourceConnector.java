package io.tickflow.connect.dtc;

import io.tickflow.connect.PluginVersion;
import io.tickflow.connect.TaskGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source connector for a Sierra Chart DTC server: trades, quotes, market depth and security definitions of the
 * configured symbols, which {@code tasks.max} tasks share (each task holds one DTC connection).
 */
public final class DtcSourceConnector extends SourceConnector {

  private static final Logger log = LoggerFactory.getLogger(DtcSourceConnector.class);

  private Map<String, String> props;
  private DtcSourceConnectorConfig config;
  private volatile int tasks;
  /** The metrics registered at start, removed at stop: a stopped connector is started again on the same metrics. */
  private final List<MetricName> registered = new ArrayList<>();
  private PluginMetrics metrics;

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new DtcSourceConnectorConfig(props);
    this.props = Map.copyOf(props);
    log.info("Starting DTC source connector: {}", config.describe());
    registerMetrics(context == null ? null : context.pluginMetrics());
  }

  @Override
  public Class<? extends Task> taskClass() {
    return DtcSourceTask.class;
  }

  /**
   * One task per {@link TaskGroup} that has symbols: at most {@code maxTasks}, at most one per symbol, and the symbols
   * of one Kafka partition in one task (when {@code maxTasks} divides the topics' partition count), so that its
   * catch-up merge keeps the partition in time order.
   */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    final DtcRecords records = new DtcRecords(config);
    final long nowMicros = Math.multiplyExact(System.currentTimeMillis(), 1000L);
    final Map<Integer, List<SymbolSpec>> groups = new TreeMap<>();
    for (final SymbolSpec spec : config.symbols()) {
      groups.computeIfAbsent(TaskGroup.ofKey(records.key(spec, nowMicros), maxTasks), group -> new ArrayList<>())
          .add(spec);
    }
    final List<Map<String, String>> configs = new ArrayList<>(groups.size());
    groups.forEach((group, specs) -> {
      final Map<String, String> task = new HashMap<>(props);
      task.put(DtcSourceConnectorConfig.SYMBOLS_CONFIG,
          specs.stream().map(SymbolSpec::toString).collect(Collectors.joining(",")));
      task.put(TaskGroup.INDEX_CONFIG, Integer.toString(group));
      task.put(TaskGroup.COUNT_CONFIG, Integer.toString(maxTasks));
      configs.add(Map.copyOf(task));
    });
    tasks = configs.size();
    log.info("{} symbols split over {} tasks by the Kafka partition of their key among {}: {}", config.symbols().size(),
        configs.size(), maxTasks, groups);
    return List.copyOf(configs);
  }

  @Override
  public void stop() {
    log.info("Stopping DTC source connector");
    for (final MetricName name : registered) {
      metrics.removeMetric(name);
    }
    registered.clear();
  }

  @Override
  public ConfigDef config() {
    return DtcSourceConnectorConfig.CONFIG_DEF;
  }

  /**
   * The ConfigDef's per-key checks plus the cross-field rules (reconnect backoff, historical data server), so that
   * Connect's validation reports what {@code start()} would refuse.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    final Config result = super.validate(connectorConfigs);
    final Map<String, ConfigValue> values = new LinkedHashMap<>();
    result.configValues().forEach(value -> values.put(value.name(), value));
    final ConfigValue min = values.get(DtcSourceConnectorConfig.RECONNECT_BACKOFF_CONFIG);
    final ConfigValue max = values.get(DtcSourceConnectorConfig.RECONNECT_BACKOFF_MAX_CONFIG);
    if (min.errorMessages().isEmpty() && max.errorMessages().isEmpty()) {
      final String problem = DtcSourceConnectorConfig.reconnectBackoffProblem((Long) min.value(), (Long) max.value());
      if (problem != null) {
        max.addErrorMessage(problem);
      }
    }
    final ConfigValue historicalHost = values.get(DtcSourceConnectorConfig.HISTORICAL_HOST_CONFIG);
    final ConfigValue historicalPort = values.get(DtcSourceConnectorConfig.HISTORICAL_PORT_CONFIG);
    if (historicalHost.errorMessages().isEmpty() && historicalPort.errorMessages().isEmpty()) {
      final String problem = DtcSourceConnectorConfig.historicalServerProblem(
          ((String) historicalHost.value()).trim(), (Integer) historicalPort.value());
      if (problem != null) {
        historicalHost.addErrorMessage(problem);
      }
    }
    return result;
  }

  private void registerMetrics(PluginMetrics pluginMetrics) {
    if (pluginMetrics == null) {
      return;
    }
    metrics = pluginMetrics;
    final int configured = config.symbols().size();
    register("symbols-configured", "Symbols the connector streams.", (Gauge<Integer>) (config, now) -> configured);
    register("tasks-assigned", "Tasks the symbols are split across.", (Gauge<Integer>) (config, now) -> tasks);
  }

  private void register(String name, String description, Gauge<Integer> gauge) {
    final MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>());
    metrics.addMetric(metricName, gauge);
    registered.add(metricName);
  }
}
