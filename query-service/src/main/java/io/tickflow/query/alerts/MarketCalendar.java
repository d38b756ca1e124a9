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
 * as always open. The holidays of every exchange pattern of {@code alerts.market.holidays} matching its exchange close
 * the market on those trading dates, whichever hours apply. The exchange is the one its security definition names,
 * read once found (a definition does not move to another exchange) and looked up again at each check until then: the
 * definition may arrive after the first trades. Thread-safe.
 */
public final class MarketCalendar {

  private final SymbolRules<MarketHours> bySymbol;
  private final SymbolRules<MarketHours> byExchange;
  private final SymbolRules<MarketHolidays> holidays;
  private final boolean anyHolidays;
  private final Function<String, Optional<String>> exchanges;
  private final Map<String, String> knownExchanges = new ConcurrentHashMap<>();
  private final Map<String, MarketHolidays> holidaysByExchange = new ConcurrentHashMap<>();

  /**
   * @param bySymbol market hours by symbol pattern, which win
   * @param byExchange market hours by exchange pattern
   * @param holidays holidays by exchange pattern, every match applying
   * @param exchanges the exchange of a symbol; empty while unknown or unreadable
   */
  public MarketCalendar(SymbolRules<MarketHours> bySymbol, SymbolRules<MarketHours> byExchange,
                        SymbolRules<MarketHolidays> holidays, Function<String, Optional<String>> exchanges) {
    this.bySymbol = bySymbol;
    this.byExchange = byExchange;
    this.holidays = holidays;
    this.anyHolidays = !holidays.values().isEmpty();
    this.exchanges = exchanges;
  }

  /** Whether the symbol's market is open at {@code now}, and since when. */
  public MarketStatus statusAt(String symbol, Instant now) {
    Optional<MarketHours> override = bySymbol.first(symbol);
    // Hours by symbol need the exchange only for its holidays: without any, a symbol with no definition (what the
    // overrides are for) is not looked up at every check.
    Optional<String> exchange = override.isPresent() && !anyHolidays ? Optional.empty()
        : exchangeOf(symbol);
    Optional<MarketHours> hours = override.or(() -> exchange.flatMap(byExchange::first));
    MarketHolidays closures = exchange.map(this::holidaysOf).orElse(MarketHolidays.NONE);
    return hours.map(known -> known.openSince(now, closures).map(MarketStatus::openSince)
        .orElse(MarketStatus.CLOSED)).orElse(MarketStatus.UNKNOWN);
  }

  /** Every matching entry's holidays, merged once per exchange. */
  private MarketHolidays holidaysOf(String exchange) {
    return holidaysByExchange.computeIfAbsent(exchange,
        key -> holidays.all(key).stream().reduce(MarketHolidays.NONE, MarketHolidays::and));
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
