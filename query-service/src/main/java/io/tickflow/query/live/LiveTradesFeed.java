package io.tickflow.query.live;

import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.ws.Channel;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.query.ws.LiveUpdate;
import io.tickflow.query.ws.SubscriptionKey;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Sends every accepted trade of {@code tickflow.trades} (normalized, validated, deduplicated; keyed by canonical
 * symbol) to the symbol's trades subscribers, in order, and keeps it in the symbol's {@link RecentTrades}. Only
 * trades someone follows are decoded. At the start it reads back some records of each partition into the recent
 * trades alone, so that a restarted instance has the time and sales too.
 */
public final class LiveTradesFeed implements AutoCloseable {

  /**
   * Records read back per partition at the start, per trade kept per symbol: the recent trades of 100 symbols
   * trading alike in one partition. A bound, not a time: the records of an hour of a busy feed would take long to
   * read.
   */
  static final int REWIND_PER_KEPT_TRADE = 100;

  private final TopicFollower<byte[]> follower;
  private final AvroDeserializer<Trade> trades = new AvroDeserializer<>(Trade.class);
  private final LiveHub hub;
  private final RecentTrades recent;
  private final Formats formats;

  public LiveTradesFeed(String bootstrapServers, LiveHub hub, RecentTrades recent, Formats formats) {
    // Committed reads only: a trade of an aborted transaction comes again after the retry, and a client would count
    // it twice.
    this.follower = new TopicFollower<>(bootstrapServers, "tickflow-query-live-trades",
        List.of(TickflowTopics.TRADES), IsolationLevel.READ_COMMITTED, new ByteArrayDeserializer(), this::onTrades);
    this.hub = hub;
    this.recent = recent;
    this.formats = formats;
  }

  /** Starts following, the latest records of each partition first (for the recent trades only). */
  public LiveTradesFeed start() {
    follower.start((long) REWIND_PER_KEPT_TRADE * recent.capacity());
    return this;
  }

  private void onTrades(ConsumerRecords<String, byte[]> records) {
    List<LiveUpdate> updates = new ArrayList<>();
    records.forEach(record -> onTrade(record, updates));
    hub.publish(updates);
  }

  private void onTrade(ConsumerRecord<String, byte[]> record, List<LiveUpdate> updates) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    recent.add(record.key(), record.value());
    // Read back for the recent trades: a subscriber's snapshot was taken after them.
    if (follower.isHistory(record)) {
      return;
    }
    SubscriptionKey key = SubscriptionKey.of(Channel.TRADES, record.key());
    if (hub.hasSubscribers(key)) {
      Trade trade = trades.deserialize(record.topic(), record.value());
      updates.add(LiveUpdate.of(key, formats.toJson(TradeView.of(trade))));
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
