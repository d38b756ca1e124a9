package io.tickflow.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic, from the beginning to the end offsets taken when called, as raw records: the helper every
 * integration test needs to count and compare what landed.
 */
public final class TopicReader {

  private TopicReader() {
  }

  /** Every committed record of the topic up to its current end, in partition then offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafkaBroker broker, String topic,
                                                             Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(broker.consumerConfig())) {
      Set<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Timed out reading " + topic + " after " + records.size() + " records");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      records.sort((a, b) -> a.partition() != b.partition()
          ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
      return records;
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
