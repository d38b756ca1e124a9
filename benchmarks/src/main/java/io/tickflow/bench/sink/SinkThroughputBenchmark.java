package io.tickflow.bench.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.bench.BenchBroker;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.PGConnection;

/**
 * Rows per second into PostgreSQL through the bars and ticks sink connectors (real broker, in this JVM unless
 * {@code -Dbroker=process}: {@link BenchBroker}; real Connect worker; the shipped connector configs), next to a
 * plain COPY of the same rows into the same tables in the same run (the ceiling). The connectors first write warm-up rows (as a long-running worker, the measured rows then meet
 * compiled code), are paused while the measured records are produced, and are timed from resuming them to the last
 * row being visible; the CPU spent meanwhile is split by component ({@link CpuMeter}). Settings are system
 * properties:
 * <ul>
 *   <li>{@code jdbc.url}: database (default: environment TICKFLOW_BENCH_JDBC_URL, then TICKFLOW_TEST_JDBC_URL),
 *       user and password as URL parameters;</li>
 *   <li>{@code bars}, {@code ticks}: row counts (300000 and 600000: some 13 s measured at the rates seen here);</li>
 *   <li>{@code tasks}, {@code batch}, {@code partitions}: tuning to compare (default: the shipped
 *       configs);</li>
 *   <li>{@code warmup}: rows written through the connectors before the measured ones (2000000: with 1000000 the
 *       JIT still took 2 us of CPU per measured row, with 2000000 about 1);</li>
 *   <li>{@code copies}: COPY runs, the fastest is the baseline (3);</li>
 *   <li>{@code connector.<key>}: any other connector setting, for both connectors.</li>
 * </ul>
 */
public final class SinkThroughputBenchmark {

  private static final String SINK_SCHEMA = "bench_sink";
  private static final String COPY_SCHEMA = "bench_copy";
  private static final long POLL_MILLIS = 20;
  private static final String CONNECTOR_PREFIX = "connector.";
  private static final List<String> CONNECTORS = List.of("tickflow-bars-sink", "tickflow-ticks-sink");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SinkThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    // The JDBC sink needs a UTC worker (see DeadLetteringJdbcSinkTask).
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    String url = System.getProperty("jdbc.url", firstNonBlank(System.getenv("TICKFLOW_BENCH_JDBC_URL"),
        System.getenv("TICKFLOW_TEST_JDBC_URL")));
    if (url == null) {
      throw new IllegalArgumentException("Set -Djdbc.url or TICKFLOW_BENCH_JDBC_URL to a PostgreSQL JDBC URL");
    }
    int barCount = Integer.getInteger("bars", 300_000);
    int tickCount = Integer.getInteger("ticks", 600_000);
    Instant day = Instant.now();
    SinkRows rows = new SinkRows(day);
    List<Bar> bars = rows.bars(barCount);
    List<Trade> trades = rows.trades(tickCount);

    int rowCount = barCount + tickCount;
    Measured copy = copyBaseline(url, bars, trades);
    SinkTiming sink = throughSink(url, bars, trades, day);
    double copyRate = rowCount / copy.seconds();
    double sinkRate = rowCount / sink.writing().seconds();

    System.out.printf("rows: %d bars + %d ticks; settings: %s; load average %.1f%n", barCount, tickCount,
        tuning(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("COPY baseline:  %,10.0f rows/s (fastest of %d); CPU us/row: %s%n", copyRate,
        Integer.getInteger("copies", 3), copy.cpuPerRow(rowCount));
    System.out.printf("JDBC sink:      %,10.0f rows/s (resume to last row; start and warm-up took %.1f s); "
        + "CPU us/row: %s%n", sinkRate, sink.startSeconds(), sink.writing().cpuPerRow(rowCount));
    System.out.printf("sink / COPY:    %10.3f%n", sinkRate / copyRate);
  }

  /** Wall-clock seconds of a phase and the CPU seconds spent in it, by where. */
  private record Measured(double seconds, Map<String, Double> cpuSeconds) {

    static Measured since(long startNanos, CpuMeter meter) {
      return new Measured(SinkThroughputBenchmark.seconds(startNanos), meter.seconds());
    }

    String cpuPerRow(int rows) {
      StringBuilder text = new StringBuilder();
      double total = 0;
      for (Map.Entry<String, Double> group : cpuSeconds.entrySet()) {
        total += group.getValue();
        text.append(String.format("%s %.1f, ", group.getKey(), group.getValue() * 1e6 / rows));
      }
      return text.append(String.format("total %.1f (%.1f cores busy)", total * 1e6 / rows, total / seconds))
          .toString();
    }
  }

  /** Seconds from creating the connectors to the last warm-up row, and the measured phase. */
  private record SinkTiming(double startSeconds, Measured writing) {
  }

  /** The row of a partition's last record: once it is visible, so are all the rows of that partition. */
  private record LastRow(String symbol, Instant time) {
  }

  /**
   * COPYs the rows into empty tables {@code copies} times (3) and keeps the fastest: the ceiling is what COPY can
   * do, and a single short run on a shared machine often gets much less.
   */
  private static Measured copyBaseline(String url, List<Bar> bars, List<Trade> trades)
      throws SQLException, IOException {
    migrate(url, COPY_SCHEMA);
    StringBuilder barText = new StringBuilder();
    bars.forEach(bar -> barText.append(SinkRows.copyLine(bar)));
    StringBuilder tickText = new StringBuilder();
    trades.forEach(trade -> tickText.append(SinkRows.copyLine(trade)));
    Measured fastest = null;
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      for (int copy = 0; copy < Integer.getInteger("copies", 3); copy++) {
        statement.execute("TRUNCATE " + COPY_SCHEMA + ".bars, " + COPY_SCHEMA + ".ticks");
        CpuMeter meter = CpuMeter.start();
        long start = System.nanoTime();
        pg.getCopyAPI().copyIn("COPY " + COPY_SCHEMA + ".bars FROM STDIN", new StringReader(barText.toString()));
        pg.getCopyAPI().copyIn("COPY " + COPY_SCHEMA + ".ticks FROM STDIN", new StringReader(tickText.toString()));
        Measured measured = Measured.since(start, meter);
        if (fastest == null || measured.seconds() < fastest.seconds()) {
          fastest = measured;
        }
      }
    }
    return fastest;
  }

