package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.ReferenceBars;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;

/** What the topology integration tests share: topics on a real broker, writing raw trades, reading outputs. */
final class StreamsRig {

  static final int PARTITIONS = 2;
  static final Duration GRACE = Duration.ofSeconds(5);
  /** The default of bars.idle.ms. */
  static final Duration IDLE = Duration.ofSeconds(5);
  static final Map<String, Duration> TIMEFRAMES = Map.of("1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5),
      "1h", Duration.ofHours(1));
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final AvroSerializer<Trade> TRADES = new AvroSerializer<>(Trade.class);
  private static final AvroDeserializer<Bar> BARS = new AvroDeserializer<>(Bar.class);
  private static final AvroDeserializer<Trade> TRADE_VALUES = new AvroDeserializer<>(Trade.class);
  private static final AvroDeserializer<DeadLetter> DEAD_LETTERS = new AvroDeserializer<>(DeadLetter.class);

  private StreamsRig() {
  }

  static void createTopics(EmbeddedKafkaBroker broker) {
    createTopics(broker, PARTITIONS);
  }

  private static void createTopics(EmbeddedKafkaBroker broker, int partitions) {
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(partitions, (short) 1));
    }
  }

  /**
   * Deletes every Tickflow topic and creates them again empty, with this many partitions: a test that runs several
   * rounds against the one broker starts each from empty topics (the topic names are fixed).
   */
  static void recreateTopics(EmbeddedKafkaBroker broker, int partitions) {
    List<String> names = TickflowTopics.all().stream().map(TopicSpec::name).toList();
    try (Admin admin = broker.admin()) {
      admin.deleteTopics(names).all().get();
      // Deletion completes in the background; a topic still being deleted cannot be created again.
      await().atMost(READ_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(() -> admin.listTopics().names().get().stream().noneMatch(names::contains));
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot delete the topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted deleting the topics", e);
    }
    // The admin step returns once every partition is served by its leader.
    createTopics(broker, partitions);
  }

  /** Settings of the app under test: one broker, real RocksDB state in a given directory, exactly-once. */
  static Map<String, Object> appSettings(EmbeddedKafkaBroker broker, String applicationId, Path stateDir) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    settings.put(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, String.join(",", TIMEFRAMES.keySet()));
    settings.put(StreamsAppConfig.VALIDATION_PRICE_JUMP_PERCENT_CONFIG, "1000");
    return settings;
  }

  /** Writes raw trades keyed by symbol, timestamped with their event time, and waits for the acks. */
  static void produce(EmbeddedKafkaBroker broker, List<Trade> trades) {
    produce(broker, trades, Trade::getSymbol);
  }

  /** Writes raw trades with the given keys, timestamped with their event time, and waits for the acks. */
  static void produce(EmbeddedKafkaBroker broker, List<Trade> trades, Function<Trade, String> key) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      for (Trade trade : trades) {
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, null, trade.getEventTime().toEpochMilli(),
            key.apply(trade).getBytes(StandardCharsets.UTF_8), TRADES.serialize(TickflowTopics.RAW_TRADES, trade)));
      }
      producer.flush();
    }
  }

  /**
   * The broker side of an application reset (Kafka's reset tool: input offsets to the start, internal topics
   * deleted); the caller gives the next run a fresh state directory, the local side.
   */
  static void resetApplication(EmbeddedKafkaBroker broker, String applicationId) {
    int exit = new StreamsResetter().execute(new String[] {"--bootstrap-server", broker.bootstrapServers(),
        "--application-id", applicationId, "--input-topics",
        String.join(",", TickflowTopics.RAW_TRADES, TickflowTopics.RAW_QUOTES, TickflowTopics.RAW_DEPTH),
        // The app is closed, but a closed Streams client does not leave its group: its member times out later.
        "--force"});
    assertThat(exit).as("exit code of the reset tool").isZero();
  }

  /** Asserts that each partition of the final bars holds a run and then its replay, record for record the same. */
  static void assertReplayedByteIdentically(List<ConsumerRecord<byte[], byte[]>> finalBars) {
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
    finalBars.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
    for (List<ConsumerRecord<byte[], byte[]>> records : byPartition.values()) {
      assertThat(records.size() % 2).as("records of partition %d", records.get(0).partition()).isZero();
      int half = records.size() / 2;
      for (int i = 0; i < half; i++) {
        ConsumerRecord<byte[], byte[]> first = records.get(i);
        ConsumerRecord<byte[], byte[]> replayed = records.get(half + i);
        assertThat(replayed.key()).isEqualTo(first.key());
        assertThat(replayed.value()).as("final bar %d of partition %d", i, first.partition())
            .isEqualTo(first.value());
        assertThat(replayed.timestamp()).isEqualTo(first.timestamp());
      }
    }
  }

  static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafkaBroker broker, String topic) {
    return TopicReader.readAll(broker, topic, READ_TIMEOUT);
  }

  static Bar bar(ConsumerRecord<byte[], byte[]> record) {
    return BARS.deserialize(record.topic(), record.value());
  }

  /** The final bars by identity; fails when one is there twice. */
  static Map<ReferenceBars.Key, Bar> readFinalBars(EmbeddedKafkaBroker broker) {
    Map<ReferenceBars.Key, Bar> finals = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : read(broker, TickflowTopics.BARS_FINAL)) {
      Bar bar = bar(record);
      assertThat(finals.put(new ReferenceBars.Key(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart()), bar))
          .as("duplicate final bar %s", bar).isNull();
    }
    return finals;
  }

  /**
   * Asserts that two maps hold the same entries, naming the first few missing and unexpected keys or the first
   * differing value rather than printing thousands of bars.
   */
  static <K, V> void assertSameEntries(String what, Map<K, V> actual, Map<K, V> expected) {
    List<K> missing = expected.keySet().stream().filter(key -> !actual.containsKey(key)).limit(5).toList();
    List<K> unexpected = actual.keySet().stream().filter(key -> !expected.containsKey(key)).limit(5).toList();
    assertThat(missing).as("%s missing (%d expected, %d written)", what, expected.size(), actual.size()).isEmpty();
    assertThat(unexpected).as("%s not expected", what).isEmpty();
    expected.forEach((key, value) -> assertThat(actual.get(key)).as("%s %s", what, key).isEqualTo(value));
  }

  /** Asserts that two lists are equal, showing where they first differ rather than printing thousands of trades. */
  static <T> void assertSameInOrder(String what, List<T> actual, List<T> expected) {
    int at = 0;
    while (at < Math.min(actual.size(), expected.size()) && actual.get(at).equals(expected.get(at))) {
      at++;
    }
    assertThat(actual.subList(at, Math.min(actual.size(), at + 3)))
        .as("%s from #%d (%d expected, %d written)", what, at, expected.size(), actual.size())
        .isEqualTo(expected.subList(at, Math.min(expected.size(), at + 3)));
  }

  /** The accepted trades, partition by partition in offset order. */
  static List<Trade> readTrades(EmbeddedKafkaBroker broker) {
    return read(broker, TickflowTopics.TRADES).stream().map(record -> trade(record.value())).toList();
  }

  static Trade trade(byte[] value) {
    return TRADE_VALUES.deserialize(TickflowTopics.TRADES, value);
  }

  /** The dead letters, partition by partition in offset order. */
  static List<DeadLetter> readDeadLetters(EmbeddedKafkaBroker broker) {
    return read(broker, TickflowTopics.DEAD_LETTER).stream()
        .map(record -> DEAD_LETTERS.deserialize(record.topic(), record.value())).toList();
  }

  /** Waits until the trades pipeline has taken in this many records and accounted for each (out or rejected). */
  static PipelineCounts awaitBalanced(StreamsApp app, int in) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> app.counts("trades"), counts -> counts.in() == in && counts.isBalanced());
  }

  /**
   * Waits until the application has committed its position at the end of every raw trades partition (so, under
   * exactly-once, committed every output of every trade) and no transaction is open on the outputs of the trades: no
   * transaction of an instance killed while it wrote is left to abort, which would keep read_committed readers from
   * the records after it until the transaction timeout.
   */
  static void awaitSettled(EmbeddedKafkaBroker broker, String applicationId, Duration timeout) {
    try (Admin admin = broker.admin()) {
      await().atMost(timeout).pollInterval(Duration.ofMillis(500))
          .until(() -> committedToEnd(admin, applicationId) && noOpenTransaction(admin));
    }
  }

  private static boolean committedToEnd(Admin admin, String applicationId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
        .partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = endOffsets(admin,
        List.of(TickflowTopics.RAW_TRADES), IsolationLevel.READ_UNCOMMITTED);
    return ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
        && committed.get(end.getKey()).offset() == end.getValue().offset());
  }

  private static boolean noOpenTransaction(Admin admin) throws Exception {
    List<String> outputs = List.of(TickflowTopics.TRADES, TickflowTopics.BARS_FINAL, TickflowTopics.DEAD_LETTER);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = endOffsets(admin, outputs,
        IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = endOffsets(admin, outputs,
        IsolationLevel.READ_UNCOMMITTED);
    return stable.entrySet().stream()
        .allMatch(e -> e.getValue().offset() == end.get(e.getKey()).offset());
  }

  private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> endOffsets(
      Admin admin, List<String> topics, IsolationLevel isolation) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(
        p -> request.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
    return admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get();
  }

  /**
   * Starts the app in a JVM of its own ({@link ChildStreamsApp}), so that it can be killed without any shutdown hook
   * or close running; its settings file and log are {@code <name>.properties} and {@code <name>.log} in {@code dir}.
   */
  static Process startChildJvm(Map<String, Object> settings, Path dir, String name) throws IOException {
    Path config = dir.resolve(name + ".properties");
    Properties properties = new Properties();
    settings.forEach((key, value) -> properties.setProperty(key, value.toString()));
    try (OutputStream out = Files.newOutputStream(config)) {
      properties.store(out, name);
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ChildStreamsApp.class.getName(), config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  /** The topic IDs of an application's changelog topics, by name. */
  static Map<String, String> changelogIds(EmbeddedKafkaBroker broker, String applicationId) throws Exception {
    try (Admin admin = broker.admin()) {
      return admin.listTopics().listings().get().stream()
          .filter(topic -> topic.name().startsWith(applicationId + "-") && topic.name().endsWith("-changelog"))
          .collect(Collectors.toMap(TopicListing::name, topic -> topic.topicId().toString()));
    }
  }

  /**
   * The changelog topic IDs an instance remembers for its local state (tickflow-changelogs.properties), once it has
   * written them: the instance lists the topics when it first is RUNNING.
   */
  static Map<String, String> rememberedChangelogIds(Path stateDir, String applicationId) throws IOException {
    Path file = stateDir.resolve(applicationId).resolve("tickflow-changelogs.properties");
    await().atMost(READ_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(file));
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    return properties.stringPropertyNames().stream().collect(Collectors.toMap(name -> name,
        properties::getProperty));
  }

  /**
   * Waits, while the instance runs, until the file it remembers the changelogs in names the application's changelog
   * topics as they are now: it lists them asynchronously once RUNNING, and a stop before the listing ends leaves the
   * file as it was (an instance that had finished its input within a poll or two was stopped that early).
   */
  static void awaitChangelogsRemembered(EmbeddedKafkaBroker broker, Path stateDir, String applicationId) {
    Path file = stateDir.resolve(applicationId).resolve("tickflow-changelogs.properties");
    await().atMost(READ_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(file)
        && rememberedChangelogIds(stateDir, applicationId).equals(changelogIds(broker, applicationId)));
  }

  /** Waits until a topic holds at least this many committed records. */
  static void awaitCount(EmbeddedKafkaBroker broker, String topic, int count, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(500))
        .until(() -> read(broker, topic).size() >= count);
  }
}
