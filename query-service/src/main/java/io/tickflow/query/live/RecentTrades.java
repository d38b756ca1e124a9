package io.tickflow.query.live;

import io.tickflow.query.data.TradeView;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time and sales of every symbol: its latest trades read from {@code tickflow.trades}, at most {@code capacity}
 * per symbol. Every instance reads every partition, so each answers for every symbol by itself. No store keeps
 * trades (a store write per trade would cost the topology a good part of its throughput), hence memory, filled at
 * the start from the partitions' latest records ({@link LiveTradesFeed}). Kept as read (Avro bytes) and decoded when
 * asked: the feed thread only appends. Thread-safe.
 */
public final class RecentTrades {

  private static final Logger log = LoggerFactory.getLogger(RecentTrades.class);

  private final int capacity;
  private final AvroDeserializer<Trade> decoder = new AvroDeserializer<>(Trade.class);
  private final Map<String, Deque<byte[]>> bySymbol = new ConcurrentHashMap<>();

  /** @param capacity trades kept per symbol ({@code query.recent.trades}); 0 keeps none */
  public RecentTrades(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be at least 0, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Keeps a trade of a canonical symbol, as read: the symbol's oldest kept goes when it has {@code capacity}. */
  public void add(String symbol, byte[] trade) {
    if (capacity == 0) {
      return;
    }
    Deque<byte[]> trades = bySymbol.computeIfAbsent(symbol, any -> new ArrayDeque<>(capacity));
    synchronized (trades) {
      if (trades.size() == capacity) {
        trades.removeLast();
      }
      trades.addFirst(trade);
    }
  }

  /** The symbol's latest trades, newest first, at most {@code limit}; empty when none was read. */
  public List<TradeView> newest(String symbol, int limit) {
    Deque<byte[]> trades = bySymbol.get(symbol);
    if (trades == null) {
      return List.of();
    }
    List<byte[]> kept;
    synchronized (trades) {
      kept = trades.stream().limit(limit).toList();
    }
    List<TradeView> views = new ArrayList<>(kept.size());
    for (byte[] trade : kept) {
      try {
        views.add(TradeView.of(decoder.deserialize(TickflowTopics.TRADES, trade)));
      } catch (SerializationException e) {
        // The Streams app writes this topic with the contract's serde: a record it cannot read is left out of the
        // answer, said in the log, rather than fail every request for the symbol.
        log.warn("A recent trade of {} is left out: {}", symbol, e.getMessage());
      }
    }
    return views;
  }

  /** Trades kept per symbol. */
  public int capacity() {
    return capacity;
  }
}
