package io.tickflow.cli.deploy.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickflow.cli.FreePorts;
import io.tickflow.cli.local.Components;
import io.tickflow.cli.run.RunCommand;
import io.tickflow.cli.run.RunConfig;
import io.tickflow.cli.run.Settings;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TestPostgres;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's Connect side as docker/compose.yaml runs it, without Docker: a plain Kafka Connect worker process
 * (Kafka's {@code ConnectDistributed}, nothing of Tickflow on its class path) started from
 * {@code docker/connect/connect-distributed.properties}, loading the two built plugin directories through
 * {@code plugin.path} (the worker's Avro converter included), running the connector configs of
 * {@code docker/connect/connectors/}. Tickflow itself (topics, DTC simulator, Streams app) runs in this JVM as
 * {@code tickflow run} starts it. Trades and final bars must reach PostgreSQL exactly: as many rows as records, with
 * the same total size and volume.
 */
@Tag("integration")
class ComposeConnectWorkerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DOCKER_CONNECT = Path.of("..", "docker", "connect");
  private static final List<Path> PLUGIN_PATH = List.of(
      Path.of("..", "ingest-connector", "target", "tickflow-connectors-0.1.0-connect-plugin"),
      Path.of("..", "connect-config", "target", "tickflow-jdbc-sink-0.1.0-connect-plugin"));
  /** Jars a plugin bundles that Kafka's runtime also needs itself (REST: Jersey's injection; version ranges). */
  private static final Set<String> SHARED_WITH_RUNTIME = Set.of("commons-lang3-", "jakarta.inject-api-",
      "jakarta.activation-api-", "jakarta.xml.bind-api-");
  private static final String DTC_SOURCE = "tickflow-dtc-source";
  /** Kept after the run, for a failure's diagnosis. */
  private static final Path WORKER_LOG = Path.of("target", "ComposeConnectWorkerIT-worker.log");

  @TempDir
  Path directory;

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("compose_connect");
  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedKafkaBroker broker;
  private Components tickflow;
  private Process worker;
  private Totals settled;

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.destroy();
      if (!worker.waitFor(30, TimeUnit.SECONDS)) {
        worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    if (tickflow != null) {
      tickflow.close();
    }
    if (broker != null) {
      broker.close();
    }
    postgres.dropSchema(schema);
  }

  @Test
  void shouldRunTheComposeConnectorsFromThePluginDirectoriesInAPlainWorker() throws Exception {
    PLUGIN_PATH.forEach(dir -> assertThat(dir).as("plugin directory, built by mvn package").isDirectory());
    broker = EmbeddedKafkaBroker.start();
    int dtcPort = FreePorts.one();
    startTickflow(dtcPort);
    migrateDatabase();
    String connect = startWorker(dtcPort);

    JsonNode plugins = get(connect + "/connector-plugins");
    assertThat(plugins.findValuesAsText("class")).contains("io.tickflow.connect.dtc.DtcSourceConnector",
        "io.tickflow.connect.scid.ScidSourceConnector", "io.tickflow.connect.sink.TickflowJdbcSinkConnector");
    List<String> names = registerComposeConnectors(connect);
    assertThat(names).containsExactlyInAnyOrder(DTC_SOURCE, "tickflow-ticks-sink", "tickflow-bars-sink",
        "tickflow-instruments-sink");
    for (String name : names) {
      await(name + " running").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
          .until(() -> running(connect, name));
    }

    // The simulator's security definitions too, one row per instrument (Kafka's own transforms in a plain worker).
    await("ticks, final bars and instruments in PostgreSQL").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
        .until(() -> count("ticks") > 100 && count("bars") > 0 && count("instruments") > 0);
    put(connect + "/connectors/" + DTC_SOURCE + "/pause");

    // Once the source is paused and everything has drained, the tables hold exactly what the topics hold, and
    // stay so.
    await("tables equal to topics, twice in a row").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(3))
        .until(this::settled);
    assertThat(settled.ticks()).isPositive();
    assertThat(settled.bars()).isPositive();
  }

  /** Rows and their summed size (ticks) and volume (bars). */
  private record Totals(long ticks, long size, long bars, long volume) {
  }

  private void startTickflow(int dtcPort) throws Exception {
    Properties properties = new Properties();
    properties.putAll(Map.of(
        "run.components", "topics,dtc-sim,query",
        "bootstrap.servers", broker.bootstrapServers(),
        "topics.partitions", "2",
        "topics.replication.factor", "1",
        "dtc.sim.port", Integer.toString(dtcPort),
        "application.id", "tickflow-compose-it",
        "state.dir", directory.resolve("state").toString(),
        "http.port", Integer.toString(FreePorts.one()),
        "bars.timeframes", "5s",
        "bars.grace.ms", "1000"));
    properties.put("replication.factor", "1");
    Path file = directory.resolve("tickflow.properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    Map<String, String> settings = Settings.load(file, Map.of());
    tickflow = new Components(Components.StatusListener.SILENT);
    RunCommand.start(tickflow, new RunConfig(settings), settings);
  }

  private void migrateDatabase() throws Exception {
    DbMigrate.migrate(new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, postgres.url(),
        MigrateConfig.USER_CONFIG, postgres.user(), MigrateConfig.PASSWORD_CONFIG, postgres.password(),
        MigrateConfig.SCHEMA_CONFIG, schema)));
  }

  /** The compose worker's own properties file, with this machine's addresses; the compose environment. */
  private String startWorker(int dtcPort) throws Exception {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(DOCKER_CONNECT.resolve("connect-distributed.properties"))) {
      properties.load(reader);
    }
    int port = FreePorts.one();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("listeners", "http://127.0.0.1:" + port);
    properties.put("rest.advertised.host.name", "127.0.0.1");
    properties.put("rest.advertised.port", Integer.toString(port));
    properties.put("plugin.path", PLUGIN_PATH.stream().map(p -> p.toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(",")));
    Path file = directory.resolve("connect-distributed.properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    Path logback = directory.resolve("logback.xml");
    Files.writeString(logback, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
        + "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>"
        + "</appender><root level=\"INFO\"><appender-ref ref=\"out\"/></root></configuration>");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.timezone=UTC", "-Dlogback.configurationFile=" + logback, "-cp", runtimeClassPath(),
        "org.apache.kafka.connect.cli.ConnectDistributed", file.toString())
        .redirectErrorStream(true).redirectOutput(WORKER_LOG.toFile());
    builder.environment().putAll(Map.of(
        "TICKFLOW_JDBC_URL", postgres.url(),
        "TICKFLOW_JDBC_USER", postgres.user(),
        "TICKFLOW_JDBC_PASSWORD", postgres.password(),
        "TICKFLOW_DTC_HOST", "127.0.0.1",
        "TICKFLOW_DTC_PORT", Integer.toString(dtcPort),
        "TICKFLOW_DTC_HISTORICAL_HOST", "",
        "TICKFLOW_DTC_HISTORICAL_PORT", "0",
        "TICKFLOW_DTC_USERNAME", "",
        "TICKFLOW_DTC_PASSWORD", "",
        "TICKFLOW_DTC_SYMBOLS", "ESZ6@CME,EURUSD@FX,AAPL@NASDAQ"));
    worker = builder.start();
    String url = "http://127.0.0.1:" + port;
    await("Connect REST API").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
        .failFast("the worker process exited, see " + WORKER_LOG, () -> !worker.isAlive())
        .ignoreExceptions().until(() -> get(url + "/connectors").isArray());
    return url;
  }

  /**
   * This JVM's class path without Tickflow's classes and without the jars the plugins bring, so that every class a
   * connector or the converter needs must come from its plugin directory, as in the Connect container.
   */
  private static String runtimeClassPath() throws IOException {
    Set<String> bundled;
    try (Stream<Path> jars = PLUGIN_PATH.stream().flatMap(ComposeConnectWorkerIT::jarsIn)) {
      bundled = jars.map(jar -> jar.getFileName().toString())
          .filter(name -> SHARED_WITH_RUNTIME.stream().noneMatch(name::startsWith)).collect(Collectors.toSet());
    }
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      boolean tickflowClasses = entry.contains(File.separator + "target" + File.separator)
          || name.startsWith("tickflow-");
      if (!tickflowClasses && !bundled.contains(name)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Stream<Path> jarsIn(Path pluginPathEntry) {
    try (Stream<Path> files = Files.walk(pluginPathEntry)) {
      return files.filter(file -> file.toString().endsWith(".jar")).toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list " + pluginPathEntry, e);
    }
  }

  /** PUTs every docker/connect/connectors/*.json, the sinks pointed at this test's schema. */
  private List<String> registerComposeConnectors(String connect) throws Exception {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(DOCKER_CONNECT.resolve("connectors"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        String collection = config.path("collection.name.format").asText("");
        if (!collection.isEmpty()) {
          config.put("collection.name.format", collection.replaceFirst("^tickflow\\.", schema + "."));
        }
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(connect + "/connectors/" + name
            + "/config")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(config))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("PUT %s: %s", name, response.body()).isIn(200, 201);
        names.add(name);
      }
    }
    return names;
  }

  private boolean running(String connect, String name) throws Exception {
    JsonNode status = get(connect + "/connectors/" + name + "/status");
    JsonNode tasks = status.path("tasks");
    for (JsonNode task : tasks) {
      assertThat(task.path("state").asText()).as("%s task: %s", name, task.path("trace").asText())
          .isNotEqualTo("FAILED");
    }
    return "RUNNING".equals(status.path("connector").path("state").asText()) && !tasks.isEmpty()
        && tasks.findValuesAsText("state").stream().allMatch("RUNNING"::equals);
  }

  private boolean settled() throws Exception {
    List<Trade> trades = read(TickflowTopics.TRADES, Trade.class);
    List<Bar> bars = read(TickflowTopics.BARS_FINAL, Bar.class);
    Totals topics = new Totals(trades.size(), total(trades, Trade::getSize), bars.size(), total(bars, Bar::getVolume));
    Totals tables = new Totals(count("ticks"), sum("ticks", "size"), count("bars"), sum("bars", "volume"));
    boolean stable = topics.equals(tables) && topics.equals(settled);
    settled = topics;
    return stable;
  }

  private <T extends org.apache.avro.specific.SpecificRecord> List<T> read(String topic, Class<T> type) {
    try (AvroDeserializer<T> deserializer = new AvroDeserializer<>(type)) {
      List<T> values = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker, topic, Duration.ofSeconds(30))) {
        values.add(deserializer.deserialize(topic, record.value()));
      }
      return values;
    }
  }

  private static <T> long total(List<T> values, ToLongFunction<T> field) {
    return values.stream().mapToLong(field).sum();
  }

  private long count(String table) throws Exception {
    return queryLong("SELECT count(*) FROM \"" + schema + "\"." + table);
  }

  private long sum(String table, String column) throws Exception {
    return queryLong("SELECT coalesce(sum(" + column + "), 0) FROM \"" + schema + "\"." + table);
  }

  private long queryLong(String sql) throws Exception {
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private void put(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("PUT %s: %s", url, response.body()).isEqualTo(202);
  }
}
