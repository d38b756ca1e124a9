package io.tickflow.bench.sink;

import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.PGConnection;

/**
 * Rows per second into PostgreSQL through the bars and ticks sink connectors (real broker, real Connect worker,
 * the shipped connector configs), next to a plain COPY of the same rows into the same tables in the same run (the
 * ceiling). Records are produced before the clock starts; the sink's time runs from creating the connectors to
 * the last row being visible. Settings are system properties:
 * <ul>
 *   <li>{@code jdbc.url}: database (default: environment TICKFLOW_BENCH_JDBC_URL, then TICKFLOW_TEST_JDBC_URL),
 *       user and password as URL parameters;</li>
 *   <li>{@code bars}, {@code ticks}: row counts (100000 and 200000);</li>
 *   <li>{@code tasks}, {@code batch}, {@code unnest}, {@code rewrite}, {@code partitions}: tuning to compare
 *       (default: the shipped configs; rewrite adds reWriteBatchedInserts=true to the URL).</li>
 * </ul>
 */
public final class SinkThroughputBenchmark {

  private static final String SINK_SCHEMA = "bench_sink";
  private static final String COPY_SCHEMA = "bench_copy";

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
    int barCount = Integer.getInteger("bars", 100_000);
    int tickCount = Integer.getInteger("ticks", 200_000);
    SinkRows rows = new SinkRows(Instant.now());
    List<Bar> bars = rows.bars(barCount);
    List<Trade> trades = rows.trades(tickCount);

    double copyRate = copyBaseline(url, bars, trades);
    SinkTiming sink = throughSink(url, bars, trades);
    double sinkRate = (barCount + tickCount) / sink.writingSeconds();

    System.out.printf("rows: %d bars + %d ticks; settings: %s%n", barCount, tickCount, tuning());
    System.out.printf("COPY baseline:  %,10.0f rows/s%n", copyRate);
    System.out.printf("JDBC sink:      %,10.0f rows/s (first to last row; connector start took %.1f s)%n",
        sinkRate, sink.startSeconds());
    System.out.printf("sink / COPY:    %10.2f%n", sinkRate / copyRate);
  }

  /** Seconds from creating the connectors to the first row, and from the first row to the last. */
  private record SinkTiming(double startSeconds, double writingSeconds) {
  }

  private static double copyBaseline(String url, List<Bar> bars, List<Trade> trades)
      throws SQLException, IOException {
    migrate(url, COPY_SCHEMA);
    StringBuilder barText = new StringBuilder();
    bars.forEach(bar -> barText.append(SinkRows.copyLine(bar)));
    StringBuilder tickText = new StringBuilder();
    trades.forEach(trade -> tickText.append(SinkRows.copyLine(trade)));
    try (Connection connection = DriverManager.getConnection(url)) {
      long start = System.nanoTime();
      PGConnection pg = connection.unwrap(PGConnection.class);
      pg.getCopyAPI().copyIn("COPY " + COPY_SCHEMA + ".bars FROM STDIN", new StringReader(barText.toString()));
      pg.getCopyAPI().copyIn("COPY " + COPY_SCHEMA + ".ticks FROM STDIN", new StringReader(tickText.toString()));
      return (bars.size() + trades.size()) / seconds(start);
    }
  }

  private static SinkTiming throughSink(String url, List<Bar> bars, List<Trade> trades) throws Exception {
    migrate(url, SINK_SCHEMA);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      createTopics(broker);
      produce(broker, TickflowTopics.BARS_FINAL, bars, Bar::getSymbol, AvroSerde.of(Bar.class));
      produce(broker, TickflowTopics.TRADES, trades, Trade::getSymbol, AvroSerde.of(Trade.class));
      try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "bench-sink")) {
        long start = System.nanoTime();
        for (SinkConnectorDefinition connector : List.of(SinkConnectorDefinition.bars(),
            SinkConnectorDefinition.ticks())) {
          SinkConnectorDefinition tuned = tune(connector.forDatabase(sinkUrl(url), urlParameter(url, "user"),
              urlParameter(url, "password"), SINK_SCHEMA));
          worker.putConnector(tuned.name(), tuned.config());
        }
        long firstRow = awaitRows(url, bars.size(), trades.size(), worker);
        return new SinkTiming((firstRow - start) / 1e9, seconds(firstRow));
      }
    }
  }

  private static SinkConnectorDefinition tune(SinkConnectorDefinition connector) {
    Map<String, String> overrides = new HashMap<>();
    putIfSet(overrides, "tasks", "tasks.max");
    putIfSet(overrides, "batch", "batch.size");
    putIfSet(overrides, "batch", "consumer.override.max.poll.records");
    putIfSet(overrides, "unnest", "dialect.postgres.unnest.insert.enabled");
    return connector.with(overrides);
  }

  private static String sinkUrl(String url) {
    return Boolean.getBoolean("rewrite") ? url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true"
        : url;
  }

  private static void putIfSet(Map<String, String> overrides, String property, String key) {
    String value = System.getProperty(property);
    if (value != null) {
      overrides.put(key, value);
    }
  }

  private static void createTopics(EmbeddedKafkaBroker broker) {
    int partitions = Integer.getInteger("partitions", TickflowTopics.DEFAULT_PARTITIONS);
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(partitions, (short) 1).stream()
          .filter(spec -> Set.of(TickflowTopics.BARS_FINAL, TickflowTopics.TRADES).contains(spec.name()))
          .toList());
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> void produce(
      EmbeddedKafkaBroker broker, String topic, List<T> records, Function<T, String> key, AvroSerde<T> serde) {
    Map<String, Object> config = broker.producerConfig();
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (T record : records) {
        producer.send(new ProducerRecord<>(topic, key.apply(record).getBytes(StandardCharsets.UTF_8),
            serde.serializer().serialize(topic, record)));
      }
    }
  }

  /** Waits for every row; returns when (System.nanoTime) the first was seen. */
  private static long awaitRows(String url, int bars, int ticks, EmbeddedConnectWorker worker)
      throws SQLException, InterruptedException {
    long firstRow = 0;
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      while (true) {
        long barRows = count(statement, "bars");
        long tickRows = count(statement, "ticks");
        if (firstRow == 0 && barRows + tickRows > 0) {
          firstRow = System.nanoTime();
        }
        if (barRows == bars && tickRows == ticks) {
          return firstRow;
        }
        for (String name : List.of("tickflow-bars-sink", "tickflow-ticks-sink")) {
          if (String.valueOf(worker.status(name)).contains("FAILED")) {
            throw new IllegalStateException("Connector failed: " + worker.status(name));
          }
        }
        Thread.sleep(50);
      }
    }
  }

  private static String tuning() {
    StringBuilder settings = new StringBuilder("shipped configs");
    for (String property : List.of("tasks", "batch", "unnest", "rewrite", "partitions")) {
      if (System.getProperty(property) != null) {
        settings.append(", ").append(property).append('=').append(System.getProperty(property));
      }
    }
    return settings.toString();
  }

  private static long count(Statement statement, String table) throws SQLException {
    try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + SINK_SCHEMA + "." + table)) {
      result.next();
      return result.getLong(1);
    }
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
