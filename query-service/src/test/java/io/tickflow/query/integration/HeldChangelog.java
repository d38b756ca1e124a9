package io.tickflow.query.integration;

import io.tickflow.testing.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds the standby replicas of a store behind the end of its changelog, as a long restore does: an open transaction
 * re-writes each partition's last committed record many times, and a standby reads committed records only, so it
 * stops short of the end until {@link #release()} commits. The copies then change nothing in the store: each
 * repeats the value its key already has.
 */
final class HeldChangelog implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaProducer<byte[], byte[]> producer;

  private HeldChangelog(KafkaProducer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /** Opens the transaction on every partition of {@code changelog} that holds a record, {@code copies} each. */
  static HeldChangelog hold(EmbeddedKafkaBroker broker, String changelog, int copies) {
    Map<String, Object> config = broker.producerConfig();
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "held-" + changelog);
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
    producer.initTransactions();
    producer.beginTransaction();
    for (ConsumerRecord<byte[], byte[]> last : lastRecords(broker, changelog)) {
      for (int i = 0; i < copies; i++) {
        producer.send(new ProducerRecord<>(changelog, last.partition(), last.key(), last.value()));
      }
    }
    producer.flush();
    return new HeldChangelog(producer);
  }

  /** Commits the transaction: the standbys read to the end again. */
  void release() {
    producer.commitTransaction();
  }

  /** Aborts the transaction unless released. */
  @Override
  public void close() {
    producer.close();
  }

  private static List<ConsumerRecord<byte[], byte[]>> lastRecords(EmbeddedKafkaBroker broker, String changelog) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(broker.consumerConfig())) {
      List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
          .map(info -> new TopicPartition(changelog, info.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, ConsumerRecord<byte[], byte[]>> last = new HashMap<>();
      // The tail holds commit markers too: read a stretch of it to find the last record.
      ends.forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 100)));
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        consumer.poll(POLL).forEach(record ->
            last.put(new TopicPartition(record.topic(), record.partition()), record));
      }
      return List.copyOf(last.values());
    }
  }
}
