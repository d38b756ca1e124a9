package io.tickflow.query.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics from their end (or some records before it) on one thread and hands the records of each poll to a
 * handler (together, so that what they update goes out to clients in one write each). Every instance reads every
 * partition (no consumer group), so any instance can serve live updates of any symbol. An undecodable record is
 * logged and skipped rather than stopping live updates for everyone. Start once, close once.
 *
 * @param <V> the record value type
 */
public final class TopicFollower<V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConsumer<String, V> consumer;
  private final List<String> topics;
  private final Consumer<ConsumerRecords<String, V>> handler;
  private final Thread thread;
  private volatile boolean running = true;
  /** Per partition, the end offset when the follower started: records below it are history. */
  /** Topic to the first live offset of each partition (by number): no lookup key built per record. */
  private volatile Map<String, long[]> liveFrom = Map.of();

  /**
   * @param clientId the consumer's client id, also the thread's name
   * @param isolation read_committed waits for the Streams app's transactions to commit (up to its commit interval);
   *     read_uncommitted sees records as soon as they are written, including those of a transaction that will abort
   * @param handler called on the follower's thread with the records of each poll, in partition order
   */
  public TopicFollower(String bootstrapServers, String clientId, List<String> topics, IsolationLevel isolation,
                       Deserializer<V> values, Consumer<ConsumerRecords<String, V>> handler) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
    this.topics = List.copyOf(topics);
    this.handler = handler;
    this.thread = new Thread(this::run, clientId);
    this.thread.setDaemon(true);
  }

  /** Assigns every partition at its end and starts following. */
  public TopicFollower<V> start() {
    return start(0);
  }

  /**
   * Assigns every partition, up to {@code rewind} records before its end, and starts following: the records before
   * the end as it was at the start are handed first, and {@link #isHistory} tells them.
   */
  public TopicFollower<V> start(long rewind) {
    List<TopicPartition> partitions = new ArrayList<>();
    Map<String, long[]> firstLive = new HashMap<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      firstLive.put(topic, new long[infos.size()]); // Kafka numbers a topic's partitions from 0
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolved now, so that records written after start() are all seen (and read committed: the last stable one).
    Map<TopicPartition, Long> ends = new HashMap<>();
    partitions.forEach(partition -> ends.put(partition, consumer.position(partition)));
    ends.forEach((partition, end) -> firstLive.get(partition.topic())[partition.partition()] = end);
    if (rewind > 0) {
      consumer.beginningOffsets(partitions).forEach((partition, beginning) ->
          consumer.seek(partition, Math.max(beginning, ends.get(partition) - rewind)));
    }
    liveFrom = Map.copyOf(firstLive);
    thread.start();
    log.info("Following {} ({} partitions, {} records back)", topics, partitions.size(), rewind);
    return this;
  }

  /** Whether a record was in its partition before the follower started: read back, not live. */
  public boolean isHistory(ConsumerRecord<String, V> record) {
    long[] from = liveFrom.get(record.topic());
    return from != null && record.partition() < from.length && record.offset() < from[record.partition()];
  }

  private void run() {
    try {
      while (running) {
        try {
          ConsumerRecords<String, V> records = consumer.poll(Duration.ofMillis(200));
          if (!records.isEmpty()) {
            handler.accept(records);
          }
        } catch (SerializationException e) {
          log.error("Undecodable record skipped: {}", e.getMessage());
          skipUndecodable(e);
        }
      }
    } catch (WakeupException e) {
      log.debug("Follower of {} woken up to stop", topics);
    } catch (RuntimeException e) {
      log.error("Follower of {} stopped: live updates from it end here", topics, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void skipUndecodable(SerializationException e) {
    if (e instanceof RecordDeserializationException) {
      RecordDeserializationException bad = (RecordDeserializationException) e;
      consumer.seek(bad.topicPartition(), bad.offset() + 1);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
