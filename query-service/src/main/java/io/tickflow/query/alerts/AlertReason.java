package io.tickflow.query.alerts;

import java.time.Instant;
import java.util.Locale;

/**
 * Why an alert changed state: the {@code reason} of an {@link Alert}, so that a consumer can tell a feed that came
 * back from a market that closed or a symbol no longer followed.
 */
public enum AlertReason {
  /** Raised: the feed has been silent beyond the threshold while its market is open (or its hours unknown). */
  SILENT,
  /** Resolved: the feed trades again. */
  TRADING,
  /**
   * Resolved: the market closed, or closed and reopened too recently to judge its feed (the silence is counted from
   * the open).
   */
  MARKET_CLOSED,
  /** Resolved: no trade for the forget period, so the symbol is no longer followed. */
  FORGOTTEN;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }

  /** Why the verdict on a feed whose last trade is {@code lastTrade} is what it is (never {@link #FORGOTTEN}). */
  static AlertReason of(MarketStatus market, boolean stale, Instant lastTrade) {
    if (stale) {
      return SILENT;
    }
    // Counted from the last trade, a silence within the threshold means trades; counted from the open, it means the
    // market was closed since the last trade.
    return market.silentSince(lastTrade).filter(lastTrade::equals).isPresent() ? TRADING : MARKET_CLOSED;
  }
}
