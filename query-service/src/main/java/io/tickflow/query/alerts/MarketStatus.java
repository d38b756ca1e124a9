package io.tickflow.query.alerts;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a symbol's market is open at some instant, and since when. Immutable.
 *
 * @param phase open, closed, or unknown (no hours known: taken as always open)
 * @param openSince when the open period began; null unless {@link Phase#OPEN}
 */
public record MarketStatus(Phase phase, Instant openSince) {

  /** The {@code market} field of the feed-health rows. */
  public enum Phase {
    OPEN,
    CLOSED,
    UNKNOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
      return label;
    }
  }

  public static final MarketStatus CLOSED = new MarketStatus(Phase.CLOSED, null);
  public static final MarketStatus UNKNOWN = new MarketStatus(Phase.UNKNOWN, null);

  public static MarketStatus openSince(Instant since) {
    return new MarketStatus(Phase.OPEN, since);
  }

  /**
   * Since when a feed whose last trade is {@code lastTrade} has been silent in an open market: the later of the last
   * trade and the open, so that a weekend does not count; empty while the market is closed.
   */
  public Optional<Instant> silentSince(Instant lastTrade) {
    return switch (phase) {
      case OPEN -> Optional.of(lastTrade.isAfter(openSince) ? lastTrade : openSince);
      case UNKNOWN -> Optional.of(lastTrade);
      case CLOSED -> Optional.empty();
    };
  }
}
