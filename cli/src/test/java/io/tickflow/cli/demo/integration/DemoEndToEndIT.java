package io.tickflow.cli.demo.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickflow.cli.FreePorts;
import io.tickflow.cli.demo.DemoSettings;
import io.tickflow.cli.demo.LocalStack;
import io.tickflow.cli.local.Components;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.testing.TestPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code tickflow demo} starts, in process, end to end: DTC simulator -> Connect -> Kafka -> Streams -> query
 * service (WebSocket and REST) and -> JDBC sink -> PostgreSQL. Short timeframes so bars close within seconds.
 */
@Tag("integration")
class DemoEndToEndIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYMBOL = "ESZ26";
  private static final Duration PREHISTORY = Duration.ofMinutes(3);

  @TempDir
  Path directory;

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("demo_e2e");
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    postgres.dropSchema(schema);
  }

  @Test
  void shouldDeliverLiveBarsOverWebSocketRestAndIntoPostgres() throws Exception {
    // The JDBC sink writes timestamps in the JVM's zone; the demo command sets UTC the same way.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    List<String> hooks = new CopyOnWriteArrayList<>();
    Exit.setShutdownHookAdder((name, hook) -> hooks.add(name));
    Instant started = Instant.now();
    try {
      stack = LocalStack.start(settings(Instrument.defaults(List.of("ESZ6", "EURUSD", "AAPL")), PREHISTORY,
          // Credentials only in the URL, as getting-started.md's --jdbc-url '...?user=...&password=...' gives them.
          new DemoSettings.DemoDatabase(postgres.url(), "", "", schema),
          Map.of("bars.timeframes", "5s,1m", "bars.grace.ms", "1000")), Components.StatusListener.SILENT);
    } finally {
      Exit.resetShutdownHookAdder();
    }
    // The commands stop the stack in order from their own hook; Connect's would race it (Kafka's JMX hook only
    // unregisters MBeans).
    assertThat(hooks).as("shutdown hooks registered by the stack's components").doesNotContain("connect-shutdown-hook");
    String base = stack.url();

    BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"),
        new Collector(messages)).get(30, TimeUnit.SECONDS);
    socket.sendText("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"" + SYMBOL
        + "\",\"timeframe\":\"5s\"}", true);
    List<JsonNode> updates = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (updates.size() < 5 && System.nanoTime() < deadline) {
      JsonNode message = messages.poll(1, TimeUnit.SECONDS);
      if (message != null && "update".equals(message.path("type").asText())) {
        updates.add(message);
      }
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");

    assertThat(updates).as("live bar updates over WebSocket").hasSize(5);
    for (int i = 1; i < updates.size(); i++) {
      assertThat(updates.get(i).path("seq").asLong()).isEqualTo(updates.get(i - 1).path("seq").asLong() + 1);
    }
    JsonNode live = updates.get(updates.size() - 1).path("data");
    assertThat(live.path("symbol").asText()).isEqualTo(SYMBOL);

    JsonNode finalBar = await().atMost(TIMEOUT).until(() -> firstFinalBar(base), bar -> bar != null);
    assertThat(finalBar.path("trades").asLong()).isPositive();

    Map<String, Object> row = await().atMost(TIMEOUT).until(() -> barRow(finalBar.path("start").asText()),
        r -> r != null);
    assertThat(row.get("open")).isEqualTo(finalBar.path("open").asDouble());
    assertThat(row.get("high")).isEqualTo(finalBar.path("high").asDouble());
    assertThat(row.get("low")).isEqualTo(finalBar.path("low").asDouble());
    assertThat(row.get("close")).isEqualTo(finalBar.path("close").asDouble());
    assertThat(row.get("volume")).isEqualTo(finalBar.path("volume").asLong());

    // The security definitions too: the symbol's row says what the API says, the feed's spelling beside it.
    JsonNode instrument = await().atMost(TIMEOUT).until(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/instruments/"
          + SYMBOL)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }, found -> found != null);
    Map<String, Object> definition = await().atMost(TIMEOUT).until(this::instrumentRow, r -> r != null);
    assertThat(definition).containsEntry("feed_symbol", "ESZ6")
        .containsEntry("description", instrument.path("description").asText())
        .containsEntry("tick_size", instrument.path("tickSize").asDouble())
        .containsEntry("currency_value_per_tick", instrument.path("tickValue").asDouble());

    // The market the simulator made up before it started came with the first backfill: the chart has a past.
    Instant oldest = await().atMost(TIMEOUT).until(() -> oldestBarStart(base),
        start -> start != null && start.isBefore(started.minus(PREHISTORY).plusSeconds(60)));
    assertThat(oldest).isAfterOrEqualTo(started.minus(PREHISTORY).minusSeconds(60));
    // Each symbol's past comes while the others' are already live in the same partitions: none of it is late.
    assertThat(metric(base, "tickflow_pipeline_records_rejected_total{pipeline=\"trades\",reason=\"late\"}"))
        .isZero();
    assertThat(metric(base, "tickflow_pipeline_records_in_total{pipeline=\"trades\"}")).isPositive();

    // As against Sierra Chart, history comes from the simulator's historical port: the first backfill went there.
    assertThat(dtcTaskMetric("historical-connects-total")).isPositive();
    assertThat(dtcTaskMetric("historical-failures-total")).isZero();
    assertThat(dtcTaskMetric("backfills-completed-total")).isPositive();
  }

  /**
   * The DTC feed stops for longer than {@code bars.idle.ms} while the Streams app runs on, with bars open for every
   * symbol; when it comes back every symbol fills the gap from its history. None of those trades is late: the
   * histories are written merged in time, so no symbol's history moves stream time past bars another one still
   * has to fill, and the gap's bars are there. With two tasks too: each writes its merge into partitions of its own.
   */
  @ParameterizedTest(name = "tasks.max={0}")
  @ValueSource(ints = {1, 2})
  void shouldFillAFeedGapLongerThanTheIdlePeriodWithoutALateTrade(int tasks) throws Exception {
    Duration idle = Duration.ofSeconds(3);
    DemoSettings settings = settings(Instrument.defaults(), Duration.ZERO, null,
        Map.of("bars.timeframes", "5s,1m", "bars.grace.ms", "1000", "bars.idle.ms", Long.toString(idle.toMillis())));
    stack = LocalStack.start(settings, Components.StatusListener.SILENT);
    String base = stack.url();
    if (tasks > 1) {
      reconfigure(settings, "tasks.max", Integer.toString(tasks));
      await().atMost(TIMEOUT).until(() -> stack.connect().status(LocalStack.DTC_CONNECTOR).tasks().stream()
          .filter(task -> "RUNNING".equals(task.state())).count() == tasks);
    }
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> dtcTaskMetric("backfills-completed-total") >= 10
        && metric(base, "tickflow_pipeline_records_in_total{pipeline=\"trades\"}") > 1_000);

    connectorRequest(settings, "stop");
    await().atMost(TIMEOUT).until(() -> "STOPPED".equals(stack.connect().status(LocalStack.DTC_CONNECTOR)
        .connector().state()));
    Instant stopped = Instant.now();
    Thread.sleep(idle.multipliedBy(4).toMillis()); // the gap itself: the simulator trades on, nothing is read
    Instant resumed = Instant.now();
    connectorRequest(settings, "resume");

    // The resumed task counts from zero: every symbol filled the gap.
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> dtcTaskMetric("backfills-completed-total") >= 10);
    await().atMost(TIMEOUT).until(() -> newestClosedBarStart(base).isAfter(resumed.plusSeconds(5)));
    assertThat(metric(base, "tickflow_pipeline_records_rejected_total{pipeline=\"trades\",reason=\"late\"}"))
        .isZero();
    Instant from = stopped.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Instant to = resumed.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    long windows = Math.floorDiv(to.getEpochSecond(), 5) - Math.floorDiv(from.getEpochSecond() - 1, 5);
    assertThat(bars(base, "5s&from=" + from + "&to=" + to)).as("5s bars of %s starting in the gap", SYMBOL)
        .hasSize((int) windows);
  }

  /** PUT /connectors/{dtc}/{action} on the demo's Connect REST API, as an operator would stop or resume it. */
  private void connectorRequest(DemoSettings settings, String action) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + settings.connectPort() + "/connectors/" + LocalStack.DTC_CONNECTOR + "/" + action))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", action, response.body()).isBetween(200, 299);
  }

  /** Sets one key of the demo's DTC connector through Connect's REST API (GET, then PUT its config). */
  private void reconfigure(DemoSettings settings, String key, String value) throws Exception {
    URI config = URI.create("http://127.0.0.1:" + settings.connectPort() + "/connectors/" + LocalStack.DTC_CONNECTOR
        + "/config");
    ObjectNode body = (ObjectNode) JSON.readTree(http.send(HttpRequest.newBuilder(config).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
    body.put(key, value);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(config).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("PUT config: %s", response.body()).isBetween(200, 299);
  }

  /** A metric of the demo's DTC source tasks, summed over them, read from JMX as an operator would. */
  private static long dtcTaskMetric(String name) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long sum = 0;
    for (ObjectName task : server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
        + LocalStack.DTC_CONNECTOR + ",task=*"), null)) {
      sum += ((Number) server.getAttribute(task, name)).longValue();
    }
    return sum;
  }

  /** A sample of the query service's Prometheus page, by its name and labels as written there. */
  private double metric(String base, String sample) throws Exception {
    String page = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return page.lines().filter(line -> line.startsWith(sample + " ")).mapToDouble(line ->
        Double.parseDouble(line.substring(sample.length() + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + sample + " on /metrics"));
  }

  /** The bars of {@link #SYMBOL} the REST API answers for {@code query} ("5s&from=..."); none while it refuses. */
  private JsonNode bars(String base, String query) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/bars/" + SYMBOL
        + "?tf=" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).path("bars") : JSON.createArrayNode();
  }

  private Instant oldestBarStart(String base) throws Exception {
    JsonNode bars = bars(base, "1m");
    return bars.isEmpty() ? null : Instant.parse(bars.get(0).path("start").asText());
  }

  private JsonNode firstFinalBar(String base) throws Exception {
    for (JsonNode bar : bars(base, "5s")) {
      if (bar.path("closed").asBoolean()) {
        return bar;
      }
    }
    return null;
  }

  private Instant newestClosedBarStart(String base) throws Exception {
    Instant newest = Instant.MIN;
    for (JsonNode bar : bars(base, "5s")) {
      if (bar.path("closed").asBoolean()) {
        newest = Instant.parse(bar.path("start").asText());
      }
    }
    return newest;
  }

  private Map<String, Object> barRow(String start) throws Exception {
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT open, high, low, close, volume FROM \"" + schema
             + "\".bars WHERE symbol = '" + SYMBOL + "' AND timeframe = '5s' AND window_start = '" + start + "'")) {
      if (!rows.next()) {
        return null;
      }
      return Map.of("open", rows.getDouble(1), "high", rows.getDouble(2), "low", rows.getDouble(3),
          "close", rows.getDouble(4), "volume", rows.getLong(5));
    }
  }

  private Map<String, Object> instrumentRow() throws Exception {
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT feed_symbol, description, tick_size, currency_value_per_tick "
             + "FROM \"" + schema + "\".instruments WHERE symbol = '" + SYMBOL + "'")) {
      if (!rows.next()) {
        return null;
      }
      return Map.of("feed_symbol", rows.getString(1), "description", rows.getString(2), "tick_size",
          rows.getDouble(3), "currency_value_per_tick", rows.getDouble(4));
    }
  }

  private DemoSettings settings(List<Instrument> instruments, Duration prehistory, DemoSettings.DemoDatabase database,
                                Map<String, String> streamsOverrides) throws Exception {
    int kafka = FreePorts.pair();
    return new DemoSettings(directory, kafka, FreePorts.one(), FreePorts.one(), FreePorts.one(), FreePorts.one(),
        instruments, 300, 7, prehistory, database, streamsOverrides);
  }




  /** Collects JSON text messages. */
  private static final class Collector implements WebSocket.Listener {

    private final BlockingQueue<JsonNode> messages;
    private final StringBuilder partial = new StringBuilder();

    Collector(BlockingQueue<JsonNode> messages) {
      this.messages = messages;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (java.io.IOException e) {
          throw new IllegalStateException("Not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
