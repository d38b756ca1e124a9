package io.tickflow.dtc.sim;

import java.util.Arrays;

/**
 * The last trades of one instrument in a ring, fixed in size once the prehistory is in, so the simulator can serve
 * historical ticks that match what it streamed exactly. Network thread only.
 */
final class TradeHistory {
  private long[] times;
  private double[] prices;
  private int[] volumes;
  private byte[] sides;
  private long count;

  TradeHistory(int capacity) {
    times = new long[capacity];
    prices = new double[capacity];
    volumes = new int[capacity];
    sides = new byte[capacity];
  }

  void add(long timeMicros, double price, int volume, int side) {
    if (times.length == 0) {
      return;
    }
    final int slot = (int) (count++ % times.length);
    times[slot] = timeMicros;
    prices[slot] = price;
    volumes[slot] = volume;
    sides[slot] = (byte) side;
  }

  /**
   * Adds a trade of the prehistory, before any {@link #add}: the ring grows to keep every one of them (their number
   * is known only once the market has run), until {@link #keepFromNowOn} sets its size.
   */
  void addKept(long timeMicros, double price, int volume, int side) {
    if (count == times.length) {
      resize(Math.max(1024, 2 * times.length));
    }
    add(timeMicros, price, volume, side);
  }

  /** Sizes the ring to the trades kept so far and {@code capacity} more, the oldest going first after those. */
  void keepFromNowOn(int capacity) {
    resize(Math.toIntExact(count + capacity));
  }

  /** Before the ring ever wrapped, so that trade i stays in slot i. */
  private void resize(int capacity) {
    times = Arrays.copyOf(times, capacity);
    prices = Arrays.copyOf(prices, capacity);
    volumes = Arrays.copyOf(volumes, capacity);
    sides = Arrays.copyOf(sides, capacity);
  }

  /** Calls the visitor for each remembered trade with {@code from <= time < to}, oldest first. */
  void forEach(long fromMicros, long toMicros, TradeVisitor visitor) {
    final long first = Math.max(0, count - times.length);
    for (long i = first; i < count; i++) {
      final int slot = (int) (i % times.length);
      if (times[slot] >= fromMicros && times[slot] < toMicros) {
        visitor.trade(times[slot], prices[slot], volumes[slot], sides[slot]);
      }
    }
  }

  /** Receives remembered trades. */
  interface TradeVisitor {
    void trade(long timeMicros, double price, int volume, int side);
  }
}
