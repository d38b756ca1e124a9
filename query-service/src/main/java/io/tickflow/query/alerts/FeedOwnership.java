package io.tickflow.query.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which symbols' alerts this instance speaks for. Every instance follows every symbol's live bars (its page shows
 * them all), but only one may log, count and publish a symbol's alerts, or a cluster of N raises each alert N times.
 * Implementations are thread-safe.
 */
public interface FeedOwnership {

  /** Whether this instance raises and resolves the symbol's alerts. */
  boolean owns(String symbol);

  /**
   * The event time of the last stored trade of each owned symbol not in {@code known}: the symbols whose feed
   * stopped before this instance started, of which the live bars will never tell it.
   */
  Map<String, Instant> storedLastTrades(Set<String> known);

  /**
   * Changes whenever the owners of symbols may have changed (a rebalance): a symbol lost and gained back between two
   * checks looks owned at both, while its previous owner may have published meanwhile.
   */
  long generation();

  /** A lone instance, speaking for every symbol, with no stores to read. */
  static FeedOwnership soleInstance() {
    return new FeedOwnership() {
      @Override
      public boolean owns(String symbol) {
        return true;
      }

      @Override
      public Map<String, Instant> storedLastTrades(Set<String> known) {
        return Map.of();
      }

      @Override
      public long generation() {
        return 0;
      }
    };
  }
}
