package io.tickflow.integration.plugins;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** Test plugin: keeps every record it receives in {@link #RECEIVED}, as the worker's converter produced it. */
public class CollectingSinkConnector extends SinkConnector {

  public static final List<SinkRecord> RECEIVED = new CopyOnWriteArrayList<>();

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return CollectingTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public String version() {
    return "test";
  }

  /** Appends to {@link #RECEIVED}. */
  public static class CollectingTask extends SinkTask {

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public void put(Collection<SinkRecord> records) {
      RECEIVED.addAll(records);
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
      return "test";
    }
  }
}
