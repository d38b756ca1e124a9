package io.tickflow.query.data;

import io.tickflow.bars.TradingSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the HTTP and WebSocket layers need from this instance's local state stores. Every method reads local data
 * only; routing to the instance owning a key is {@code KeyOwnerRouter}'s job. An empty result means the symbol is
 * unknown here. Implementations are thread-safe.
 *
 * @see StoreUnavailableException thrown by every method when the stores cannot answer (rebalance, restore)
 */
public interface MarketDataReader {

  /** Symbols held by this instance's stores, sorted. */
  Set<String> symbols(ReadMode mode);

  /**
   * Bars of one symbol and timeframe whose window starts in {@code [from, to]}, oldest first; when more than
   * {@code limit} match, the newest {@code limit}.
   *
   * @return empty when the symbol is unknown; an empty list when it is known but has no bar in the range
   */
  Optional<List<BarView>> bars(String symbol, String timeframe, Instant from, Instant to, int limit, ReadMode mode);

  /**
   * The symbol's trading session, which turns a date in a request into the span of that trading date.
   *
   * @throws StoreUnavailableException while the security definitions cannot be read
   */
  TradingSession session(String symbol);

  /**
   * The symbol's latest security definition, with the trading session its daily and weekly bars follow; empty when
   * no definition arrived. Every instance holds every symbol's.
   *
   * @throws StoreUnavailableException while the security definitions cannot be read
   */
  Optional<InstrumentView> instrument(String symbol);

  /**
   * Every symbol's instrument (those with a security definition), by symbol. Every instance holds them all.
   *
   * @throws StoreUnavailableException while the security definitions cannot be read
   */
  List<InstrumentView> instruments();

  /** The newest bar of one symbol and timeframe. */
  Optional<BarView> latestBar(String symbol, String timeframe, ReadMode mode);

  /** The latest best bid and offer. */
  Optional<QuoteView> latestQuote(String symbol, ReadMode mode);

  /** The latest trade. */
  Optional<TradeView> latestTrade(String symbol, ReadMode mode);

  /** The top of the order book. */
  Optional<BookView> book(String symbol, ReadMode mode);

  /** Whether the stores may be read from an active copy only, or from a standby replica too. */
  enum ReadMode {
    /** Only partitions this instance owns actively: always up to date. */
    ACTIVE,
    /** Active or standby partitions: a standby may lag the active copy a little. */
    STANDBY_ALLOWED
  }
}
