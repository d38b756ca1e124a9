package io.tickflow.bars;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Adds accepted trades to a symbol's open bars and closes them: time bars once the symbol's clock passes their end
 * plus the grace period, activity bars as soon as their rule is met or, like time bars, once their session ended.
 * One pass over the open bars per trade, whatever the number of series. Immutable and thread-safe; the state it works on is not.
 *
 * <p>Each symbol keeps its own event-time clock ({@link SymbolState#clockMicros}) rather than sharing the stream
 * time of its partition (the latest trade of any symbol in it): the history of one instrument, imported after
 * another's into the same partition, is then not late. A symbol that falls silent while the partition's stream time
 * moves on by the idle period is idle: its bars that stream time made due become final on time, and its clock moves
 * to their closing time, so that only trades falling into a final bar are late. With an idle period of zero (or a
 * state from before clocks were per symbol) an idle symbol's clock follows stream time itself.
 */
public final class BarEngine {

  /** Told about bars as they open and close. */
  public interface Listener {

    /** A bar was opened; unless its rule closes it first, it closes at {@link #closeAtMicros}. */
    void opened(OpenBar bar);

    /** An activity bar met its rule (or a range bar was about to be widened) and was removed from the state. */
    void closed(OpenBar bar);
  }

  private final List<BarSpec.TimeBars> timeBars;
  private final long graceMicros;
  private final long idleMicros;

  /**
   * @param timeBars the time bar series every symbol gets
   * @param grace how long after its end a time bar still takes out-of-order trades; not negative
   * @param idle how far the partition's stream time moves past a symbol's last trade before the symbol is idle and
   *     its due bars close at stream time; not negative (zero: every symbol's clock is always stream time)
   */
  public BarEngine(List<BarSpec.TimeBars> timeBars, Duration grace, Duration idle) {
    if (grace.isNegative() || idle.isNegative()) {
      throw new IllegalArgumentException("grace and idle must not be negative, were " + grace + " and " + idle);
    }
    this.timeBars = List.copyOf(timeBars);
    this.graceMicros = grace.toNanos() / 1_000L;
    this.idleMicros = idle.toNanos() / 1_000L;
  }

  /** Grace period in microseconds. */
  public long graceMicros() {
    return graceMicros;
  }

  /**
   * Stream time at which a bar closes: its end (an activity bar's, its session's) plus the grace period; never for
   * an activity bar written before activity bars ended with their session.
   */
  public long closeAtMicros(OpenBar bar) {
    return bar.endMicros() == Long.MAX_VALUE ? Long.MAX_VALUE : bar.endMicros() + graceMicros;
  }

  /**
   * True when a trade comes too late for its bars: older than its symbol's clock minus the grace period. A trade
   * that is not late always falls into open bars, since any window holding it ends after the clock minus grace.
   */
  public boolean isLate(long eventMicros, long clockMicros) {
    return clockMicros != Long.MIN_VALUE && eventMicros < clockMicros - graceMicros;
  }

  /**
   * True when the symbol was silent while the partition's stream time moved on by the idle period since its last
   * trade. A symbol never heard of starts a clock of its own (unless the idle period is zero); one whose last trade is
   * unknown (a state from before clocks were per symbol) is idle.
   */
  public boolean isIdle(SymbolState state, long streamMicros) {
    if (state.heardAtMicros() == Long.MIN_VALUE) {
      return state.clockMicros() != Long.MIN_VALUE || idleMicros == 0;
    }
    return streamMicros - state.heardAtMicros() >= idleMicros;
  }

  /**
   * True when an idle symbol's clock is stream time itself: with an idle period of zero, or for a state from before
   * clocks were per symbol (which of its bars were final is known only as "all before stream time").
   */
  private boolean followsStreamTime(SymbolState state) {
    return idleMicros == 0 || state.heardAtMicros() == Long.MIN_VALUE;
  }

  /**
   * Closes an idle symbol's time bars that stream time made due, in closing order, and moves its clock to the last
   * one's closing time: a later trade into one of them is late, one into a later window is not.
   */
  public List<OpenBar> closeIdle(SymbolState state, long streamMicros) {
    if (followsStreamTime(state)) {
      state.advanceClock(streamMicros);
      return closeDue(state, state.clockMicros());
    }
    List<OpenBar> closed = closeDue(state, streamMicros);
    if (!closed.isEmpty()) {
      state.advanceClock(closeAtMicros(closed.get(closed.size() - 1)));
    }
    return closed;
  }

  /** Stream time at which the symbol becomes idle unless it trades before. */
  public long idleAtMicros(SymbolState state) {
    return state.heardAtMicros() + idleMicros;
  }

  /** True when a bar of the symbol would be final by stream time {@code streamMicros}. */
  public boolean hasBarsDueBy(SymbolState state, long streamMicros) {
    for (OpenBar bar : state.openBars()) {
      if (closeAtMicros(bar) <= streamMicros) {
        return true;
      }
    }
    return false;
  }

  /** True when the spec is one of the time bar series every symbol has. */
  public boolean hasTimeBars(BarSpec spec) {
    return timeBars.contains(spec);
  }

  /** How many time bar series every symbol has: the length of the array {@link #findTimeBars} fills. */
  public int timeBarSeries() {
    return timeBars.size();
  }

  /**
   * Looks up, for each time bar series in order, the symbol's open bar holding the instant (null where none is open
   * yet). Done once per trade: {@link #overflowedSeries} and {@link #add} take the result.
   */
  public void findTimeBars(SymbolState state, long eventMicros, OpenBar[] found) {
    for (int i = 0; i < timeBars.size(); i++) {
      found[i] = state.timeBar(timeBars.get(i), eventMicros);
    }
  }

  /**
   * The label of the first bar series whose bar the trade would overflow ({@link OpenBar#fits}), or null when it
   * fits all. Checked before a trade is accepted, so that a refused one changes no bar.
   *
   * @param found the trade's time bars, from {@link #findTimeBars}
   */
  public String overflowedSeries(SymbolState state, TradeTick tick, BarProfile profile, OpenBar[] found) {
    for (int i = 0; i < timeBars.size(); i++) {
      if (!OpenBar.fits(found[i], tick)) {
        return timeBars.get(i).label();
      }
    }
    for (BarSpec.ActivityBars spec : profile.activityBars()) {
      OpenBar bar = activityBarOf(state, spec, tick, profile.session());
      if (!OpenBar.fits(leavesRangeBar(bar, spec, tick, profile) ? null : bar, tick)) {
        return spec.label();
      }
    }
    return null;
  }

  /**
   * Adds an accepted trade to every bar series of the symbol.
   *
   * @param found the trade's time bars, from {@link #findTimeBars} with the state as it is now
   */
  public void add(SymbolState state, TradeTick tick, BarProfile profile, OpenBar[] found, Listener listener) {
    for (int i = 0; i < timeBars.size(); i++) {
      OpenBar bar = found[i];
      if (bar == null) {
        BarSpec.TimeBars spec = timeBars.get(i);
        bar = OpenBar.ofWindow(spec, spec.timeframe().windowOf(tick.eventMicros(),
            profile.sessionFor(spec.timeframe())));
        state.open(bar);
        listener.opened(bar);
      }
      bar.add(tick);
    }
    for (BarSpec.ActivityBars spec : profile.activityBars()) {
      addActivity(state, spec, tick, profile, listener);
    }
  }

  /** Removes and returns the bars whose end plus grace is at or before a closing time, in closing order. */
  public List<OpenBar> closeDue(SymbolState state, long closeAtMicros) {
    List<OpenBar> closed = List.of(); // allocated only when a bar closes: this runs for every trade
    for (Iterator<OpenBar> it = state.openBars().iterator(); it.hasNext(); ) {
      OpenBar bar = it.next();
      if (closeAtMicros(bar) <= closeAtMicros) {
        if (closed.isEmpty()) {
          closed = new ArrayList<>(2);
        }
        closed.add(bar);
        it.remove();
      }
    }
    if (closed.size() > 1) {
      closed.sort(Comparator.comparingLong(this::closeAtMicros));
    }
    return closed;
  }

  /**
   * Adds a trade to the open bar of its session in an activity series, after closing that bar when (range bars) the
   * trade would widen it beyond its range; closes the bar when the trade completes it. A trade of a later session
   * opens a bar of its own and leaves the previous session's last bar open until its end plus grace, for that
   * session's out-of-order trades, as a time bar is.
   */
  private static void addActivity(SymbolState state, BarSpec.ActivityBars spec, TradeTick tick, BarProfile profile,
                                  Listener listener) {
    OpenBar bar = activityBarOf(state, spec, tick, profile.session());
    if (leavesRangeBar(bar, spec, tick, profile)) {
      close(state, bar, listener);
      bar = null;
    }
    if (bar == null) {
      bar = OpenBar.ofActivity(spec, state.nextActivityStart(spec, tick.eventMicros()),
          nextSessionStart(profile.session(), tick.eventMicros()));
      state.open(bar);
      listener.opened(bar);
    }
    bar.add(tick);
    if (spec.kind() == BarSpec.ActivityBars.Kind.TICK && bar.tradeCount() >= spec.size()
        || spec.kind() == BarSpec.ActivityBars.Kind.VOLUME && bar.volume() >= spec.size()) {
      close(state, bar, listener);
    }
  }

  /**
   * True when the open bar is a range bar that the trade would widen beyond its range: the trade opens the next bar,
   * so it neither joins that bar nor can overflow it.
   */
  private static boolean leavesRangeBar(OpenBar bar, BarSpec.ActivityBars spec, TradeTick tick, BarProfile profile) {
    return bar != null && spec.kind() == BarSpec.ActivityBars.Kind.RANGE
        && bar.wouldExceedRange(tick.price(), rangeOf(spec, profile.tickSize()));
  }

  /**
   * The open bar of an activity series that takes a trade: the one of the trade's session, or null. A trade not
   * before the bar's first one (in event time) and before its session's end is in its session; only a trade out of
   * order before it has its session looked up. A bar written before activity bars ended with their session takes
   * every trade, as it did.
   */
  private static OpenBar activityBarOf(SymbolState state, BarSpec spec, TradeTick tick, TradingSession session) {
    long eventMicros = tick.eventMicros();
    for (OpenBar bar : state.openBars()) {
      if (bar.spec() == spec && eventMicros < bar.endMicros() && (eventMicros >= bar.firstTradeMicros()
          || bar.endMicros() == Long.MAX_VALUE || nextSessionStart(session, eventMicros) == bar.endMicros())) {
        return bar;
      }
    }
    return null;
  }

  /**
   * Start of the session after the one holding an instant: an activity bar open then is cut there, as Sierra Chart
   * starts a new bar at each session start, so that a session's first bar opens at its first trade and its last
   * is final when the session is over (plus grace), not at the next session's first trade.
   */
  private static long nextSessionStart(TradingSession session, long eventMicros) {
    return session.sessionStartMicros(session.tradeDate(eventMicros).plusDays(1));
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
