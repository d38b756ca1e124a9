package io.tickflow.streams;

import io.tickflow.schemas.Trade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The naive clocks of one partition that the reference bars share, from docs/topology.md: read in input order, a
 * repeated identity is dropped; a trade older than its symbol's clock (its latest accepted event time) minus grace is
 * late; stream time is the latest accepted event time of any symbol. A symbol silent for the idle period of stream time
 * is idle: its bars that stream time made due are final and its clock moves to their latest closing time (with no idle
 * period, to stream time itself). Which bars there are and when each is due is the {@link Bars}' business.
 */
final class ReferenceClocks {

  /** The bars the clocks make final. */
  interface Bars {

    /** Adds an accepted trade to its symbol's bars. */
    void add(Trade trade);

    /** Makes final the symbol's bars whose end plus grace is not after {@code by}; their latest closing time, or null. */
    Instant closeDue(String symbol, Instant by);
  }

  private final Duration grace;
  private final Duration idle;
  private final Bars bars;
  private final Set<List<Object>> seen = new HashSet<>();
  private final List<Trade> accepted = new ArrayList<>();
  private final List<Trade> late = new ArrayList<>();
  private final Map<String, Instant> clock = new HashMap<>();
  private final Map<String, Instant> heardAt = new HashMap<>();
  private Instant streamTime;

  ReferenceClocks(Duration grace, Duration idle, Bars bars) {
    this.grace = grace;
    this.idle = idle;
    this.bars = bars;
  }

  /** Reads one partition's trades in order into the bars; the accepted ones so far (unique and not late), in order. */
  List<Trade> read(List<Trade> trades) {
    for (Trade trade : trades) {
      if (seen.add(List.of(trade.getSymbol(), trade.getEventTime(), trade.getPrice(), trade.getSize(),
          trade.getSide(), trade.getSequence()))) {
        (accept(trade) ? accepted : late).add(trade);
      }
    }
    return accepted;
  }

  /** The trades read so far that were accepted, in order. */
  List<Trade> accepted() {
    return accepted;
  }

  /** The trades read so far that were late (the first of their identity, refused), in order. */
  List<Trade> late() {
    return late;
  }

  private boolean accept(Trade trade) {
    String symbol = trade.getSymbol();
    if (isIdle(symbol)) {
      catchUp(symbol);
    }
    Instant own = clock.get(symbol);
    if (own != null && trade.getEventTime().isBefore(own.minus(grace))) {
      heardAt.put(symbol, streamTime);
      return false;
    }
    clock.put(symbol, own == null || trade.getEventTime().isAfter(own) ? trade.getEventTime() : own);
    boolean streamMoved = streamTime == null || trade.getEventTime().isAfter(streamTime);
    if (streamMoved) {
      streamTime = trade.getEventTime();
    }
    heardAt.put(symbol, streamTime);
    bars.add(trade);
    bars.closeDue(symbol, clock.get(symbol));
    if (streamMoved) {
      List.copyOf(clock.keySet()).stream().filter(this::isIdle).forEach(this::catchUp);
    }
    return true;
  }

  private boolean isIdle(String symbol) {
    if (!heardAt.containsKey(symbol)) {
      return idle.isZero() && streamTime != null;
    }
    return !streamTime.isBefore(heardAt.get(symbol).plus(idle));
  }

  /** An idle symbol: with no idle period its clock is stream time; else its due bars close at stream time. */
  private void catchUp(String symbol) {
    if (idle.isZero()) {
      Instant own = clock.get(symbol);
      clock.put(symbol, own == null || streamTime.isAfter(own) ? streamTime : own);
      bars.closeDue(symbol, clock.get(symbol));
      return;
    }
    Instant latestClose = bars.closeDue(symbol, streamTime);
    if (latestClose != null && latestClose.isAfter(clock.get(symbol))) {
      clock.put(symbol, latestClose);
    }
  }
}
