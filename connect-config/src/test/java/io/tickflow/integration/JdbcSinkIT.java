package io.tickflow.integration;

import static io.tickflow.testing.SinkProgress.errorHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import io.tickflow.connect.sink.DeadLetteringJdbcSinkTask;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.SinkProgress;
import io.tickflow.testing.SinkRows;
import io.tickflow.testing.TcpRelay;
import io.tickflow.testing.TestPostgres;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.core.ConditionFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.slf4j.LoggerFactory;

/**
 * The shipped bars and ticks sink connectors in a real Connect worker, on a real broker, into a real PostgreSQL
 * migrated by {@code db migrate}: every record lands exactly once, with every column equal, through a connector
 * restart and a full replay; records the sink cannot write go to the sink dead-letter topic and the rest lands.
 */
@Tag("integration")
class JdbcSinkIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String DEAD_LETTER_TOPIC = TickflowTopics.SINK_DEAD_LETTER;
  private static final String DEAD_LETTER_CONFIG = "errors.deadletterqueue.topic.name";
  private static final String UNLOGGED_SYMBOL = "NOT-IN-THE-LOG";
  private static final List<String> SYMBOLS = List.of("ESZ6", "NQZ6", "CLF7");
  private static final int BARS = 600;
  private static final int TICKS = 1500;
  private static final String BAR_COLUMNS = SinkRows.BAR_COLUMNS;
  private static final String TICK_COLUMNS = SinkRows.TICK_COLUMNS;

  private static EmbeddedKafkaBroker broker;
  private static EmbeddedConnectWorker worker;

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("it_sink");
  private final AvroSerde<Bar> barSerde = AvroSerde.of(Bar.class);
  private final AvroSerde<Trade> tradeSerde = AvroSerde.of(Trade.class);
  private final Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
  private SinkConnectorDefinition bars;
  private SinkConnectorDefinition ticks;
  private String barsTopic = TickflowTopics.BARS_FINAL;
  private String ticksTopic = TickflowTopics.TRADES;
  private String deadLetterTopic = DEAD_LETTER_TOPIC;

  @BeforeAll
  static void startKafka() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1).stream()
          .filter(spec -> Set.of(TickflowTopics.BARS_FINAL, TickflowTopics.TRADES, DEAD_LETTER_TOPIC)
              .contains(spec.name()))
          .toList());
    }
    worker = EmbeddedConnectWorker.start(broker, "it-sink");
  }

  @AfterAll
  static void stopKafka() {
    worker.close();
    broker.close();
  }

  @BeforeEach
  void migrate() throws SQLException {
    DbMigrate.migrate(new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, postgres.url(),
        MigrateConfig.SCHEMA_CONFIG, schema)));
    // The shipped connectors, pointed at the test database and schema.
    bars = SinkConnectorDefinition.bars().forDatabase(postgres.url(), postgres.user(), postgres.password(), schema);
    ticks = SinkConnectorDefinition.ticks().forDatabase(postgres.url(), postgres.user(), postgres.password(), schema);
  }

  @AfterEach
  void cleanUp() throws SQLException {
    worker.delete(bars.name());
    worker.delete(ticks.name());
    postgres.dropSchema(schema);
  }

  @Test
  void shouldLandEveryRecordExactlyOnceThroughRestartAndReplayAndDeadLetterTheRefusedOnes() throws Exception {
    List<Bar> expectedBars = bars();
    List<Trade> expectedTicks = trades();
    List<Trade> laterVersions = expectedTicks.subList(0, 20).stream().map(JdbcSinkIT::laterVersion).toList();

    // First half, with three records the sink must refuse, then the connectors start.
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      produceBars(producer, expectedBars.subList(0, BARS / 2));
      produceTrades(producer, expectedTicks.subList(0, TICKS / 2));
      send(producer, TickflowTopics.BARS_FINAL, "ESZ6", "not avro".getBytes(StandardCharsets.UTF_8));
      send(producer, TickflowTopics.BARS_FINAL, "ESZ6", barSerde.serializer().serialize(TickflowTopics.BARS_FINAL,
          Bar.newBuilder(expectedBars.get(0)).setWindowStart(today.minusSeconds(3600)).setLow(7000).build()));
      // Before PostgreSQL's first timestamp: the driver would store it as -infinity, a constraint refuses it.
      send(producer, TickflowTopics.TRADES, "ESZ6", tradeSerde.serializer().serialize(TickflowTopics.TRADES,
          Trade.newBuilder(expectedTicks.get(0)).setEventTime(Instant.parse("-10000-01-01T00:00:00Z")).build()));
    }
    worker.putConnector(bars.name(), bars.config());
    worker.putConnector(ticks.name(), ticks.config());

    // Restart mid-stream, then the second half with two more refused records and re-sent ticks that differ
    // only outside their identity (a stored tick keeps its first version).
    awaitSink().until(() -> count("bars") > 0 && count("ticks") > 0);
    worker.restart(bars.name());
    worker.restart(ticks.name());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      produceBars(producer, expectedBars.subList(BARS / 2, BARS));
      produceTrades(producer, expectedTicks.subList(TICKS / 2, TICKS));
      send(producer, TickflowTopics.TRADES, "ESZ6", barSerde.serializer().serialize(TickflowTopics.TRADES,
          expectedBars.get(0)));
      send(producer, TickflowTopics.TRADES, "ESZ6", null);
    }
    awaitConsumedToTheEnd();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      produceTrades(producer, laterVersions);
    }
    awaitConsumedToTheEnd();

    List<String> barRows = rows("bars", BAR_COLUMNS, "symbol, timeframe, window_start");
    List<String> tickRows = rows("ticks", TICK_COLUMNS, "symbol, event_time, sequence");
    assertThat(barRows).containsExactlyInAnyOrderElementsOf(expectedBars.stream().map(SinkRows::row).toList());
    assertThat(tickRows).containsExactlyInAnyOrderElementsOf(expectedTicks.stream().map(SinkRows::row).toList());
    assertDeadLetters(1);

    // Replay everything from the start: nothing changes, not even the row versions.
    List<String> barVersions = rows("bars", "xmin, " + BAR_COLUMNS, "symbol, timeframe, window_start");
    List<String> tickVersions = rows("ticks", "xmin, " + TICK_COLUMNS, "symbol, event_time, sequence");
    for (SinkConnectorDefinition connector : List.of(bars, ticks)) {
      worker.stop(connector.name());
      await().atMost(TIMEOUT).until(() -> "STOPPED".equals(
          worker.status(connector.name()).path("connector").path("state").asText()));
      // The worker answers 409 while its view of the just-stopped connector's config is catching up.
      await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> worker.resetOffsets(connector.name()));
      worker.resume(connector.name());
    }
    awaitConsumedToTheEnd();

    assertThat(rows("bars", "xmin, " + BAR_COLUMNS, "symbol, timeframe, window_start")).isEqualTo(barVersions);
    assertThat(rows("ticks", "xmin, " + TICK_COLUMNS, "symbol, event_time, sequence")).isEqualTo(tickVersions);
    assertDeadLetters(2);
    assertThat(worker.isRunning(bars.name(), 2)).isTrue();
    assertThat(worker.isRunning(ticks.name(), 2)).isTrue();
  }

  @Test
  void shouldRewriteStatementBatchesIntoMultiRowInsertsWhenTheUrlDoesNotAskForIt() {
    // The shipped configs set the driver's reWriteBatchedInserts through Debezium's hibernate.* pass-through, so
    // the sink writes multi-row statements whatever TICKFLOW_JDBC_URL says (the test URL has no such parameter).
    for (SinkConnectorDefinition connector : List.of(bars, ticks)) {
      assertThat(connector.config().get("connection.url")).doesNotContain("reWriteBatchedInserts");
      try (SessionFactory factory = new JdbcSinkConnectorConfig(connector.config()).getHibernateConfiguration()
          .buildSessionFactory(); StatelessSession session = factory.openStatelessSession()) {
        boolean rewrites = session.doReturningWork(connection -> connection.unwrap(BaseConnection.class)
            .getQueryExecutor().isReWriteBatchedInsertsEnabled());
        assertThat(rewrites).as(connector.name()).isTrue();
      }
    }
  }

  @Test
  void shouldWriteEveryRecordOnceWhenTheDatabaseIsUnreachableAtStartAndAgainMidStream() throws Exception {
    List<Bar> expectedBars = bars().subList(0, 200);
    List<Trade> expectedTicks = trades().subList(0, 300);
    isolateTopics();
    ListAppender<ILoggingEvent> log = capture(DeadLetteringJdbcSinkTask.class.getName());
    try (TcpRelay relay = relayTo(postgres.url())) {
      // The connection pool gives up after one attempt instead of 30 s of them: the outages outlast it.
      // One task per connector: with two, a partition could move between them while its records wait, and the
      // task taking it over would dead-letter the bad record again.
      useDatabase(viaRelay(postgres.url(), relay), Map.of("hibernate.c3p0.acquireRetryAttempts", "1",
          "tasks.max", "1"));
      // Refused before the database is asked, in the first batch, retried until the database is back:
      // dead-lettered once.
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
        produce(producer, expectedBars.subList(0, 100), expectedTicks.subList(0, 150));
        send(producer, ticksTopic, "ESZ6", null);
      }
      worker.putConnector(bars.name(), bars.config());
      worker.putConnector(ticks.name(), ticks.config());
      // Nothing can land while the database is unreachable, but the tasks keep trying instead of failing.
      awaitSink().during(Duration.ofSeconds(5)).until(() -> true);
      relay.up();
      awaitConsumedToTheEnd();

      relay.down();
      produce(expectedBars.subList(100, 200), expectedTicks.subList(150, 300));
      awaitSink().during(Duration.ofSeconds(5)).until(() -> true);
      relay.up();
      awaitConsumedToTheEnd();
    } finally {
      release(DeadLetteringJdbcSinkTask.class.getName(), log);
    }

    assertLanded(expectedBars, expectedTicks, 1);
    // Every failed start closed the connection pool it opened.
    worker.delete(bars.name());
    worker.delete(ticks.name());
    await().atMost(TIMEOUT).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(thread -> thread.getName().startsWith("C3P0PooledConnectionPoolManager")));
    // Each task says once per outage that the database is unavailable, and when it is back.
    Map<String, List<String>> byTask = log.list.stream().filter(event -> event.getMessage().startsWith("Database"))
        .collect(Collectors.groupingBy(ILoggingEvent::getThreadName,
            Collectors.mapping(event -> event.getMessage().split(" \\(| after")[0], Collectors.toList())));
    List<String> twoOutages = List.of("Database unavailable", "Database available again", "Database unavailable",
        "Database available again");
    assertThat(byTask).hasSize(2).allSatisfy((task, lines) -> assertThat(lines).isEqualTo(twoOutages));
  }

  @Test
  void shouldWriteEveryRecordOnceWhenTheDatabaseDropsTheSinksConnectionsMidStream() throws Exception {
    List<Bar> expectedBars = bars();
    List<Trade> expectedTicks = trades();
    isolateTopics();
    String application = "it-sink-" + schema;
    useDatabase(postgres.url() + "&ApplicationName=" + application, Map.of());
    worker.putConnector(bars.name(), bars.config());
    worker.putConnector(ticks.name(), ticks.config());

    // As a database restart does: every connection of the sink is terminated, the database is back at once.
    int rounds = 4;
    for (int round = 0; round < rounds; round++) {
      produce(expectedBars.subList(round * BARS / rounds, (round + 1) * BARS / rounds),
          expectedTicks.subList(round * TICKS / rounds, (round + 1) * TICKS / rounds));
      long landed = count("bars") + count("ticks");
      awaitSink().until(() -> count("bars") + count("ticks") > landed);
      terminateConnections(application);
    }
    awaitConsumedToTheEnd();

    assertLanded(expectedBars, expectedTicks, 0);
  }

  @Test
  void shouldWriteOnlyTheRecordsOfCommittedTransactions() throws Exception {
    // The Streams app writes final bars and trades in exactly-once transactions; one that aborts (a crash, a fenced
    // instance) is written again by the next attempt. Reading uncommitted records, the sink wrote the aborted ones.
    isolateTopics();
    List<Bar> expectedBars = bars().subList(0, 20);
    List<Trade> expectedTicks = trades().subList(0, 20);
    Map<String, Object> transactional = new HashMap<>(broker.producerConfig());
    transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-sink-" + schema);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(transactional)) {
      producer.initTransactions();
      producer.beginTransaction();
      produce(producer, bars().subList(20, 40), trades().subList(20, 40));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      produce(producer, expectedBars, expectedTicks);
      producer.commitTransaction();
    }
    worker.putConnector(bars.name(), bars.config());
    worker.putConnector(ticks.name(), ticks.config());
    // The aborted records come first in every partition: once the committed ones landed, the sink has read them.
    // (The commit marker ends each partition, where a sink reading uncommitted records never commits its offset.)
    List<String> barRows = expectedBars.stream().map(SinkRows::row).toList();
    List<String> tickRows = expectedTicks.stream().map(SinkRows::row).toList();
    awaitSink().until(() -> rows("bars", BAR_COLUMNS, "1").containsAll(barRows)
        && rows("ticks", TICK_COLUMNS, "1").containsAll(tickRows));

    assertLanded(expectedBars, expectedTicks, 0);
  }

  @Test
  void shouldDeadLetterWhatTheTablesMustNotHoldAndWriteEverythingElse() throws Exception {
    isolateTopics();
    List<Bar> goodBars = new ArrayList<>(bars().subList(0, 50));
    List<Trade> goodTicks = new ArrayList<>(trades().subList(0, 50));
    Bar bar = goodBars.get(0);
    Trade trade = goodTicks.get(0);
    // A symbol far longer than any real one: the columns are text, it lands.
    goodBars.add(Bar.newBuilder(bar).setSymbol("X".repeat(5000)).build());
    List<Bar> badBars = List.of(Bar.newBuilder(bar).setWindowStart(today.plusSeconds(60)).setHigh(Double.NaN).build(),
        Bar.newBuilder(bar).setWindowStart(today.plusSeconds(120)).setClose(Double.POSITIVE_INFINITY).build(),
        Bar.newBuilder(bar).setWindowStart(today.plusSeconds(180)).setVwap(Double.NEGATIVE_INFINITY).build(),
        Bar.newBuilder(bar).setSymbol("ES\u0000Z6").build(),
        Bar.newBuilder(bar).setSymbol(UNLOGGED_SYMBOL).setVolume(-1).build());
    List<Trade> badTicks = List.of(Trade.newBuilder(trade).setPrice(Double.NaN).build(),
        Trade.newBuilder(trade).setPrice(Double.POSITIVE_INFINITY).build(),
        Trade.newBuilder(trade).setSide(AggressorSide.BID).setSize(-5).build());
    produce(badBars, badTicks);
    produce(goodBars, goodTicks);
    ListAppender<ILoggingEvent> log = capture(Logger.ROOT_LOGGER_NAME);
    try {
      worker.putConnector(bars.name(), bars.config());
      worker.putConnector(ticks.name(), ticks.config());
      awaitConsumedToTheEnd();
    } finally {
      release(Logger.ROOT_LOGGER_NAME, log);
    }

    List<String> deadLetters = TopicReader.readAll(broker, deadLetterTopic, TIMEOUT).stream()
        .map(record -> errorHeader(record, "__connect.errors.exception.message")).toList();
    assertThat(deadLetters).hasSize(badBars.size() + badTicks.size());
    assertThat(deadLetters).filteredOn(message -> message.startsWith("Field ")).containsExactlyInAnyOrder(
        "Field high is NaN: only finite numbers are stored", "Field close is Infinity: only finite numbers are stored",
        "Field vwap is -Infinity: only finite numbers are stored",
        "Field price is NaN: only finite numbers are stored",
        "Field price is Infinity: only finite numbers are stored");
    assertThat(deadLetters).filteredOn(message -> message.startsWith("Refused by the database")).hasSize(3);
    assertLanded(goodBars, goodTicks, badBars.size() + badTicks.size());
    // Values stay out of the log (errors.log.include.messages=false), also in the driver's error messages.
    assertThat(log.list).isNotEmpty().noneMatch(event -> event.getFormattedMessage().contains(UNLOGGED_SYMBOL)
        || event.getThrowableProxy() != null && describe(event.getThrowableProxy()).contains(UNLOGGED_SYMBOL));
  }

  @Test
  void shouldFailTheTaskSayingToMigrateWhenTheTableIsMissing() throws Exception {
    isolateTopics();
    postgres.dropSchema(schema);
    produce(bars().subList(0, 10), List.of());
    worker.putConnector(bars.name(), bars.config());

    assertThat(awaitFailedTask(bars.name())).contains("Caused by: org.apache.kafka.connect.errors.ConnectException: "
        + "Table " + schema + ".bars does not exist (the sink never creates tables): run tickflow db migrate");
  }

  @Test
  void shouldFailTheTaskNamingTheCredentialsWhenTheDatabaseRefusesThem() throws Exception {
    isolateTopics();
    // The test URL carries the credentials, which the driver prefers: here they come from the settings only.
    String url = postgres.url();
    bars = bars.with(Map.of("connection.url", url.substring(0, url.indexOf('?')), "connection.password", "wrong",
        "hibernate.c3p0.acquireRetryAttempts", "1"));
    produce(bars().subList(0, 10), List.of());
    worker.putConnector(bars.name(), bars.config());

    // Hibernate does not connect at start (hibernate.boot.allow_jdbc_metadata_access=false): the first write fails.
    assertThat(awaitFailedTask(bars.name())).contains("Caused by: org.apache.kafka.connect.errors.ConnectException: "
        + "The database refused the connection (FATAL: password authentication failed for user \"" + postgres.user()
        + "\"): check connection.url, connection.username and connection.password");
  }

  /** The five refused records, each dead-lettered {@code times} times (or once more), with Connect's error headers. */
  private void assertDeadLetters(int times) {
    List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicReader.readAll(broker, DEAD_LETTER_TOPIC, TIMEOUT);
    List<String> described = deadLetters.stream().map(JdbcSinkIT::describeDeadLetter).toList();
    List<String> expected = List.of(
        "tickflow-bars-sink tickflow.bars.final VALUE_CONVERTER org.apache.kafka.connect.errors.DataException",
        "tickflow-bars-sink tickflow.bars.final TASK_PUT org.apache.kafka.connect.errors.DataException "
            + "bars_range_check",
        "tickflow-ticks-sink tickflow.trades TASK_PUT org.apache.kafka.connect.errors.DataException "
            + "ticks_time_check",
        "tickflow-ticks-sink tickflow.trades TASK_PUT org.apache.kafka.connect.errors.DataException "
            + "Expected a value of schema io.tickflow.schemas.Trade, got io.tickflow.schemas.Bar",
        "tickflow-ticks-sink tickflow.trades TASK_PUT org.apache.kafka.connect.errors.DataException "
            + "Record has no value");
    // The dead-letter topic is at-least-once: a restart before the task's offsets were committed hands the records
    // after them again, and a refused one among them is dead-lettered again (the test restarts once mid-stream).
    Map<String, Long> counts = described.stream().collect(Collectors.groupingBy(Function.identity(),
        Collectors.counting()));
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween((long) times, times + 1L));
  }

  /** Every record landed once, with every column equal, the others were dead-lettered once; the sink runs. */
  private void assertLanded(List<Bar> expectedBars, List<Trade> expectedTicks, int deadLetters)
      throws SQLException {
    assertThat(rows("bars", BAR_COLUMNS, "symbol, timeframe, window_start"))
        .containsExactlyInAnyOrderElementsOf(expectedBars.stream().map(SinkRows::row).toList());
    assertThat(rows("ticks", TICK_COLUMNS, "symbol, event_time, sequence"))
        .containsExactlyInAnyOrderElementsOf(expectedTicks.stream().map(SinkRows::row).toList());
    assertThat(TopicReader.readAll(broker, deadLetterTopic, TIMEOUT)).hasSize(deadLetters);
    assertThat(worker.isRunning(bars.name(), Integer.parseInt(bars.config().get("tasks.max")))).isTrue();
    assertThat(worker.isRunning(ticks.name(), Integer.parseInt(ticks.config().get("tasks.max")))).isTrue();
  }

  /** Topics and a dead-letter topic of this test alone, so that no other test's records reach its tables. */
  private void isolateTopics() {
    barsTopic = "it.bars." + schema;
    ticksTopic = "it.trades." + schema;
    deadLetterTopic = "it.dead-letter." + schema;
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(barsTopic, 2, (short) 1), new NewTopic(ticksTopic, 2, (short) 1),
          new NewTopic(deadLetterTopic, 1, (short) 1))).all().get();
      // Until the leader serves the new partitions, a producer sending at once can get stuck in
      // OUT_OF_ORDER_SEQUENCE retries and deliver nothing.
      Map<TopicPartition, OffsetSpec> partitions = Map.of(new TopicPartition(barsTopic, 0), OffsetSpec.latest(),
          new TopicPartition(barsTopic, 1), OffsetSpec.latest(), new TopicPartition(ticksTopic, 0),
          OffsetSpec.latest(), new TopicPartition(ticksTopic, 1), OffsetSpec.latest());
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> admin.listOffsets(partitions).all().get() != null);
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("Cannot create the topics of " + schema, e);
    }
    bars = bars.with(Map.of("topics", barsTopic, DEAD_LETTER_CONFIG, deadLetterTopic));
    ticks = ticks.with(Map.of("topics", ticksTopic, DEAD_LETTER_CONFIG, deadLetterTopic));
  }

  private void useDatabase(String url, Map<String, String> settings) {
    Map<String, String> overrides = new HashMap<>(settings);
    overrides.put("connection.url", url);
    bars = bars.with(overrides);
    ticks = ticks.with(overrides);
  }

  private static ListAppender<ILoggingEvent> capture(String logger) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
    return appender;
  }

  private static void release(String logger, ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(logger)).detachAppender(appender);
  }

  /** The messages of a logged exception, of its causes and of the exceptions suppressed along the way. */
  private static String describe(IThrowableProxy thrown) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy cause = thrown; cause != null; cause = cause.getCause()) {
      text.append(cause.getMessage()).append('\n');
      for (IThrowableProxy suppressed : cause.getSuppressed()) {
        text.append(describe(suppressed));
      }
    }
    return text.toString();
  }

  private static TcpRelay relayTo(String jdbcUrl) {
    URI server = URI.create(jdbcUrl.substring("jdbc:".length()));
    return new TcpRelay(server.getHost(), server.getPort());
  }

  private static String viaRelay(String jdbcUrl, TcpRelay relay) {
    return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + relay.port() + "/");
  }

  private void terminateConnections(String application) throws SQLException {
    try (Connection connection = postgres.connect(); PreparedStatement terminate = connection.prepareStatement(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
      terminate.setString(1, application);
      try (ResultSet terminated = terminate.executeQuery()) {
        terminated.next();
        assertThat(terminated.getInt(1)).as("connections of the sink").isPositive();
      }
    }
  }

  private void produce(List<Bar> barRecords, List<Trade> tradeRecords) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      produce(producer, barRecords, tradeRecords);
    }
  }

  private void produce(KafkaProducer<byte[], byte[]> producer, List<Bar> barRecords, List<Trade> tradeRecords) {
    barRecords.forEach(bar -> send(producer, barsTopic, bar.getSymbol(),
        barSerde.serializer().serialize(barsTopic, bar)));
    tradeRecords.forEach(trade -> send(producer, ticksTopic, trade.getSymbol(),
        tradeSerde.serializer().serialize(ticksTopic, trade)));
  }

  /** The stack trace of the first failed task of the connector, once one failed. */
  private String awaitFailedTask(String connector) {
    return await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
      for (JsonNode task : worker.status(connector).path("tasks")) {
        if ("FAILED".equals(task.path("state").asText())) {
          return task.path("trace").asText();
        }
      }
      return null;
    }, trace -> trace != null);
  }

  private static String describeDeadLetter(ConsumerRecord<byte[], byte[]> record) {
    String message = errorHeader(record, "__connect.errors.exception.message");
    String reason = message.contains("bars_range_check") ? " bars_range_check"
        : message.contains("ticks_time_check") ? " ticks_time_check"
        : message.startsWith("Converted byte") || message.contains("not Avro") ? "" : " " + message;
    return errorHeader(record, "__connect.errors.connector.name") + " " + errorHeader(record, "__connect.errors.topic")
        + " " + errorHeader(record, "__connect.errors.stage") + " "
        + errorHeader(record, "__connect.errors.exception.class.name") + reason;
  }

  private void awaitConsumedToTheEnd() {
    awaitSink().pollInterval(Duration.ofMillis(500)).until(() ->
        consumedToTheEnd(bars.name(), barsTopic) && consumedToTheEnd(ticks.name(), ticksTopic));
  }

  /**
   * Waits, but stops at once when a sink task failed: a bad record must never stop the sink. (The timer of a
   * connection pool closed while it was retrying may throw in its own thread, which awaits would otherwise take
   * for the test's failure. Right after its config is put, a connector can still be unknown to the worker's status
   * endpoint: no status is no failure.)
   */
  private ConditionFactory awaitSink() {
    return await().atMost(TIMEOUT).dontCatchUncaughtExceptions().failFast("a sink task failed", () ->
        String.valueOf(worker.status(bars.name())).contains("FAILED")
            || String.valueOf(worker.status(ticks.name())).contains("FAILED"));
  }

  private boolean consumedToTheEnd(String connector, String topic) throws ExecutionException, InterruptedException {
    try (Admin admin = broker.admin()) {
      return SinkProgress.consumedToTheEnd(admin, connector, topic);
    }
  }

  private List<Bar> bars() {
    Random random = new Random(7);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < BARS; i++) {
      String timeframe = i % 4 == 3 ? "5m" : "1m";
      // A few bars from 2019 land in the DEFAULT partition; the rest in today's.
      Instant start = (i % 50 == 0 ? Instant.parse("2019-03-14T00:00:00Z") : today)
          .plus(i * ("5m".equals(timeframe) ? 5L : 1L), ChronoUnit.MINUTES);
      double open = 6000 + random.nextInt(400) * 0.25;
      double low = open - random.nextInt(8) * 0.25;
      double high = open + random.nextInt(8) * 0.25;
      long bidVolume = random.nextInt(500);
      long askVolume = random.nextInt(500);
      bars.add(Bar.newBuilder().setSymbol(SYMBOLS.get(i % SYMBOLS.size())).setTimeframe(timeframe)
          .setWindowStart(start).setWindowEnd(start.plus(1, ChronoUnit.MINUTES)).setOpen(open).setHigh(high)
          .setLow(low).setClose(low + (high - low) / 3).setVolume(bidVolume + askVolume).setBidVolume(bidVolume)
          .setAskVolume(askVolume).setTradeCount(1 + random.nextInt(90)).setVwap(low + random.nextDouble())
          .setFirstTradeTime(start.plusNanos(123_456_000)).setLastTradeTime(start.plusNanos(59_999_999_000L))
          .setIsFinal(true).setRevision(random.nextInt(30)).build());
    }
    return bars;
  }

  private List<Trade> trades() {
    Random random = new Random(11);
    List<Trade> trades = new ArrayList<>();
    for (int i = 0; i < TICKS; i++) {
      // Every third trade shares its event time with the previous one and is told apart by its sequence.
      Instant eventTime = today.plus(i / 3 * 1_000_003L, ChronoUnit.MICROS);
      trades.add(Trade.newBuilder().setSymbol(SYMBOLS.get(i % SYMBOLS.size())).setExchange("CME")
          .setPrice(6000 + random.nextInt(400) * 0.25).setSize(1 + random.nextInt(20))
          .setSide(AggressorSide.values()[random.nextInt(3)]).setEventTime(eventTime)
          .setReceiveTime(eventTime.plus(417, ChronoUnit.MICROS)).setSequence(i % 3)
          .setSource(DataSource.values()[i % 3]).build());
    }
    return trades;
  }

  private static Trade laterVersion(Trade trade) {
    return Trade.newBuilder(trade).setReceiveTime(trade.getReceiveTime().plusSeconds(60)).setExchange("XCME")
        .build();
  }

  private void produceBars(KafkaProducer<byte[], byte[]> producer, List<Bar> records) {
    records.forEach(bar -> send(producer, TickflowTopics.BARS_FINAL, bar.getSymbol(),
        barSerde.serializer().serialize(TickflowTopics.BARS_FINAL, bar)));
  }

  private void produceTrades(KafkaProducer<byte[], byte[]> producer, List<Trade> records) {
    records.forEach(trade -> send(producer, TickflowTopics.TRADES, trade.getSymbol(),
        tradeSerde.serializer().serialize(TickflowTopics.TRADES, trade)));
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
  }

  private long count(String table) throws SQLException {
    return Long.parseLong(rows(table, "count(*)", "1").get(0));
  }

  /** Every row of the table, in the given order. */
  private List<String> rows(String table, String columns, String orderBy) throws SQLException {
    return SinkRows.rows(postgres, schema, table, columns, orderBy);
  }
}
