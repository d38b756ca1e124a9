package io.tickflow.streams.integration;

import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/** What the topology integration tests share: topics on a real broker, writing raw trades, reading outputs. */
final class StreamsRig {

  static final int PARTITIONS = 2;
  static final Duration GRACE = Duration.ofSeconds(5);
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
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      for (Trade trade : trades) {
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, null, trade.getEventTime().toEpochMilli(),
            trade.getSymbol().getBytes(StandardCharsets.UTF_8), TRADES.serialize(TickflowTopics.RAW_TRADES, trade)));
      }
      producer.flush();
    }
  }

  static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafkaBroker broker, String topic) {
    return TopicReader.readAll(broker, topic, READ_TIMEOUT);
  }

  static Bar bar(ConsumerRecord<byte[], byte[]> record) {
    return BARS.deserialize(record.topic(), record.value());
  }

  /** Waits until a topic holds at least this many committed records. */
  static void awaitCount(EmbeddedKafkaBroker broker, String topic, int count, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(500))
        .until(() -> read(broker, topic).size() >= count);
  }
}
