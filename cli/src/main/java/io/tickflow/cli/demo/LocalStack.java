package io.tickflow.cli.demo;

import io.tickflow.cli.local.Components;
import io.tickflow.cli.local.DtcSimulatorStarter;
import io.tickflow.cli.local.LocalConnectWorker;
import io.tickflow.cli.local.LocalKafkaBroker;
import io.tickflow.cli.local.Ports;
import io.tickflow.connect.dtc.DtcSourceConnector;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code tickflow demo} runs, in one JVM, started in data-flow order and stopped in reverse: a local Kafka
 * broker, the topics, the DTC simulator, a Connect worker running the DTC source connector (and the JDBC sink when a
 * database is given), and the query service with its embedded Streams app. The end-to-end tests start exactly this.
 */
public final class LocalStack implements AutoCloseable {

  /** Connector names in the demo's Connect worker. */
  public static final String DTC_CONNECTOR = "tickflow-dtc-source";

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final int PARTITIONS = 2;
  /** How long the sink's tasks may take to connect to the database before the demo gives up. */
  private static final Duration SINK_START_TIMEOUT = Duration.ofSeconds(60);

  private final DemoSettings settings;
  private final Components components;
  private LocalKafkaBroker broker;
  private LocalConnectWorker connect;
  private QueryServiceHandle query;

  private LocalStack(DemoSettings settings, Components.StatusListener status) {
    this.settings = settings;
    this.components = new Components(status);
  }

  /**
   * Starts every component, reporting each to {@code status}. On failure, what was started is stopped again and the
   * exception propagates.
   */
  public static LocalStack start(DemoSettings settings, Components.StatusListener status) {
    LocalStack stack = new LocalStack(settings, status);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** The Kafka bootstrap servers of the local broker. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** The web page, REST and WebSocket base URL. */
  public String url() {
    return query.url();
  }

  /** The Connect worker, to inspect connector status. */
  public LocalConnectWorker connect() {
    return connect;
  }

  private void startAll() {
    requirePortsFree();
    broker = components.start("Kafka broker on 127.0.0.1:" + settings.kafkaPort(),
        () -> LocalKafkaBroker.start(settings.directory().resolve("kafka"), settings.kafkaPort()));
    components.run("Topics", this::createTopics);
    components.start("DTC simulator on 127.0.0.1:" + settings.dtcPort() + ", history on "
        + settings.dtcHistoricalPort() + " (" + settings.instruments().size() + " instruments, "
        + settings.eventsPerSecond() + " events/s)",
        this::startSimulator);
    connect = components.start("Kafka Connect worker with the DTC source connector", this::startConnect);
    if (settings.database() != null) {
      components.run("Database tables and JDBC sink connectors", this::startSink);
    }
    query = components.start("Streams app and query service on http://127.0.0.1:" + settings.httpPort() + "/",
        () -> QueryServiceHandle.start(settings, broker.bootstrapServers()));
  }

  private DtcSimulator startSimulator() {
    LastTrades.SimulatedMarket market = LastTrades.resume(settings.instruments(), broker.bootstrapServers(),
        settings.prehistory(), Instant.now());
    log.info("The DTC simulator makes up {} of market before its start", market.prehistory());
    return DtcSimulatorStarter.start("127.0.0.1", settings.dtcPort(), settings.dtcHistoricalPort(),
        market.instruments(), settings.eventsPerSecond(), settings.seed(), market.prehistory());
  }

  /**
   * Every port, before anything starts: one line naming each taken port and the option that moves it, instead of a
   * half-started stack and one taken port per attempt.
   */
  private void requirePortsFree() {
    Ports.requireFree(settings.listeners());
  }

  private void createTopics() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(PARTITIONS, (short) 1));
    }
  }

  private LocalConnectWorker startConnect() {
    LocalConnectWorker worker = LocalConnectWorker.start(broker.bootstrapServers(),
        settings.directory().resolve("connect"), settings.connectPort());
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", DtcSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("dtc.host", "127.0.0.1");
    config.put("dtc.port", Integer.toString(settings.dtcPort()));
    // As against Sierra Chart, whose market-data port serves no history: the demo's gaps take that path too.
    config.put("dtc.historical.port", Integer.toString(settings.dtcHistoricalPort()));
    config.put("symbols", settings.dtcSymbols());
    // A first start fetches the simulator's made-up past, and what it streamed before the subscriptions.
    config.put("backfill.lookback.ms", Long.toString(settings.backfillSpan().toMillis()));
    config.put("depth.levels", "5");
    worker.putConnector(DTC_CONNECTOR, config);
    return worker;
  }

  private void startSink() {
    DemoSettings.DemoDatabase database = settings.database();
    Map<String, Object> migrate = new HashMap<>();
    migrate.put(MigrateConfig.URL_CONFIG, database.url());
    migrate.put(MigrateConfig.USER_CONFIG, database.user());
    migrate.put(MigrateConfig.PASSWORD_CONFIG, database.password());
    migrate.put(MigrateConfig.SCHEMA_CONFIG, database.schema());
    MigrateConfig config = new MigrateConfig(migrate);
    try {
      log.info("{}", DbMigrate.migrate(config).summary());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("Cannot migrate the database at " + database.url() + ": " + e.getMessage(), e);
    }
    for (SinkConnectorDefinition sink : SinkConnectorDefinition.all()) {
      SinkConnectorDefinition ready = sink.forDatabase(database.url(), database.user(), database.password(),
          config.schema());
      connect.putConnector(ready.name(), ready.config());
      connect.awaitRunning(ready.name(), SINK_START_TIMEOUT);
    }
  }

  /** Stops everything started, newest first. */
  @Override
  public void close() {
    components.close();
  }
}
