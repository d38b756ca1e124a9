package io.tickflow.dtc.sim;

/**
 * The last trades of one instrument in a fixed ring, so the simulator can serve historical ticks that match what
 * it streamed exactly. Network thread only.
 */
final class TradeHistory {
  private final long[] times;
  private final double[] prices;
  private final int[] volumes;
  private final byte[] sides;
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
