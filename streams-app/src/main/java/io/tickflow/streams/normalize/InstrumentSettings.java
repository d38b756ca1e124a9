package io.tickflow.streams.normalize;

import io.tickflow.bars.BarSpec;
import io.tickflow.bars.IntradayAlignment;
import io.tickflow.bars.TradingSession;
import java.util.Objects;

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
}
