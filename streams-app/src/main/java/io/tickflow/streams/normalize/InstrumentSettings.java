package io.tickflow.streams.normalize;

import io.tickflow.bars.BarSpec;
import io.tickflow.bars.IntradayAlignment;
import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.SecurityDefinition;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-instrument settings from configuration; each applies to the symbols its pattern matches and, for sessions,
 * wins over the security definition.
 *
 * @param sessions session overrides by symbol pattern
 * @param exchangeSessions sessions by exchange, for definitions that state none
 * @param defaultSession session of instruments with neither an override, nor a definition stating one, nor a known
 *     exchange
 * @param intradayAlignment where intraday bars start: 00:00 UTC or each instrument's session open
 * @param defaultTickSize tick size of instruments without a definition (range bars only)
 * @param activityBars tick, volume and range bar series by symbol pattern (every matching rule applies)
 * @param priceScaling how feed price numbers become prices, by symbol pattern (first match)
 */
public record InstrumentSettings(SymbolRules<TradingSession> sessions, SymbolRules<TradingSession> exchangeSessions,
                                 TradingSession defaultSession,
                                 IntradayAlignment intradayAlignment, double defaultTickSize, SymbolRules<BarSpec.ActivityBars> activityBars,
                                 SymbolRules<PriceScaling> priceScaling) {

  private static final Logger log = LoggerFactory.getLogger(InstrumentSettings.class);

  public InstrumentSettings {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(exchangeSessions, "exchangeSessions");
    Objects.requireNonNull(defaultSession, "defaultSession");
    Objects.requireNonNull(intradayAlignment, "intradayAlignment");
    Objects.requireNonNull(activityBars, "activityBars");
    Objects.requireNonNull(priceScaling, "priceScaling");
    if (!(defaultTickSize > 0)) {
      throw new IllegalArgumentException("defaultTickSize must be > 0, was " + defaultTickSize);
    }
  }

  /**
   * The session of a canonical symbol: its override, else the session its definition states, else its exchange's,
   * else the default.
   *
   * @param definition its latest security definition, or null when none arrived
   */
  public TradingSession sessionOf(String symbol, SecurityDefinition definition) {
    return sessions.first(symbol).orElseGet(() -> definition == null ? defaultSession : sessionOf(definition));
  }

  private TradingSession sessionOf(SecurityDefinition definition) {
    if (statesNoSession(definition)) {
      return exchangeSessions.first(definition.getExchange()).orElse(defaultSession);
    }
    try {
      return new TradingSession(definition.getSessionOpen(), ZoneId.of(definition.getSessionTimeZone()));
    } catch (DateTimeException e) {
      log.warn("Security definition of {} has an invalid session time zone '{}'; using the default session {}",
          definition.getSymbol(), definition.getSessionTimeZone(), defaultSession);
      return defaultSession;
    }
  }

  /**
   * Whether the definition carries the schema's session defaults, 00:00 to 00:00 UTC: what a writer that does not
   * know the session (the DTC connector: DTC's definition has no session) leaves there. Taken literally, it would
   * put every such instrument's daily bars on UTC midnight whatever {@code session.default} says.
   */
  private static boolean statesNoSession(SecurityDefinition definition) {
    return LocalTime.MIDNIGHT.equals(definition.getSessionOpen()) && LocalTime.MIDNIGHT.equals(
        definition.getSessionClose()) && "UTC".equals(definition.getSessionTimeZone());
  }
}
