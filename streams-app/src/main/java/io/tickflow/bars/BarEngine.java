package io.tickflow.bars;

import java.time.Duration;
import java.util.List;

/**
 * Adds accepted trades to a symbol's open bars and closes them: time bars once stream time passes their end plus
 * the grace period, activity bars as soon as their rule is met. One pass over the open bars per trade, whatever the
 * number of series. Immutable and thread-safe; the state it works on is not.
 */
public final class BarEngine {

  /** Told about bars as they open and close. */
  public interface Listener {

    /** A time bar was opened; it closes at {@link #closeAtMicros}. */
    void opened(OpenBar bar);

    /** An activity bar met its rule and was removed from the state. */
    void closed(OpenBar bar);
  }

  private final List<BarSpec.TimeBars> timeBars;
  private final long graceMicros;

  /**
   * @param timeBars the time bar series every symbol gets
   * @param grace how long after its end a time bar still takes out-of-order trades; not negative
   */
  public BarEngine(List<BarSpec.TimeBars> timeBars, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    this.timeBars = List.copyOf(timeBars);
    this.graceMicros = grace.toNanos() / 1_000L;
  }

  /** Grace period in microseconds. */
  public long graceMicros() {
    return graceMicros;
  }

  /** Stream time at which a time bar closes: its end plus the grace period. */
  public long closeAtMicros(OpenBar bar) {
    return bar.endMicros() + graceMicros;
  }

  /**
   * True when a trade comes too late for its bars: older than stream time minus the grace period. A trade that is
   * not late always falls into open bars, since any window holding it ends after stream time minus grace.
   */
  public boolean isLate(long eventMicros, long streamMicros) {
    return streamMicros != Long.MIN_VALUE && eventMicros < streamMicros - graceMicros;
  }

  /** Adds an accepted trade to every bar series of the symbol. */
  public void add(SymbolState state, TradeTick tick, BarProfile profile, Listener listener) {
    for (BarSpec.TimeBars spec : timeBars) {
      OpenBar bar = state.timeBar(spec, tick.eventMicros());
      if (bar == null) {
        bar = OpenBar.ofWindow(spec, spec.timeframe().windowOf(tick.eventMicros(), profile.session()));
        state.open(bar);
        listener.opened(bar);
      }
      bar.add(tick);
    }
    for (BarSpec.ActivityBars spec : profile.activityBars()) {
      addActivity(state, spec, tick, profile.tickSize(), listener);
    }
  }

  /** Removes and returns the time bars whose end plus grace is at or before a closing time. */
  public List<OpenBar> closeDue(SymbolState state, long closeAtMicros) {
    return state.removeIf(bar -> bar.spec() instanceof BarSpec.TimeBars && closeAtMicros(bar) <= closeAtMicros);
  }

  private static void addActivity(SymbolState state, BarSpec.ActivityBars spec, TradeTick tick, double tickSize,
                                  Listener listener) {
    OpenBar bar = state.activityBar(spec);
    if (bar != null && spec.kind() == BarSpec.ActivityBars.Kind.RANGE
        && bar.wouldExceedRange(tick.price(), rangeOf(spec, tickSize))) {
      close(state, bar, listener);
      bar = null;
    }
    if (bar == null) {
      bar = OpenBar.ofActivity(spec);
      state.open(bar);
    }
    bar.add(tick);
    if (spec.kind() == BarSpec.ActivityBars.Kind.TICK && bar.tradeCount() >= spec.size()
        || spec.kind() == BarSpec.ActivityBars.Kind.VOLUME && bar.volume() >= spec.size()) {
      close(state, bar, listener);
    }
  }

  /** The price range of a range bar; half a tick of slack absorbs binary rounding of prices on the tick grid. */
  private static double rangeOf(BarSpec.ActivityBars spec, double tickSize) {
    return (spec.size() + 0.5) * tickSize;
  }

  private static void close(SymbolState state, OpenBar bar, Listener listener) {
    state.remove(bar);
    listener.closed(bar);
  }
}
