package io.tickflow.query.alerts;

import io.tickflow.streams.normalize.SymbolRules;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The market hours of each symbol: the first symbol pattern of {@code alerts.market.hours.overrides} matching it,
 * else the first exchange pattern of {@code alerts.market.hours} matching its exchange; a symbol with neither is taken
 * as always open. The exchange is the one its security definition names, read once found (a definition does not move
 * to another exchange) and looked up again at each check until then: the definition may arrive after the first
 * trades. Thread-safe.
 */
public final class MarketCalendar {

  private final SymbolRules<MarketHours> bySymbol;
  private final SymbolRules<MarketHours> byExchange;
  private final Function<String, Optional<String>> exchanges;
  private final Map<String, String> knownExchanges = new ConcurrentHashMap<>();

  /**
   * @param bySymbol market hours by symbol pattern, which win
   * @param byExchange market hours by exchange pattern
   * @param exchanges the exchange of a symbol; empty while unknown or unreadable
   */
  public MarketCalendar(SymbolRules<MarketHours> bySymbol, SymbolRules<MarketHours> byExchange,
                        Function<String, Optional<String>> exchanges) {
    this.bySymbol = bySymbol;
    this.byExchange = byExchange;
    this.exchanges = exchanges;
  }

  /** Whether the symbol's market is open at {@code now}, and since when. */
  public MarketStatus statusAt(String symbol, Instant now) {
    Optional<MarketHours> hours = bySymbol.first(symbol).or(() -> exchangeOf(symbol).flatMap(byExchange::first));
    return hours.map(known -> known.openSince(now).map(MarketStatus::openSince).orElse(MarketStatus.CLOSED))
        .orElse(MarketStatus.UNKNOWN);
  }

  /** Forgets the exchange of a symbol no longer followed. */
  void forget(String symbol) {
    knownExchanges.remove(symbol);
  }

  private Optional<String> exchangeOf(String symbol) {
    String known = knownExchanges.get(symbol);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> found = exchanges.apply(symbol);
    found.ifPresent(exchange -> knownExchanges.put(symbol, exchange));
    return found;
  }
}
