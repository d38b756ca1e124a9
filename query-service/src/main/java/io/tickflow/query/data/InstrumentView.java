package io.tickflow.query.data;

import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.SecurityDefinition;
import java.time.Instant;
import java.time.LocalTime;

/**
 * An instrument as the API shows it: its latest security definition, which tells how its prices are written (tick
 * size, DTC price display format), and the trading session its daily and weekly bars follow. The session is the one
 * the topology resolved, which {@code session.overrides} may set apart from the definition's.
 *
 * @param symbol the canonical symbol
 * @param priceDisplayFormat DTC PriceDisplayFormat: 0 to 9 decimals, 102 to 356 a fraction (132 = 1/32,
 *     134 = halves of 1/32), -1 unset
 * @param tickValue value of one tick in {@code currency}; 0 when unknown
 * @param updated when the definition was received
 */
public record InstrumentView(String symbol, String exchange, String description, double tickSize,
                             int priceDisplayFormat, double tickValue, String currency, LocalTime sessionOpen,
                             String sessionTimeZone, Instant updated) {

  /**
   * The view of a contract {@code SecurityDefinition}.
   *
   * @param symbol the canonical symbol (the definition holds the feed's spelling)
   * @param session the session the instrument's daily and weekly bars follow
   */
  public static InstrumentView of(String symbol, SecurityDefinition definition, TradingSession session) {
    return new InstrumentView(symbol, definition.getExchange(), definition.getDescription(),
        definition.getTickSize(), definition.getPriceDisplayFormat(), definition.getCurrencyValuePerTick(),
        definition.getCurrency(), session.open(), session.zone().getId(), definition.getUpdateTime());
  }
}
