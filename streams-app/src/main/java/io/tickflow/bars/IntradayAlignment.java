package io.tickflow.bars;

import java.util.Locale;

/**
 * Where intraday (second, minute and hour) bars start. Day and week bars always follow the instrument's session.
 */
public enum IntradayAlignment {

  /** From 00:00 UTC each day, the same for every instrument, so bars of different instruments line up. */
  UTC,
  /** From the instrument's session open, as Sierra Chart's "new bar at session start". */
  SESSION;

  /** The session whose days an intraday bar series of an instrument trading {@code instrumentSession} follows. */
  public TradingSession sessionFor(TradingSession instrumentSession) {
    return this == SESSION ? instrumentSession : TradingSession.UTC;
  }

  /** The alignment named {@code utc} or {@code session} (any case). */
  public static IntradayAlignment parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
