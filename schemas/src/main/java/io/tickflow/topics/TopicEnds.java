package io.tickflow.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions up to end offsets fixed beforehand, so that a read of a topic others keep writing ends: what the
 * state read back at a start (the demo's last prices, the alerts' latest states) needs. Kafka's consumer has no such
 * bounded read.
 */
public final class TopicEnds {

  private static final Duration POLL = Duration.ofMillis(200);

  private TopicEnds() {
  }

  /**
   * Polls the consumer's assigned partitions from their current positions until each has reached its offset in
   * {@code ends}, or until the timeout, handing each record to {@code each} in the order polled.
   *
   * @return true when every partition was read up to its end, false when the timeout came first
   */
  public static <K, V> boolean readTo(Consumer<K, V> consumer, Map<TopicPartition, Long> ends, Duration timeout,
                                      java.util.function.Consumer<ConsumerRecord<K, V>> each) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(consumer, ends)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      consumer.poll(POLL).forEach(each);
    }
    return true;
  }

  private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }
}
