package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  private StreamsRig() {
  }

  static void createTopics(EmbeddedKafkaBroker broker) {
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(PARTITIONS, (short) 1));
    }
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

  /** Waits until the trades pipeline has taken in this many records and accounted for each (out or rejected). */
  static PipelineCounts awaitBalanced(StreamsApp app, int in) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> app.counts("trades"), counts -> counts.in() == in && counts.isBalanced());
  }

  /** Waits until a topic holds at least this many committed records. */
  static void awaitCount(EmbeddedKafkaBroker broker, String topic, int count, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(500))
        .until(() -> read(broker, topic).size() >= count);
  }
}
