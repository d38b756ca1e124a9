package io.tickflow.cli.run.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.cli.FreePorts;
import io.tickflow.cli.TickflowCli;
import io.tickflow.cli.local.Components;
import io.tickflow.cli.run.RunCommand;
import io.tickflow.cli.run.RunConfig;
import io.tickflow.cli.run.Settings;
import io.tickflow.testing.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickflow run} in production mode against an external Kafka (here a test broker): one properties file with
 * an environment override starts the topics step, the DTC simulator, a distributed Connect worker that creates the DTC
 * connector from a directory of configs, and the Streams app with the query service; bars come out of the API.
 */
@Tag("integration")
class RunCommandIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  private EmbeddedKafkaBroker broker;
  private Components components;

  @AfterEach
  void stop() {
    if (components != null) {
      components.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldRunEveryComponentFromOneFileWithEnvironmentOverrides() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    int dtcPort = FreePorts.one();
    int httpPort = FreePorts.one();
    Path connectors = Files.createDirectories(directory.resolve("connectors"));
    Files.writeString(connectors.resolve("dtc.json"), "{\"name\":\"dtc\",\"config\":{"
        + "\"connector.class\":\"io.tickflow.connect.dtc.DtcSourceConnector\",\"tasks.max\":\"1\","
        + "\"dtc.host\":\"127.0.0.1\",\"dtc.port\":\"" + dtcPort + "\",\"symbols\":\"ESZ6@CME,EURUSD@FX\"}}");
    Path file = directory.resolve("tickflow.properties");
    Properties properties = new Properties();
    properties.putAll(Map.of(
        "run.components", "topics,dtc-sim,connect,query",
        "bootstrap.servers", "wrong-host:1",
        "topics.partitions", "2",
        "topics.replication.factor", "1",
        "connect.connectors.dir", connectors.toString(),
        "connect.listeners", "http://127.0.0.1:" + FreePorts.one(),
        "dtc.sim.port", Integer.toString(dtcPort),
        "application.id", "tickflow-run-it",
        "state.dir", directory.resolve("state").toString(),
        "http.port", Integer.toString(httpPort)));
    properties.put("replication.factor", "1");
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    // The environment wins over the file: the real cluster's address comes from TICKFLOW_BOOTSTRAP_SERVERS.
    Map<String, String> settings = Settings.load(file, Map.of("TICKFLOW_BOOTSTRAP_SERVERS",
        broker.bootstrapServers()));

    components = new Components(Components.StatusListener.SILENT);
    RunCommand.start(components, new RunConfig(settings), settings);

    HttpClient http = HttpClient.newHttpClient();
    JsonNode bars = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
          + "/api/v1/bars/ESZ26?tf=1m")).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }, body -> body != null && body.path("count").asInt() > 0);
    assertThat(bars.path("bars").get(0).path("trades").asLong()).isPositive();
    // The worker joined the Connect cluster of the shipped worker config and compose file (docs/deployment.md).
    try (Admin admin = broker.admin()) {
      assertThat(admin.listTopics().names().get()).contains("tickflow-connect.configs", "tickflow-connect.offsets",
          "tickflow-connect.status");
    }
  }

  @Test
  void shouldExitWithOneLineNamingThePortWhenTheConnectRestPortIsInUse() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + busy.getLocalPort();
      Set<Thread> before = Thread.getAllStackTraces().keySet();

      String error = errorOfRun("run.components", "connect", "connect.listeners", url);

      assertThat(error).isEqualTo("tickflow run: Kafka Connect worker cannot listen on " + url
          + " (connect.listeners): Address already in use" + System.lineSeparator());
      assertNothingLeftRunning(before);
    }
  }

  @Test
  void shouldExitWithOneLineNamingThePortWhenTheHttpPortIsInUse() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();

      String error = errorOfRun("run.components", "query", "http.host", "127.0.0.1", "http.port",
          Integer.toString(busy.getLocalPort()));

      assertThat(error).startsWith("tickflow run: ").contains(Integer.toString(busy.getLocalPort()))
          .containsIgnoringCase("in use");
      assertThat(error.lines()).hasSize(1);
      assertNothingLeftRunning(before);
    }
  }

  /** Runs {@code tickflow run} on a file of these settings; expects exit code 1 and returns stderr. */
  private String errorOfRun(String... keysAndValues) throws Exception {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("state.dir", directory.resolve("state").toString());
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    Path file = directory.resolve("busy.properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var commandLine = TickflowCli.commandLine();
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    assertThat(commandLine.execute("run", "--config", file.toString())).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A failed start leaves no thread that would keep the JVM alive. */
  private static void assertNothingLeftRunning(Set<Thread> before) {
    await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
            .map(Thread::getName).toList()).isEmpty());
  }
}
