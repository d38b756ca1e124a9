package io.tickflow.integration;

import static io.tickflow.testing.SinkProgress.errorHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.SinkProgress;
import io.tickflow.testing.SinkRows;
import io.tickflow.testing.TestPostgres;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped instruments sink in a real Connect worker, on a real broker, into a real PostgreSQL migrated by
 * {@code db migrate}: the latest definition of each canonical symbol (the record key) is its row, with the feed's
 * spelling beside it; what the Streams app refuses (a tick size that is not positive, a tombstone) and what is not a
 * definition is dead-lettered and leaves the stored row alone; a replay writes nothing. (A compacted topic takes no
 * record without a key.)
 */
@Tag("integration")
class InstrumentsSinkIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String TOPIC = TickflowTopics.SECURITY_DEFINITIONS;
  private static final String COLUMNS = "symbol, feed_symbol, exchange, description, tick_size, price_display_format, "
      + "currency_value_per_tick, currency, session_open, session_close, session_time_zone, update_time";
  private static final Instant UPDATED = Instant.parse("2026-11-28T14:00:00.123456Z");

  private static EmbeddedKafkaBroker broker;
  private static EmbeddedConnectWorker worker;

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("it_instruments");
  private final AvroSerde<SecurityDefinition> serde = AvroSerde.of(SecurityDefinition.class);

  @BeforeAll
  static void startKafka() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1).stream()
          .filter(spec -> Set.of(TOPIC, TickflowTopics.SINK_DEAD_LETTER).contains(spec.name())).toList());
    }
    worker = EmbeddedConnectWorker.start(broker, "it-instruments");
  }

  @AfterAll
  static void stopKafka() {
    worker.close();
    broker.close();
  }

  @Test
  void shouldKeepTheLatestDefinitionOfEachSymbolAndDeadLetterWhatHasNoRow() throws Exception {
    DbMigrate.migrate(new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, postgres.url(),
        MigrateConfig.SCHEMA_CONFIG, schema)));
    SinkConnectorDefinition sink = SinkConnectorDefinition.instruments()
        .forDatabase(postgres.url(), postgres.user(), postgres.password(), schema);
    SecurityDefinition es = definition("ESZ6", "E-mini S&P 500 Dec 2026", 0.25, 2, 12.5);
    SecurityDefinition esLater = SecurityDefinition.newBuilder(es).setDescription("E-mini S&P 500 Future")
        .setUpdateTime(UPDATED.plusSeconds(60)).build();
    SecurityDefinition zn = definition("ZNH7", "10-Year T-Note Mar 2027", 0.015625, 134, 15.625);
    // As the DTC connector writes them: no session known.
    SecurityDefinition cl = SecurityDefinition.newBuilder(definition("CLF7", "", 0.01, 2, 10.0))
        .setSessionOpen(LocalTime.MIDNIGHT).setSessionClose(LocalTime.MIDNIGHT).setSessionTimeZone("UTC").build();

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      // Two versions of ES in one poll, then versions the table must refuse: ES's row stays the later version.
      send(producer, "ESZ26", serde.serializer().serialize(TOPIC, es));
      send(producer, "ZNH27", serde.serializer().serialize(TOPIC, zn));
      send(producer, "ESZ26", serde.serializer().serialize(TOPIC, esLater));
      send(producer, "ESZ26", serde.serializer().serialize(TOPIC,
          SecurityDefinition.newBuilder(esLater).setTickSize(0).build()));
      send(producer, "ESZ26", null);
      send(producer, "CLF27", "not avro".getBytes(StandardCharsets.UTF_8));
      send(producer, "CLF27", serde.serializer().serialize(TOPIC, cl));
    }
    worker.putConnector(sink.name(), sink.config());
    awaitConsumedToTheEnd(sink.name());

    List<String> rows = rows(COLUMNS);
    assertThat(rows).containsExactly(
        "CLF27|CLF7|CME||0.01|2|10.0|USD|00:00:00|00:00:00|UTC|2026-11-28T14:00:00.123456Z",
        "ESZ26|ESZ6|CME|E-mini S&P 500 Future|0.25|2|12.5|USD|17:00:00|16:00:00|America/Chicago|"
            + "2026-11-28T14:01:00.123456Z",
        "ZNH27|ZNH7|CME|10-Year T-Note Mar 2027|0.015625|134|15.625|USD|17:00:00|16:00:00|America/Chicago|"
            + "2026-11-28T14:00:00.123456Z");
    // Count in = count out + count rejected: of 7 records, 4 written (two of them versions of one row), 3
    // dead-lettered.
    assertThat(deadLetters()).containsExactlyInAnyOrder(
        "VALUE_CONVERTER",
        "TASK_PUT instruments_tick_size_check",
        "TASK_PUT Record has no value");

    // Replay from the start: the same rows; one that had a single definition not even a new row version (ES passes
    // through its older version again).
    List<String> versions = rows("xmin, " + COLUMNS);
    worker.stop(sink.name());
    await().atMost(TIMEOUT).until(() -> "STOPPED".equals(
        worker.status(sink.name()).path("connector").path("state").asText()));
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> worker.resetOffsets(sink.name()));
    worker.resume(sink.name());
    awaitConsumedToTheEnd(sink.name());
    assertThat(rows(COLUMNS)).isEqualTo(rows);
    List<String> replayed = rows("xmin, " + COLUMNS);
    assertThat(List.of(replayed.get(0), replayed.get(2))).isEqualTo(List.of(versions.get(0), versions.get(2)));
    assertThat(worker.isRunning(sink.name(), 1)).isTrue();

    worker.delete(sink.name());
    postgres.dropSchema(schema);
  }

  private static SecurityDefinition definition(String symbol, String description, double tickSize, int format,
                                               double tickValue) {
    return SecurityDefinition.newBuilder().setSymbol(symbol).setExchange("CME").setDescription(description)
        .setTickSize(tickSize).setPriceDisplayFormat(format).setCurrencyValuePerTick(tickValue).setCurrency("USD")
        .setSessionOpen(LocalTime.of(17, 0)).setSessionClose(LocalTime.of(16, 0))
        .setSessionTimeZone("America/Chicago").setUpdateTime(UPDATED).build();
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) {
    // One partition for all, so that the versions of a symbol keep their order whatever their key.
    producer.send(new ProducerRecord<>(TOPIC, 0, key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** The stage and reason of every dead letter, once each (a restart may dead-letter a record again). */
  private static List<String> deadLetters() {
    List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker, TickflowTopics.SINK_DEAD_LETTER,
        TIMEOUT);
    return records.stream().map(record -> {
      String stage = errorHeader(record, "__connect.errors.stage");
      String message = errorHeader(record, "__connect.errors.exception.message");
      return stage.equals("VALUE_CONVERTER") ? stage
          : stage + " " + (message.contains("instruments_tick_size_check") ? "instruments_tick_size_check" : message);
    }).distinct().collect(Collectors.toList());
  }

  private static void awaitConsumedToTheEnd(String connector) {
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
        .failFast("the sink task failed", () -> String.valueOf(worker.status(connector)).contains("FAILED"))
        .until(() -> {
          try (Admin admin = broker.admin()) {
            return SinkProgress.consumedToTheEnd(admin, connector, TOPIC);
          }
        });
  }

  private List<String> rows(String columns) throws SQLException {
    return SinkRows.rows(postgres, schema, "instruments", columns, "symbol");
  }
}