  /**
   * Writes warm-up rows through the connectors (so the measured rows meet compiled code, as in a long-running
   * worker), pauses them, produces the measured rows, resumes them and times them.
   */
  private static SinkTiming throughSink(String url, List<Bar> bars, List<Trade> trades, Instant day)
      throws Exception {
    migrate(url, SINK_SCHEMA);
    int warmUp = Integer.getInteger("warmup", 2_000_000);
    // Ten days earlier: keys distinct from the measured rows.
    SinkRows warmUpRows = new SinkRows(day.minus(10, ChronoUnit.DAYS));
    try (BenchBroker broker = BenchBroker.start("2g", "jvm")) {
      createTopics(broker);
      LastRows warmedUp = produce(broker, warmUpRows.bars(warmUp / 3), warmUpRows.trades(warmUp - warmUp / 3));
      try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker.bootstrapServers(), "bench-sink",
          Map.of());
          Connection connection = DriverManager.getConnection(url)) {
        long start = System.nanoTime();
        for (SinkConnectorDefinition connector : List.of(SinkConnectorDefinition.bars(),
            SinkConnectorDefinition.ticks())) {
          SinkConnectorDefinition tuned = tune(connector.forDatabase(url, urlParameter(url, "user"),
              urlParameter(url, "password"), SINK_SCHEMA));
          worker.putConnector(tuned.name(), tuned.config());
        }
        awaitLastRows(connection, worker, warmedUp);
        double warmUpSeconds = seconds(start);
        CONNECTORS.forEach(name -> connectorState(worker, name, "pause", "PAUSED"));
        LastRows measured = produce(broker, bars, trades);
        CpuMeter meter = CpuMeter.start();
        long resumed = System.nanoTime();
        CONNECTORS.forEach(name -> connectorState(worker, name, "resume", "RUNNING"));
        awaitLastRows(connection, worker, measured);
        Measured writing = Measured.since(resumed, meter);
        requireCount(connection, "bars", bars.size() + warmUp / 3);
        requireCount(connection, "ticks", trades.size() + warmUp - warmUp / 3);
        return new SinkTiming(warmUpSeconds, writing);
      }
    }
  }

  /** Pauses or resumes a connector and waits until it and its tasks are in the expected state. */
  private static void connectorState(EmbeddedConnectWorker worker, String name, String action, String state) {
    HttpRequest request = HttpRequest.newBuilder(worker.restUrl().resolve("/connectors/" + name + "/" + action))
        .PUT(HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        throw new IllegalStateException(action + " " + name + ": HTTP " + response.statusCode());
      }
      while (!allInState(worker.status(name), state)) {
        Thread.sleep(POLL_MILLIS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static boolean allInState(JsonNode status, String state) {
    boolean all = state.equals(status.path("connector").path("state").asText());
    for (JsonNode task : status.path("tasks")) {
      all &= state.equals(task.path("state").asText());
    }
    return all;
  }

  private static SinkConnectorDefinition tune(SinkConnectorDefinition connector) {
    Map<String, String> overrides = new HashMap<>();
    putIfSet(overrides, "tasks", "tasks.max");
    putIfSet(overrides, "batch", "batch.size");
    putIfSet(overrides, "batch", "consumer.override.max.poll.records");
    overrides.putAll(connectorOverrides());
    return connector.with(overrides);
  }

  /** Any connector setting, as a system property prefixed with {@value #CONNECTOR_PREFIX}. */
  private static Map<String, String> connectorOverrides() {
    Map<String, String> overrides = new TreeMap<>();
    System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(CONNECTOR_PREFIX))
        .forEach(name -> overrides.put(name.substring(CONNECTOR_PREFIX.length()), System.getProperty(name)));
    return overrides;
  }

  private static void putIfSet(Map<String, String> overrides, String property, String key) {
    String value = System.getProperty(property);
    if (value != null) {
      overrides.put(key, value);
    }
  }

  private static void createTopics(BenchBroker broker) {
    int partitions = Integer.getInteger("partitions", TickflowTopics.DEFAULT_PARTITIONS);
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(partitions, (short) 1).stream()
          .filter(spec -> Set.of(TickflowTopics.BARS_FINAL, TickflowTopics.TRADES).contains(spec.name()))
          .toList());
    }
  }

  /** The rows of the last records of each partition of the bars and trades topics. */
  private record LastRows(Collection<LastRow> bars, Collection<LastRow> ticks) {
  }

  private static LastRows produce(BenchBroker broker, List<Bar> bars, List<Trade> trades) {
    return new LastRows(produce(broker, TickflowTopics.BARS_FINAL, bars,
        bar -> new LastRow(bar.getSymbol(), bar.getWindowStart()), AvroSerde.of(Bar.class)),
        produce(broker, TickflowTopics.TRADES, trades,
            trade -> new LastRow(trade.getSymbol(), trade.getEventTime()), AvroSerde.of(Trade.class)));
  }

  /** Produces the records; returns the row of the last record of each partition. */
  private static <T extends org.apache.avro.specific.SpecificRecord> Collection<LastRow> produce(
      BenchBroker broker, String topic, List<T> records, Function<T, LastRow> row, AvroSerde<T> serde) {
    Map<String, Object> config = broker.producerConfig();
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // Acknowledgements of one partition arrive in offset order, so the last one put is the partition's last.
    Map<Integer, LastRow> lastByPartition = new ConcurrentHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (T record : records) {
        LastRow last = row.apply(record);
        producer.send(new ProducerRecord<>(topic, last.symbol().getBytes(StandardCharsets.UTF_8),
            serde.serializer().serialize(topic, record)), (metadata, failure) -> {
              if (failure == null) {
                lastByPartition.put(metadata.partition(), last);
              }
            });
      }
      producer.flush();
    }
    return List.copyOf(lastByPartition.values());
  }

  /**
   * Waits until the last record of every partition is a row. A task writes its partitions' records in order and
   * each batch in one transaction, so then every row is there (checked by counting afterwards).
   */
  private static void awaitLastRows(Connection connection, EmbeddedConnectWorker worker, LastRows last)
      throws SQLException, InterruptedException {
    // Polled with primary key lookups: counting the rows every few milliseconds would take a good share of the
    // database's CPU.
    // The connectors' status (a REST call, which costs the worker some CPU) is checked every 50th time.
    for (int polls = 1; present(connection, "bars", "window_start", last.bars()) < last.bars().size()
        || present(connection, "ticks", "event_time", last.ticks()) < last.ticks().size(); polls++) {
      if (polls % 50 == 0) {
        requireRunning(worker);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static int present(Connection connection, String table, String timeColumn, Collection<LastRow> rows)
      throws SQLException {
    String keys = String.join(",", Collections.nCopies(rows.size(), "(?, ?)"));
    try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + SINK_SCHEMA + "."
        + table + " WHERE (symbol, " + timeColumn + ") IN (" + keys + ")")) {
      int index = 1;
      for (LastRow row : rows) {
        statement.setString(index++, row.symbol());
        statement.setObject(index++, OffsetDateTime.ofInstant(row.time(), ZoneOffset.UTC));
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  private static void requireRunning(EmbeddedConnectWorker worker) {
    for (String name : CONNECTORS) {
      if (String.valueOf(worker.status(name)).contains("FAILED")) {
        throw new IllegalStateException("Connector failed: " + worker.status(name));
      }
    }
  }

  private static void requireCount(Connection connection, String table, long expected) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + SINK_SCHEMA + "." + table)) {
      result.next();
      if (result.getLong(1) != expected) {
        throw new IllegalStateException(table + ": " + result.getLong(1) + " rows, expected " + expected);
      }
    }
  }

  private static String tuning() {
    StringBuilder settings = new StringBuilder("shipped configs");
    for (String property : List.of("tasks", "batch", "partitions")) {
      if (System.getProperty(property) != null) {
        settings.append(", ").append(property).append('=').append(System.getProperty(property));
      }
    }
    connectorOverrides().forEach((key, value) -> settings.append(", ").append(key).append('=').append(value));
    return settings.toString();
  }

  private static void migrate(String url, String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    DbMigrate.migrate(new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, url, MigrateConfig.SCHEMA_CONFIG, schema)));
  }

  private static String urlParameter(String url, String name) {
    for (String parameter : url.substring(url.indexOf('?') + 1).split("&")) {
      if (parameter.startsWith(name + "=")) {
        return parameter.substring(name.length() + 1);
      }
    }
    return "";
  }

  private static String firstNonBlank(String first, String second) {
    return first != null && !first.isBlank() ? first : second;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
