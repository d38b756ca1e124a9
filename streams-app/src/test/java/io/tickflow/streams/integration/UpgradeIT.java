package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import io.tickflow.streams.TickflowTopology;
import io.tickflow.streams.integration.UpgradeScript.Step;
import io.tickflow.streams.integration.UpgradeScript.UpgradePoint;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrades over state that older builds wrote: the changelog records of each fixture
 * (src/test/resources/upgrade, made by {@link UpgradeScript} on the build named in its README) are written to the
 * changelog topics of a fresh application, whose committed input offsets are put at the fixture's upgrade point; the
 * Streams app of this build restores its stores from them and reads the rest of the script. What it writes from there
 * on (accepted trades, final bars, dead letters) and its latest quotes and books must be what this build writes from
 * the same point when it runs the whole script from scratch: no copy of a trade seen before the upgrade passes, held
 * trades are accepted or refused as if never interrupted, bars go on, and nothing fails to read.
 */
@Tag("integration")
class UpgradeIT {

  /** The dedup store of builds before identities per second, which this build does not read (docs/operations.md). */
  private static final Set<String> RETIRED_STORES = Set.of("tickflow-trade-dedup");
  private static final List<String> RAW_TOPICS =
      List.of(TickflowTopics.RAW_TRADES, TickflowTopics.RAW_QUOTES, TickflowTopics.RAW_DEPTH);
  private static final List<String> OUTPUTS =
      List.of(TickflowTopics.TRADES, TickflowTopics.BARS_FINAL, TickflowTopics.DEAD_LETTER);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AvroDeserializer<Trade> TRADES = new AvroDeserializer<>(Trade.class);
  private static final AvroDeserializer<Bar> BARS = new AvroDeserializer<>(Bar.class);
  private static final AvroDeserializer<DeadLetter> DEAD_LETTERS = new AvroDeserializer<>(DeadLetter.class);

  private static EmbeddedKafkaBroker broker;
  private static FromScratch fromScratch;

  @TempDir
  Path stateDir;

