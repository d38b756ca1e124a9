package io.tickflow.bars;

import java.util.List;
import java.util.Objects;

/**
 * How one instrument's bars are cut beyond the shared timeframes: its trading session (daily and weekly bars), the
 * session its intraday bars follow, its tick size (range bars) and its activity bar series.
 *
 * @param session trading session
 * @param intradaySession the session whose days the intraday bars follow ({@link IntradayAlignment})
 * @param tickSize minimum price increment, positive
 * @param activityBars tick, volume and range bar series of this instrument
 */
public record BarProfile(TradingSession session, TradingSession intradaySession, double tickSize,
                         List<BarSpec.ActivityBars> activityBars) {

  public BarProfile {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(intradaySession, "intradaySession");
    if (!(tickSize > 0)) {
      throw new IllegalArgumentException("tickSize must be > 0, was " + tickSize);
    }
    activityBars = List.copyOf(activityBars);
  }

  /** The session a timeframe's windows follow: the trading session for days and weeks, else the intraday one. */
  public TradingSession sessionFor(Timeframe timeframe) {
    return timeframe.isWholeSessions() ? session : intradaySession;
  }
}
