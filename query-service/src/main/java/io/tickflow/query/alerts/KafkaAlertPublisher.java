package io.tickflow.query.alerts;

import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.topics.TopicEnds;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alerts as Avro {@code io.tickflow.schemas.Alert} records (the contract), keyed by symbol, to the alerts
 * topic. A failed send is logged; the alert is still
 * logged and counted by the monitor. Reads the topic back ({@link #latest}) with a consumer of its own, assigned every
 * partition, in no consumer group. Thread-safe.
 */
public final class KafkaAlertPublisher implements AlertPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaAlertPublisher.class);
  /** How long reading the topic back may take before the check that asked fails (and the next one tries again). */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;
  private final String bootstrapServers;
  private final String topic;
  private final AvroSerializer<io.tickflow.schemas.Alert> serializer =
      new AvroSerializer<>(io.tickflow.schemas.Alert.class);
  private final AvroDeserializer<io.tickflow.schemas.Alert> deserializer =
      new AvroDeserializer<>(io.tickflow.schemas.Alert.class);

  public KafkaAlertPublisher(String bootstrapServers, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "tickflow-query-alerts");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  @Override
  public void publish(Alert alert) {
    producer.send(new ProducerRecord<>(topic, alert.symbol(), serializer.serialize(topic, toAvro(alert))),
        (metadata, error) -> {
          if (error != null) {
            log.error("Cannot publish {} {} alert ({}) for {} to {}: {}", alert.state(), alert.type(), alert.reason(),
                alert.symbol(), topic, error.toString());
          }
        });
  }

  /**
   * Reads every partition from its beginning to the end it had when called: a compacted topic holds at least each
   * symbol's latest record, so the result is each symbol's current alert (a tombstone removes it).
   */
  @Override
  public Map<String, Alert> latest() {
    // Alerts of ours still in the producer's buffer are part of the state read back.
    producer.flush();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readerConfig(), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
      Map<String, Alert> latest = new HashMap<>();
      if (!TopicEnds.readTo(consumer, ends, READ_TIMEOUT, record -> keep(latest, record))) {
        throw new TimeoutException("Alerts topic " + topic + " not read back within " + READ_TIMEOUT);
      }
      return latest;
    }
  }

  private Map<String, Object> readerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tickflow-query-alerts-reader");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Reading must not create the topic with the broker's defaults (not compacted) before the admin step does.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return config;
  }

  private void keep(Map<String, Alert> latest, ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      latest.remove(record.key());
      return;
    }
    try {
      latest.put(record.key(), fromAvro(deserializer.deserialize(topic, record.value())));
    } catch (SerializationException e) {
      // One foreign record must not stop every alert: its symbol keeps its previous state, if any.
      log.warn("Skipping an undecodable record of {} at {}-{}@{}: {}", record.key(), topic, record.partition(),
          record.offset(), e.getMessage());
    }
  }

  static io.tickflow.schemas.Alert toAvro(Alert alert) {
    return io.tickflow.schemas.Alert.newBuilder().setType(alert.type()).setState(alert.state())
        .setSymbol(alert.symbol()).setLastTrade(alert.lastTrade()).setAgeMillis(alert.ageMillis())
        .setThresholdMillis(alert.thresholdMillis()).setTime(alert.time()).setReason(alert.reason()).build();
  }

  /** The alert a contract record carries (public for tests that read the topic). */
  public static Alert fromAvro(io.tickflow.schemas.Alert alert) {
    return new Alert(alert.getType(), alert.getState(), alert.getSymbol(), alert.getLastTrade(),
        alert.getAgeMillis(), alert.getThresholdMillis(), alert.getTime(), alert.getReason());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