  @BeforeAll
  static void startBrokerAndRunTheScriptFromScratch() {
    // The script and the fixtures are dated 2026-03-02: no retention check may delete them while the test runs.
    broker = EmbeddedKafkaBroker.start(Map.of("log.initial.task.delay.ms", "3600000"));
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(1, (short) 1));
    }
    produceScript();
    fromScratch = FromScratch.run();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  static List<UpgradePoint> upgradePoints() {
    return UpgradeScript.upgradePoints();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upgradePoints")
  void shouldCarryOnFromTheStateOfAnOlderBuildAsFromItsOwn(UpgradePoint point) throws Exception {
    String applicationId = "upgrade-" + point.name();
    List<String[]> fixture = fixture(point);
    writeChangelogs(applicationId, fixture);
    commitInputOffsets(applicationId, point.steps());
    Map<String, Integer> outputStarts = new HashMap<>();
    OUTPUTS.forEach(topic -> outputStarts.put(topic, StreamsRig.read(broker, topic).size()));

    Map<String, Object> settings = StreamsRig.appSettings(broker, applicationId, stateDir);
    settings.putAll(UpgradeScript.settings());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    RestoredRecords restored = new RestoredRecords();
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings),
        (streams, tasks) -> streams.setGlobalStateRestoreListener(restored))) {
      awaitEndOfInput(app, applicationId);
      assertThat(restored.byStore).as("changelog records restored, by store").isEqualTo(fixtureCounts(fixture));
      assertThat(texts(app.streams().store(StoreQueryParameters.fromNameAndType(TickflowStores.LATEST_QUOTES,
          QueryableStoreTypes.<String, Quote>keyValueStore())), Quote::toString)).isEqualTo(fromScratch.latestQuotes);
      assertThat(texts(app.streams().store(StoreQueryParameters.fromNameAndType(TickflowStores.BOOKS,
          QueryableStoreTypes.<String, byte[]>keyValueStore())), HexFormat.of()::formatHex))
          .isEqualTo(fromScratch.books);
    }
    StreamsRig.assertSameInOrder("accepted trades", outputs(TickflowTopics.TRADES, outputStarts),
        fromScratch.after(TickflowTopics.TRADES, point.steps()));
    StreamsRig.assertSameInOrder("final bars", outputs(TickflowTopics.BARS_FINAL, outputStarts),
        fromScratch.after(TickflowTopics.BARS_FINAL, point.steps()));
    StreamsRig.assertSameInOrder("dead letters", outputs(TickflowTopics.DEAD_LETTER, outputStarts),
        fromScratch.after(TickflowTopics.DEAD_LETTER, point.steps()));
  }

  /** The whole script into the raw topics, one partition each, so that offsets are as TopologyTestDriver's. */
  private static void produceScript() {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.producerConfig(),
        new StringSerializer(), new ByteArraySerializer())) {
      for (Step step : UpgradeScript.steps()) {
        producer.send(new ProducerRecord<>(step.topic(), 0, step.timestamp().toEpochMilli(), step.key(),
            step.value()));
      }
      producer.flush();
    }
  }

  /** The fixture's lines, split into their fields (see {@link UpgradeScript#main}). */
  private static List<String[]> fixture(UpgradePoint point) throws IOException {
    String resource = "/upgrade/" + point.name() + "-changelogs.txt";
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        UpgradeIT.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      return reader.lines().filter(line -> !line.isBlank()).map(line -> line.split(" ")).toList();
    }
  }

  /** Creates the application's changelog topics and writes the fixture's records to them, as the old build did. */
  private static void writeChangelogs(String applicationId, List<String[]> fixture) throws Exception {
    Function<String[], String> topic = fields -> applicationId + "-" + fields[0];
    try (Admin admin = broker.admin()) {
      // The topics an old build would have made; retention off for the dates of the script. Through the admin step,
      // which returns once every partition is served: an idempotent producer writing to a topic just created can
      // lose records (KAFKA-15591), as this test once did.
      new TopicAdmin(admin).ensure(fixture.stream().map(topic).distinct()
          .map(name -> new TopicSpec(name, 1, (short) 1, TopicConfig.CLEANUP_POLICY_DELETE, null, "bytes", "bytes"))
          .toList());
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String[] fields : fixture) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic.apply(fields),
            Integer.parseInt(fields[1]), Long.parseLong(fields[2]), bytes(fields[3]), bytes(fields[4]));
        if (!fields[5].equals("-")) {
          for (String header : fields[5].split(",")) {
            String[] nameAndValue = header.split("=", 2);
            record.headers().add(new RecordHeader(nameAndValue[0], bytes(nameAndValue[1])));
          }
        }
        producer.send(record);
      }
      producer.flush();
    }
  }

  private static byte[] bytes(String hex) {
    return hex.equals("-") ? null : hex.equals(".") ? new byte[0] : HexFormat.of().parseHex(hex);
  }

  /** The records of each store of this build in the fixture: all of them are to be restored. */
  private static Map<String, Long> fixtureCounts(List<String[]> fixture) {
    return fixture.stream().map(fields -> fields[0].substring(0, fields[0].length() - "-changelog".length()))
        .filter(store -> !RETIRED_STORES.contains(store))
        .collect(Collectors.groupingBy(store -> store, TreeMap::new, Collectors.counting()));
  }

  /** The application's position in each raw topic: after the records of the script before the upgrade point. */
  private static void commitInputOffsets(String applicationId, int steps) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (String topic : RAW_TOPICS) {
      long before = UpgradeScript.steps().subList(0, steps).stream().filter(s -> s.topic().equals(topic)).count();
      offsets.put(new TopicPartition(topic, 0), new OffsetAndMetadata(before));
    }
    try (Admin admin = broker.admin()) {
      admin.alterConsumerGroupOffsets(applicationId, offsets).all().get();
    }
  }

  /**
   * Waits until the application has committed its position at the end of every raw topic, so under exactly-once
   * every output of the script; fails at once if the application stops (a record or state it cannot read).
   */
  private static void awaitEndOfInput(StreamsApp app, String applicationId) {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> ends = RAW_TOPICS.stream()
          .collect(Collectors.toMap(topic -> new TopicPartition(topic, 0), topic -> OffsetSpec.latest()));
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
        assertThat(app.streams().state()).as("state of the application")
            .isNotIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
            .partitionsToOffsetAndMetadata().get();
        return admin.listOffsets(ends).all().get().entrySet().stream().allMatch(end ->
            committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() == end.getValue().offset());
      });
    }
  }

  /** The outputs of a topic since the round began, decoded. */
  private static List<Object> outputs(String topic, Map<String, Integer> starts) {
    List<ConsumerRecord<byte[], byte[]>> records = StreamsRig.read(broker, topic);
    return records.subList(starts.get(topic), records.size()).stream()
        .map(record -> decode(topic, record.value())).toList();
  }

  private static Object decode(String topic, byte[] value) {
    return switch (topic) {
      case TickflowTopics.TRADES -> TRADES.deserialize(topic, value);
      case TickflowTopics.BARS_FINAL -> BARS.deserialize(topic, value);
      default -> DEAD_LETTERS.deserialize(topic, value);
    };
  }

  /** A key-value store's entries, values as text. */
  private static <V> Map<String, String> texts(ReadOnlyKeyValueStore<String, V> store, Function<V, String> text) {
    Map<String, String> texts = new TreeMap<>();
    try (KeyValueIterator<String, V> all = store.all()) {
      all.forEachRemaining(entry -> texts.put(entry.key, text.apply(entry.value)));
    }
    return texts;
  }

  /**
   * This build running the whole script on TopologyTestDriver: each output with the number of steps piped before
   * it, and the latest quotes and books at the end.
   */
  private record FromScratch(Map<String, List<Map.Entry<Integer, Object>>> outputs, Map<String, String> latestQuotes,
                             Map<String, String> books) {

    static FromScratch run() {
      Map<String, Object> settings = UpgradeScript.settings();
      settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, StreamsAppConfig.STORE_IN_MEMORY);
      StreamsAppConfig config = new StreamsAppConfig(settings);
      Map<String, List<Map.Entry<Integer, Object>>> outputs = new HashMap<>();
      try (TopologyTestDriver driver = new TopologyTestDriver(TickflowTopology.build(config),
          config.streamsProperties(), UpgradeScript.T0)) {
        List<Step> steps = UpgradeScript.steps();
        for (int i = 0; i < steps.size(); i++) {
          Step step = steps.get(i);
          driver.createInputTopic(step.topic(), new StringSerializer(), new ByteArraySerializer())
              .pipeInput(new TestRecord<>(step.key(), step.value(), step.timestamp()));
          for (String topic : OUTPUTS) {
            TestOutputTopic<String, byte[]> output = driver.createOutputTopic(topic, new StringDeserializer(),
                new ByteArrayDeserializer());
            int before = i;
            output.readValuesToList().forEach(value -> outputs.computeIfAbsent(topic, t -> new ArrayList<>())
                .add(Map.entry(before, decode(topic, value))));
          }
        }
        return new FromScratch(outputs,
            texts(driver.<String, Quote>getKeyValueStore(TickflowStores.LATEST_QUOTES), Quote::toString),
            texts(driver.<String, byte[]>getKeyValueStore(TickflowStores.BOOKS), HexFormat.of()::formatHex));
      }
    }

    /** The outputs of a topic written for the steps from {@code steps} on. */
    List<Object> after(String topic, int steps) {
      return outputs.getOrDefault(topic, List.of()).stream().filter(output -> output.getKey() >= steps)
          .map(Map.Entry::getValue).toList();
    }
  }

  /** Counts the changelog records restored into each store. */
  private static final class RestoredRecords implements StateRestoreListener {
    private final Map<String, Long> byStore = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
      byStore.merge(store, restored, Long::sum);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    }
  }
}
