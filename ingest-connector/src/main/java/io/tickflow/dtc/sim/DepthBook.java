package io.tickflow.dtc.sim;

/**
 * The order book the depth messages show, one for the whole simulator: per instrument and side the quantities of
 * {@link SimSession#MAX_DEPTH_LEVELS} prices a tick apart, best first. When a best moves, the levels still on the
 * ladder keep their quantities, the levels that join it get the best's size times their depth, and the best gets its
 * size. A client's depth of N levels is the top N of it: the snapshot sends them, the updates keep them (the levels
 * entering a client's N from deeper down come with this book's quantities), so every client, whenever it subscribed
 * or was sent a snapshot again, holds the same book. Updated as each event is published, in publish order, so it
 * is the book of the events sent (the generator may be an event ahead). Network thread only; allocates nothing.
 */
final class DepthBook {
  private static final int LEVELS = SimSession.MAX_DEPTH_LEVELS;

  private final MarketGenerator market;
  /** Per book side (instrument * 2 + side index): the best price, and that before the last event. */
  private final double[] bests;
  private final double[] previousBests;
  /** Per book side: how many ticks the last event moved the best away from the other side (negative: towards). */
  private final int[] shifts;
  /** Per book side: the ring slot of the best level in {@link #quantities}. */
  private final int[] heads;
  /** Per book side, a ring of {@link #LEVELS} quantities. */
  private final int[] quantities;

  DepthBook(MarketGenerator market) {
    this.market = market;
    final int sides = 2 * market.instruments().size();
    bests = new double[sides];
    previousBests = new double[sides];
    shifts = new int[sides];
    heads = new int[sides];
    quantities = new int[sides * LEVELS];
    for (int i = 0; i < market.instruments().size(); i++) {
      reset(i, SimEvent.AT_BID, market.bid(i), market.bidSize(i));
      reset(i, SimEvent.AT_ASK, market.ask(i), market.askSize(i));
    }
  }

  private void reset(int instrument, int side, double best, int size) {
    final int s = bookSide(instrument, side);
    bests[s] = best;
    previousBests[s] = best;
    for (int level = 0; level < LEVELS; level++) {
      quantities[s * LEVELS + level] = size * (level + 1);
    }
  }

  /** Moves the book of the event's instrument to the event's bests and sizes. */
  void apply(SimEvent e) {
    apply(e.instrument, SimEvent.AT_BID, e.bid, e.bidSize);
    apply(e.instrument, SimEvent.AT_ASK, e.ask, e.askSize);
  }

  private void apply(int instrument, int side, double best, int size) {
    final int s = bookSide(instrument, side);
    final double previous = bests[s];
    final double away = side == SimEvent.AT_BID ? previous - best : best - previous;
    final int shift = (int) Math.round(away / market.instruments().get(instrument).tickSize());
    previousBests[s] = previous;
    bests[s] = best;
    shifts[s] = shift;
    // New level j is old level j + shift: the ring turns, and the levels that had no old one are filled (the
    // deepest when the best moved away, the first ones when it moved towards the other side; on the market's path,
    // so only those are visited).
    heads[s] = Math.floorMod(heads[s] + shift, LEVELS);
    final int from = shift >= 0 ? Math.max(1, LEVELS - shift) : 1;
    final int to = shift >= 0 ? LEVELS : Math.min(LEVELS, -shift);
    for (int level = from; level < to; level++) {
      quantities[slot(s, level)] = size * (level + 1);
    }
    quantities[slot(s, 0)] = size;
  }

  /** The price {@code level} ticks behind a side's best. */
  double price(int instrument, int side, int level) {
    return ladderPrice(instrument, side, bests[bookSide(instrument, side)], level);
  }

  /** The price {@code level} ticks behind a side's best before the last event of the instrument. */
  double previousPrice(int instrument, int side, int level) {
    return ladderPrice(instrument, side, previousBests[bookSide(instrument, side)], level);
  }

  int quantity(int instrument, int side, int level) {
    final int s = bookSide(instrument, side);
    return quantities[slot(s, level)];
  }

  /** How many ticks the instrument's last event moved a side's best away from the other side (negative: towards). */
  int shift(int instrument, int side) {
    return shifts[bookSide(instrument, side)];
  }

  private double ladderPrice(int instrument, int side, double best, int level) {
    return market.ticksFrom(instrument, best, side == SimEvent.AT_BID ? -level : level);
  }

  private int slot(int bookSide, int level) {
    return bookSide * LEVELS + (heads[bookSide] + level) % LEVELS;
  }

  private static int bookSide(int instrument, int side) {
    return 2 * instrument + (side == SimEvent.AT_BID ? 0 : 1);
  }
}
