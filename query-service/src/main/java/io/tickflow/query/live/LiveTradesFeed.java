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
 * trades someone follows are decoded.
 */
public final class LiveTradesFeed implements AutoCloseable {

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

  /** Starts following from the topic's end. */
  public LiveTradesFeed start() {
    follower.start();
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
