package io.tickflow.connect.scid;

import io.tickflow.connect.PluginVersion;
import io.tickflow.connect.TaskGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source connector for Sierra Chart {@code .scid} (trades) and {@code .depth} (market depth) files in one
 * directory. Each task reads the files of the instruments in its {@link TaskGroup} (by the Kafka partition of their
 * canonical symbol), so new files are picked up without reconfiguring the tasks.
 */
public final class ScidSourceConnector extends SourceConnector {

  private static final Logger log = LoggerFactory.getLogger(ScidSourceConnector.class);

  private Map<String, String> props;

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    final ScidSourceConnectorConfig config = new ScidSourceConnectorConfig(props);
    this.props = Map.copyOf(props);
    log.info("Starting Sierra Chart file connector: {}", config.describe());
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ScidSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    final List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      final Map<String, String> task = new HashMap<>(props);
      task.put(TaskGroup.INDEX_CONFIG, Integer.toString(i));
      task.put(TaskGroup.COUNT_CONFIG, Integer.toString(maxTasks));
      configs.add(Map.copyOf(task));
    }
    return List.copyOf(configs);
  }

  @Override
  public void stop() {
    log.info("Stopping Sierra Chart file connector");
  }

  @Override
  public ConfigDef config() {
    return ScidSourceConnectorConfig.CONFIG_DEF;
  }

  /** Offsets are exact byte positions, so the connector can run with exactly-once source support. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }
}
