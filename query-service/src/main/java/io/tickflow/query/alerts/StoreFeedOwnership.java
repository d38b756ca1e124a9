package io.tickflow.query.alerts;

import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.routing.ClusterMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Alerts of a symbol belong to the instance owning its bars actively, the one whose stores hold its last trade.
 * While the owner is unknown (rebalancing, starting) every instance speaks: better an alert twice than never.
 * Thread-safe.
 */
public final class StoreFeedOwnership implements FeedOwnership {

  private final MarketDataReader reader;
  private final ClusterMetadata cluster;
  private final LongSupplier stateChanges;

  /** @param stateChanges how many times the Streams client changed state ({@code StreamsHealth#stateChanges}) */
  public StoreFeedOwnership(MarketDataReader reader, ClusterMetadata cluster, LongSupplier stateChanges) {
    this.reader = reader;
    this.cluster = cluster;
    this.stateChanges = stateChanges;
  }

  @Override
  public boolean owns(String symbol) {
    return cluster.ownersOf(Dataset.BARS, symbol).map(owners -> owners.active().equals(cluster.self()))
        .orElse(true);
  }

  /** Reads this instance's active stores; empty while they cannot answer (the next check tries again). */
  @Override
  public Map<String, Instant> storedLastTrades(Set<String> known) {
    Map<String, Instant> lastTrades = new TreeMap<>();
    try {
      for (String symbol : reader.symbols(ReadMode.ACTIVE)) {
        if (!known.contains(symbol) && owns(symbol)) {
          reader.latestTrade(symbol, ReadMode.ACTIVE).ifPresent(trade -> lastTrades.put(symbol, trade.time()));
        }
      }
    } catch (StoreUnavailableException e) {
      return Map.of();
    }
    return lastTrades;
  }

  @Override
  public long generation() {
    return stateChanges.getAsLong();
  }
}
