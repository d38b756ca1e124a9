package io.tickflow.cli.run;

import io.tickflow.topics.TickflowTopics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * What {@code tickflow run} starts in this process and the settings of those components that have no config class of
 * their own. The Streams app and the query service read their keys from the same file (docs/configuration.md).
 */
public final class RunConfig extends AbstractConfig {

  public static final String COMPONENTS_CONFIG = "run.components";
  public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
  public static final String CONNECT_PREFIX = "connect.";
  public static final String CONNECT_CONNECTORS_DIR_CONFIG = "connect.connectors.dir";
  public static final String DTC_SIM_PORT_CONFIG = "dtc.sim.port";
  public static final String DTC_SIM_RATE_CONFIG = "dtc.sim.rate";
  public static final String DTC_SIM_SEED_CONFIG = "dtc.sim.seed";

  /** The components {@code run.components} may name. */
  public enum Component {
    /** Create missing topics and report drift, once at start. */
    TOPICS(false),
    /** A Kafka Connect worker (distributed mode) with Tickflow's connectors and the JDBC sink. */
    CONNECT(true),
    /** The Streams app with the query service (REST, WebSocket, metrics, web page). */
    QUERY(true),
    /** The DTC simulator, a stand-in for a Sierra Chart DTC server. */
    DTC_SIM(true);

    private final boolean service;

    Component(boolean service) {
      this.service = service;
    }

    static Component parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private static final String GROUP = "Run";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(COMPONENTS_CONFIG, Type.LIST, "topics,query", new ComponentsValidator(), Importance.HIGH,
          "Components this process runs, any of: topics (create missing topics at start; with topics alone the "
              + "command exits after that), connect (a Kafka Connect worker with Tickflow's connectors), query (the Streams app and the query service), dtc-sim (the "
              + "DTC simulator).", GROUP, 1, ConfigDef.Width.LONG, "Components")
      .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Kafka bootstrap servers of every component.", GROUP, 2, ConfigDef.Width.LONG,
          "Bootstrap servers")
      .define(TOPICS_PARTITIONS_CONFIG, Type.INT, TickflowTopics.DEFAULT_PARTITIONS, Range.atLeast(1),
          Importance.MEDIUM, "Partitions of topics created by the topics component; a multiple of a source"
              + " connector's tasks.max, so that each partition's instruments are one task's.", GROUP, 3,
          ConfigDef.Width.SHORT, "Topic partitions")
      .define(TOPICS_REPLICATION_FACTOR_CONFIG, Type.SHORT, TickflowTopics.DEFAULT_REPLICATION_FACTOR,
          Range.between(1, Short.MAX_VALUE), Importance.MEDIUM,
          "Replication factor of topics created by the topics component and of Connect's internal topics.", GROUP,
          4, ConfigDef.Width.SHORT, "Replication factor")
      .define(CONNECT_CONNECTORS_DIR_CONFIG, Type.STRING, "", Importance.MEDIUM,
          "Directory of connector configs (*.json: {\"name\":...,\"config\":{...}} or *.properties) that the connect "
              + "component creates or updates at start; empty for none. Other 'connect.*' keys are worker settings "
              + "(e.g. connect.group.id, connect.listeners).", GROUP, 5, ConfigDef.Width.LONG, "Connector configs")
      .define(DTC_SIM_PORT_CONFIG, Type.INT, 11099, Range.between(0, 65535), Importance.LOW,
          "Port of the DTC simulator.", GROUP, 6, ConfigDef.Width.SHORT, "DTC simulator port")
      .define(DTC_SIM_RATE_CONFIG, Type.INT, 1000, Range.atLeast(0), Importance.LOW,
          "Simulator market events per second over all instruments.", GROUP, 7, ConfigDef.Width.SHORT,
          "DTC simulator rate")
      .define(DTC_SIM_SEED_CONFIG, Type.LONG, 1L, Importance.LOW, "Simulator seed.", GROUP, 8,
          ConfigDef.Width.SHORT, "DTC simulator seed");

  private final Set<Component> components;

  public RunConfig(Map<?, ?> settings) {
    super(CONFIG_DEF, settings, false);
    this.components = Set.copyOf(getList(COMPONENTS_CONFIG).stream().map(Component::parse).toList());
  }

  public boolean runs(Component component) {
    return components.contains(component);
  }

  /** Whether a component runs until stopped; with none, {@code tickflow run} exits after its one-off steps. */
  public boolean runsServices() {
    return components.stream().anyMatch(component -> component.service);
  }

  public String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS_CONFIG);
  }

  /** Worker settings: every {@code connect.*} key but the connectors directory, without the prefix. */
  public Map<String, Object> connectWorkerSettings() {
    Map<String, Object> worker = originalsWithPrefix(CONNECT_PREFIX);
    worker.remove(CONNECT_CONNECTORS_DIR_CONFIG.substring(CONNECT_PREFIX.length()));
    return worker;
  }

  /** One or more component names. */
  private static final class ComponentsValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> names = (List<String>) value;
      if (names.isEmpty()) {
        throw new ConfigException(name, value, "name at least one component");
      }
      for (String component : names) {
        try {
          Component.parse(component);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, component, "not a component; use topics, connect, query or dtc-sim");
        }
      }
    }

    @Override
    public String toString() {
      return "one or more of topics, connect, query, dtc-sim";
    }
  }
}
