package io.tickflow.query.live;

import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.data.BarView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.query.ws.SubscriptionKey;
import io.tickflow.schemas.Bar;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code tickflow.bars.live} from its end and fans every bar revision out to WebSocket subscribers. Every
 * instance reads all partitions (no consumer group), so any instance can serve live bars of any symbol. Also
 * feeds the trade-to-bar latency histogram and the per-symbol feed staleness. One thread; start once, close once.
 */
public final class LiveBarsFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveBarsFeed.class);

  private final KafkaConsumer<String, Bar> consumer;
  private final LiveHub hub;
  private final QueryMetrics metrics;
  private final FeedHealth feedHealth;
  private final Formats formats;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean running = true;

  public LiveBarsFeed(String bootstrapServers, LiveHub hub, QueryMetrics metrics, FeedHealth feedHealth,
                      Formats formats, Clock clock) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tickflow-query-live-bars");
    // Live bars are written by the Streams app with exactly-once: read committed revisions only.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new AvroDeserializer<>(Bar.class));
    this.hub = hub;
    this.metrics = metrics;
    this.feedHealth = feedHealth;
    this.formats = formats;
    this.clock = clock;
    this.thread = new Thread(this::run, "live-bars-feed");
    this.thread.setDaemon(true);
  }

  /** Assigns every partition at its end and starts following. */
  public LiveBarsFeed start() {
    List<TopicPartition> partitions = consumer.partitionsFor(TickflowTopics.BARS_LIVE, Duration.ofSeconds(30))
        .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve "end" now, so bars written after start() are all seen
    thread.start();
    log.info("Following {} ({} partitions) for live bars", TickflowTopics.BARS_LIVE, partitions.size());
    return this;
  }

  private void run() {
    try {
      while (running) {
        try {
          consumer.poll(Duration.ofMillis(200)).forEach(this::onBar);
        } catch (SerializationException e) {
          // Skip the undecodable record rather than stop live updates for everyone; it is logged with its error.
          log.error("Undecodable live bar skipped: {}", e.getMessage());
          skipUndecodable(e);
        }
      }
    } catch (WakeupException e) {
      log.debug("Live bars feed woken up to stop");
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

  private void onBar(ConsumerRecord<String, Bar> record) {
    Bar bar = record.value();
    if (bar == null) {
      return;
    }
    metrics.barLatency(Duration.between(bar.getLastTradeTime(), clock.instant()));
    feedHealth.onTrade(bar.getSymbol(), bar.getLastTradeTime());
    SubscriptionKey key = SubscriptionKey.bars(bar.getSymbol(), bar.getTimeframe());
    if (hub.hasSubscribers(key)) {
      hub.publish(key, formats.toJson(BarView.of(bar)));
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
