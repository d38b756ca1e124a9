package io.tickflow.cli.replay.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import io.tickflow.cli.TickflowCli;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickflow replay} on a populated pipeline: the rebuilt final bars are byte-for-byte the ones of the first
 * run, and a replay while an instance runs is refused with one clear line.
 */
@Tag("integration")
class ReplayCommandIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String APPLICATION_ID = "tickflow-replay-it";
  // Canonical spellings: records stay in their partition (see docs/topology.md on re-keyed symbols).
  private static final List<String> SYMBOLS = List.of("ESZ26", "NQZ26", "CLF27", "EURUSD");
  private static final int TRADES = 6_000;

  private static EmbeddedKafkaBroker broker;

  @TempDir
  static Path directory;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldRebuildByteIdenticalFinalBarsAndRefuseWhileRunning() throws Exception {
    produceTrades(broker);
    Map<String, Object> settings = settings(broker, APPLICATION_ID);
    Path configFile = CommandRuns.writeConfig(directory, settings);
    List<byte[]> firstRun;
    try (StreamsApp first = StreamsApp.start(new StreamsAppConfig(settings))) {
      await().atMost(TIMEOUT).until(() -> first.counts("trades").in() >= TRADES);
      firstRun = awaitStableFinalBars();
      String refused = errorOf("replay", "--config", configFile.toString());
      assertThat(refused).contains("instance(s) of the Streams application '" + APPLICATION_ID
          + "' are running: stop them first");
    }

    String output = CommandRuns.outputOf("replay", "--config", configFile.toString());

    List<byte[]> all = values(TopicReader.readAll(broker, TickflowTopics.BARS_FINAL, TIMEOUT));
    assertThat(firstRun).as("the first run closed some bars").hasSizeGreaterThan(20);
    assertThat(all).hasSize(2 * firstRun.size());
    for (int i = 0; i < firstRun.size(); i++) {
      assertThat(all.get(firstRun.size() + i)).isEqualTo(firstRun.get(i));
    }
    assertThat(output).contains("Replayed " + APPLICATION_ID + ": " + String.format("%,d", TRADES)
        + " raw records reprocessed, " + String.format("%,d", firstRun.size()) + " final bars written.");
  }

  @Test
  void shouldEndAndNameThePartitionWhenRetentionDeletedTheHeadOfARawPartition() throws Exception {
    try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(); Admin admin = own.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
      produceTrades(own);
      TopicPartition head = fullest(admin, TickflowTopics.RAW_TRADES);
      long cut = admin.listOffsets(Map.of(head, OffsetSpec.latest())).partitionResult(head).get().offset() / 2;
      admin.deleteRecords(Map.of(head, RecordsToDelete.beforeOffset(cut))).all().get();
      // An application id that never ran: nothing to reset, everything to process.
      Path configFile = CommandRuns.writeConfig(directory, settings(own, "tickflow-replay-retention-it"));

      String output = CommandRuns.outputOf("replay", "--config", configFile.toString());

      assertThat(output).contains("Warning: " + head + " begins at offset " + String.format("%,d", cut)
          + ": its older records were deleted (retention)");
      assertThat(output).containsOnlyOnce("begins at offset");
      assertThat(output).contains("Replayed tickflow-replay-retention-it: " + String.format("%,d", TRADES - cut)
          + " raw records reprocessed");
    }
  }

  @Test
  void shouldEndWhenARawPartitionHoldsOnlyAnAbortedTransaction() throws Exception {
    try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(); Admin admin = own.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
      produceTrades(own);
      // A connector with exactly-once source support whose only transaction on this partition aborted: offsets
      // taken, no record for the app to read, so no offset it commits there.
      Map<String, Object> transactional = new HashMap<>(own.producerConfig());
      transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-connector");
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(transactional)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_DEPTH, 0, null, new byte[] {1}, new byte[] {2}));
        producer.flush();
        producer.abortTransaction();
      }
      Path configFile = CommandRuns.writeConfig(directory, settings(own, "tickflow-replay-aborted-it"));

      String output = assertTimeoutPreemptively(TIMEOUT, () -> CommandRuns.outputOf("replay", "--config",
          configFile.toString()));

      assertThat(output).contains("Replayed tickflow-replay-aborted-it: " + String.format("%,d", TRADES)
          + " raw records reprocessed");
    }
  }

  /**
   * A replay starts from no local state. Kafka Streams drops a task's local state when the checkpoint lies past the
   * end of its changelog (the reset deletes the changelogs, which come back empty) only if its first restore poll
   * brings back the fetch that says so; with {@code poll.ms} 0 it never does, and the second replay would reprocess
   * the trades against the first one's stores: each a duplicate of itself, no bar written.
   */
  @Test
  void shouldReplayFromNoLocalStateWhenKafkaStreamsWouldKeepTheLastRunsStores() throws Exception {
    try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(); Admin admin = own.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
      produceTrades(own);
      Map<String, Object> settings = settings(own, "tickflow-replay-state-it");
      settings.put("poll.ms", "0");
      Path configFile = CommandRuns.writeConfig(directory, settings);
      String first = summaryOf(CommandRuns.outputOf("replay", "--config", configFile.toString()));

      String second = summaryOf(CommandRuns.outputOf("replay", "--config", configFile.toString()));

      assertThat(first).startsWith("Replayed tickflow-replay-state-it: " + String.format("%,d", TRADES)
          + " raw records reprocessed, ").doesNotContain(" 0 final bars");
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void shouldNameTheMissingRawTopicsWhenTheyWereNeverCreated() throws Exception {
    try (EmbeddedKafkaBroker empty = EmbeddedKafkaBroker.start()) {
      Path configFile = CommandRuns.writeConfig(directory, settings(empty, "tickflow-replay-no-topics-it"));

      String error = errorOf("replay", "--config", configFile.toString());

      assertThat(error).isEqualTo("tickflow replay: raw topic(s) tickflow.raw.trades, tickflow.raw.quotes, "
          + "tickflow.raw.depth do not exist on " + empty.bootstrapServers() + ": nothing to replay (create them "
          + "with `tickflow topics` or run.components=topics)" + System.lineSeparator());
    }
  }

  @Test
  void shouldSayWhatStateItLeavesWhenItFailsAfterTheReset() throws Exception {
    try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(); Admin admin = own.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(1, (short) 1));
      Map<String, Object> settings = settings(own, "tickflow-replay-unfinished-it");
      // Kafka Streams cannot create its state directory under a file: the replay fails after the reset.
      settings.put("state.dir", Files.writeString(directory.resolve("a-file"), "").toString());

      String error = errorOf("replay", "--config", CommandRuns.writeConfig(directory, settings).toString());

      assertThat(error).startsWith("tickflow replay: ").endsWith("; the application is reset but not fully "
          + "reprocessed: run the replay again, or start the instances, which reprocess the rest"
          + System.lineSeparator());
    }
  }

  /** The summary line of a replay's output (the output also holds the log). */
  private static String summaryOf(String output) {
    return output.lines().filter(line -> line.startsWith("Replayed ")).findFirst().orElseThrow(
        () -> new AssertionError("no summary in: " + output));
  }

  private static TopicPartition fullest(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> ends = Map.of(new TopicPartition(topic, 0), OffsetSpec.latest(),
        new TopicPartition(topic, 1), OffsetSpec.latest());
    return admin.listOffsets(ends).all().get().entrySet().stream()
        .max(Map.Entry.comparingByValue(Comparator.comparingLong(ListOffsetsResultInfo::offset)))
        .orElseThrow().getKey();
  }

  /** Final bars in partition order (the order a replay reproduces), once no more arrive. */
  private static List<byte[]> awaitStableFinalBars() {
    List<byte[]>[] last = new List[] {List.of()};
    await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> {
      List<byte[]> now = values(TopicReader.readAll(broker, TickflowTopics.BARS_FINAL, TIMEOUT));
      boolean stable = !now.isEmpty() && now.size() == last[0].size();
      last[0] = now;
      return stable;
    });
    return last[0];
  }

  private static List<byte[]> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().sorted((a, b) -> a.partition() != b.partition()
        ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()))
        .map(ConsumerRecord::value).toList();
  }

  /** Trades over 20 minutes of event time, so 1m and 5m bars close. */
  private static void produceTrades(EmbeddedKafkaBroker broker) {
    Random random = new Random(42);
    AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);
    Instant start = Instant.parse("2026-11-20T14:30:00Z");
    double[] prices = {6000, 21000, 70, 1.08};
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < TRADES; i++) {
        int s = random.nextInt(SYMBOLS.size());
        prices[s] *= 1 + (random.nextInt(3) - 1) * 0.0002;
        Instant time = start.plusMillis(i * 200L);
        Trade trade = Trade.newBuilder().setSymbol(SYMBOLS.get(s)).setExchange("CME").setPrice(prices[s])
            .setSize(1 + random.nextInt(5)).setSide(random.nextBoolean() ? AggressorSide.BID : AggressorSide.ASK)
            .setEventTime(time).setReceiveTime(time.plusMillis(3)).setSequence(0).setSource(DataSource.LIVE).build();
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, null, time.toEpochMilli(), SYMBOLS.get(s),
            serializer.serialize(TickflowTopics.RAW_TRADES, trade)));
      }
    }
  }

  private static Map<String, Object> settings(EmbeddedKafkaBroker broker, String applicationId) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", broker.bootstrapServers());
    settings.put("application.id", applicationId);
    settings.put("state.dir", directory.resolve("state").toString());
    settings.put("bars.timeframes", "1m,5m");
    settings.put("replication.factor", "1");
    // A closed instance stays a group member until its session times out: keep that short here.
    settings.put("consumer.session.timeout.ms", "6000");
    return settings;
  }

  private static String errorOf(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var commandLine = TickflowCli.commandLine();
    commandLine.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    assertThat(commandLine.execute(args)).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8);
  }
}
