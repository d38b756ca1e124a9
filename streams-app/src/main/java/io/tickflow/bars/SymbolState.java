package io.tickflow.bars;

import io.tickflow.schemas.Trade;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the bar stage keeps for one symbol, stored as one state-store entry so that a trade costs one store
 * write whatever the number of timeframes: the open bars, the price-jump reference, the trades held for a candidate
 * price level, the latest trade and the start of each activity series' latest bar. Mutable and
 * not thread-safe: owned by one stream task.
 */
public final class SymbolState {

  private final List<OpenBar> openBars;
  private final List<HeldTrade> held;
  /** Per activity series label, the start of its latest bar, open or closed: the next one starts after it. */
  private final Map<String, Long> activityStarts;
  /**
   * False for a state read from a format before 4, which kept a series' latest start only while its bar was open:
   * the series whose bar had closed need their start from elsewhere ({@link #activityStartsKnown}).
   */
  private boolean activityStartsComplete;
  private double referencePrice;
  private double candidatePrice;
  private int confirmations;
  private long maxEventMicros;
  private long clockMicros;
  private long heardAtMicros;
  private Trade latestTrade;

  /** An empty state: no trade seen yet. */
  public SymbolState() {
    this(new ArrayList<>(), Double.NaN, Double.NaN, 0, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, null,
        new ArrayList<>(), new LinkedHashMap<>(), true);
  }

  SymbolState(List<OpenBar> openBars, double referencePrice, double candidatePrice, int confirmations,
              long maxEventMicros, long clockMicros, long heardAtMicros, Trade latestTrade, List<HeldTrade> held,
              Map<String, Long> activityStarts, boolean activityStartsComplete) {
    this.openBars = openBars;
    this.held = held;
    this.activityStarts = activityStarts;
    this.activityStartsComplete = activityStartsComplete;
    this.referencePrice = referencePrice;
    this.candidatePrice = candidatePrice;
    this.confirmations = confirmations;
    this.maxEventMicros = maxEventMicros;
    this.clockMicros = clockMicros;
    this.heardAtMicros = heardAtMicros;
    this.latestTrade = latestTrade;
  }

  /** The open time bar of a spec holding an instant, or null. */
  public OpenBar timeBar(BarSpec spec, long eventMicros) {
    for (OpenBar bar : openBars) {
      if (bar.spec() == spec && eventMicros >= bar.startMicros() && eventMicros < bar.endMicros()) {
        return bar;
      }
    }
    return null;
  }

  /**
   * The start of a new bar of an activity series whose first trade is at {@code eventMicros}: that time, or one
   * microsecond after the series' previous bar when that is later. Several bars can begin within one microsecond
   * (a sweep printing many trades with one timestamp, a feed with second timestamps) or, out of order, before the
   * previous one; a start of their own keeps each bar apart wherever bars are keyed by their start (the sink's
   * primary key, live updates, the chart), as Sierra Chart keeps its records' times unique.
   */
  public long nextActivityStart(BarSpec spec, long eventMicros) {
    Long previous = activityStarts.get(spec.label());
    long start = previous == null ? eventMicros : Math.max(eventMicros, previous + 1);
    activityStarts.put(spec.label(), start);
    return start;
  }

  /**
   * False while the state, read from a format before 4, may lack the start of a series whose latest bar had closed
   * ({@link SymbolStateSerde}); a state with no such start otherwise has had no bar of that series.
   */
  public boolean activityStartsComplete() {
    return activityStartsComplete;
  }

  /**
   * Completes the starts of a state read from a format before 4: {@code latestStarts} gives, per series, the start of
   * its latest bar found elsewhere (its final bars), taken unless the state holds a later one.
   */
  public void activityStartsKnown(Map<String, Long> latestStarts) {
    latestStarts.forEach((label, start) -> activityStarts.merge(label, start, Math::max));
    activityStartsComplete = true;
  }

  /** Per activity series label, the start of its latest bar; the live map. */
  Map<String, Long> activityStarts() {
    return activityStarts;
  }

  /** Forgets the activity series not among these labels (no longer configured). */
  public void retainActivitySeries(Collection<String> labels) {
    activityStarts.keySet().retainAll(labels);
  }

  public void open(OpenBar bar) {
    openBars.add(bar);
  }

  public void remove(OpenBar bar) {
    openBars.remove(bar);
  }

  /** The open bars, in the order they were opened; the live list, from which the engine removes closed bars. */
  public List<OpenBar> openBars() {
    return openBars;
  }

  /** The trades held while the candidate price level waits for confirmation, in arrival order. */
  public List<HeldTrade> held() {
    return held;
  }

  /** Holds a trade of the candidate level. */
  public void hold(HeldTrade trade) {
    held.add(trade);
  }

  /** Removes and returns the held trades, in arrival order; an empty list when none. */
  public List<HeldTrade> releaseHeld() {
    if (held.isEmpty()) {
      return List.of();
    }
    List<HeldTrade> released = List.copyOf(held);
    held.clear();
    return released;
  }

  /** Price the last accepted trade printed at; NaN before the first. */
  public double referencePrice() {
    return referencePrice;
  }

  /** A new price level waiting for confirmation; NaN when none. */
  public double candidatePrice() {
    return candidatePrice;
  }

  public int confirmations() {
    return confirmations;
  }

  void setReference(double price) {
    referencePrice = price;
    candidatePrice = Double.NaN;
    confirmations = 0;
  }

  void setCandidate(double price, int confirmed) {
    candidatePrice = price;
    confirmations = confirmed;
  }

  /** Latest event time of an accepted trade, UTC microseconds; {@code Long.MIN_VALUE} before the first. */
  public long maxEventMicros() {
    return maxEventMicros;
  }

  /**
   * The symbol's own event-time clock, which decides when its trades are late and its time bars final: its latest
   * accepted event time, or the closing time of its bars made final while it was idle ({@link BarEngine#closeIdle}),
   * whichever is later; {@code Long.MIN_VALUE} before the first trade.
   */
  public long clockMicros() {
    return clockMicros;
  }

  /** Moves the clock forward to {@code micros}; never back. */
  public void advanceClock(long micros) {
    clockMicros = Math.max(clockMicros, micros);
  }

  /**
   * The partition's stream time when a trade of this symbol last reached the bar stage; {@code Long.MIN_VALUE} when
   * unknown (a state written before clocks were per symbol).
   */
  public long heardAtMicros() {
    return heardAtMicros;
  }

  /** A trade of this symbol reached the bar stage at partition stream time {@code streamMicros}. */
  public void heard(long streamMicros) {
    heardAtMicros = streamMicros;
  }

  /** The accepted trade with the latest event time, or null. */
  public Trade latestTrade() {
    return latestTrade;
  }

  /**
   * Records an accepted trade: the latest one when it is not older than the current latest; the clock moves to it.
   */
  public void accept(Trade trade, long eventMicros) {
    advanceClock(eventMicros);
    if (eventMicros >= maxEventMicros) {
      maxEventMicros = eventMicros;
      latestTrade = trade;
    }
  }
}
