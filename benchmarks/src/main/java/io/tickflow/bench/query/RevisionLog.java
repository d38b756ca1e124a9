package io.tickflow.bench.query;

import io.tickflow.schemas.Bar;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The baseline: a plain consumer of {@code tickflow.bars.live}, as a client reading Kafka directly would be, with the
 * isolation of the query service's live bars feed (read_uncommitted), so that the difference is the service's own.
 * For every live revision it keeps the broker's append time (the topic uses LogAppendTime) and its own receipt time,
 * keyed by {@link #key}, and records receipt minus append time. One thread.
 */
final class RevisionLog implements AutoCloseable {

  /** Append and baseline receipt times of a revision, in epoch milliseconds. */
  record Times(long appended, long received) {
  }

  private final KafkaConsumer<String, Bar> consumer;
  private final Map<Long, Times> times = new ConcurrentHashMap<>();
  private final Histogram latency = new ConcurrentHistogram(3);
  private final Thread thread = new Thread(this::run, "baseline-consumer");
  private volatile boolean measuring;
  private volatile boolean running = true;

  RevisionLog(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new AvroDeserializer<>(Bar.class));
  }

  /**
   * The key of a one-minute bar's live revision: the symbol's index among the harness's symbols, the window's minute
   * of the (UTC) day (a run lasts minutes) and the revision. A number, so that clients need not build a string per
   * update to find it.
   */
  static long key(int symbolIndex, int minuteOfDay, int revision) {
    return ((long) minuteOfDay * 1024 + symbolIndex) << 32 | revision;
  }

  /** The index of a harness symbol ({@code W} and two letters) from its two letters. */
  static int symbolIndex(int first, int second) {
    return (first - 'A') * 26 + (second - 'A');
  }

  RevisionLog start() {
    List<TopicPartition> partitions = consumer.partitionsFor(TickflowTopics.BARS_LIVE).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, Bar> record : consumer.poll(Duration.ofMillis(100))) {
        long now = System.currentTimeMillis();
        Bar bar = record.value();
        String symbol = bar.getSymbol();
        int minuteOfDay = (int) Math.floorMod(bar.getWindowStart().getEpochSecond() / 60, 24 * 60);
        times.put(key(symbolIndex(symbol.charAt(1), symbol.charAt(2)), minuteOfDay, bar.getRevision()),
            new Times(record.timestamp(), now));
        if (measuring) {
          latency.recordValue(Math.max(0, now - record.timestamp()));
        }
      }
    }
    consumer.close();
  }

  /** The times of a revision, or null when the baseline has not seen it (yet). */
  Times times(long key) {
    return times.get(key);
  }

  void measure(boolean on) {
    measuring = on;
  }

  Histogram latency() {
    return latency;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
