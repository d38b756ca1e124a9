package io.tickflow.bars;

import java.util.List;
import java.util.Objects;

/**
 * How one instrument's bars are cut beyond the shared timeframes: its trading session (daily and weekly bars), its
 * tick size (range bars) and its activity bar series.
 *
 * @param session trading session
 * @param tickSize minimum price increment, positive
 * @param activityBars tick, volume and range bar series of this instrument
 */
public record BarProfile(TradingSession session, double tickSize, List<BarSpec.ActivityBars> activityBars) {

  public BarProfile {
    Objects.requireNonNull(session, "session");
    if (!(tickSize > 0)) {
      throw new IllegalArgumentException("tickSize must be > 0, was " + tickSize);
    }
    activityBars = List.copyOf(activityBars);
  }
}
