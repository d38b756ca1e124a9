package io.tickflow.bars;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The running aggregate of one bar that is still open. Mutable and not thread-safe: each instance belongs to one
 * symbol's state in one stream task. Open and close follow trade order {@code (eventMicros, sequence)}, so trades that
 * arrive out of order land where they belong.
 */
public final class OpenBar {

  private static final int FIXED_BYTES = 8 * 13 + 4 * 2 + 1;

  private final BarSpec spec;
  /** The spec's label as written in the state, resolved once per bar rather than per store write. */
  private final byte[] label;
  /** Not final: a bar written before symbol state version 4 takes its first trade's time, read after it. */
  private long startMicros;
  private final long endMicros;
  private double open;
  private double high;
  private double low;
  private double close;
  private long volume;
  private long bidVolume;
  private long askVolume;
  private long tradeCount;
  private double notional;
  private long firstMicros;
  private int firstSequence;
  private long lastMicros;
  private int lastSequence;
  private boolean dirty;

  private OpenBar(BarSpec spec, long startMicros, long endMicros) {
    this.spec = spec;
    this.label = spec.label().getBytes(StandardCharsets.US_ASCII);
    this.startMicros = startMicros;
    this.endMicros = endMicros;
  }

  /** An empty time bar over a window. */
  public static OpenBar ofWindow(BarSpec spec, BarWindow window) {
    return new OpenBar(spec, window.startMicros(), window.endMicros());
  }

  /**
   * An empty activity bar. Its start identifies it in its series, so it is fixed when the bar opens
   * ({@link SymbolState#nextActivityStart}); {@link #endMicros} is where its session ends (a later trade opens the
   * next bar), while its end as a bar is its last trade's time.
   */
  public static OpenBar ofActivity(BarSpec spec, long startMicros, long sessionEndMicros) {
    return new OpenBar(spec, startMicros, sessionEndMicros);
  }

  /** Adds one trade; marks the bar changed for the next live emission. */
  public void add(TradeTick tick) {
    double price = tick.price();
    if (tradeCount == 0) {
      open = price;
      high = price;
      low = price;
      close = price;
      firstMicros = tick.eventMicros();
      firstSequence = tick.sequence();
      lastMicros = tick.eventMicros();
      lastSequence = tick.sequence();
    } else {
      high = Math.max(high, price);
      low = Math.min(low, price);
      if (tick.isBefore(firstMicros, firstSequence)) {
        open = price;
        firstMicros = tick.eventMicros();
        firstSequence = tick.sequence();
      }
      if (!tick.isBefore(lastMicros, lastSequence)) {
        close = price;
        lastMicros = tick.eventMicros();
        lastSequence = tick.sequence();
      }
    }
    volume += tick.size();
    if (tick.side() == AggressorSide.BID) {
      bidVolume += tick.size();
    } else if (tick.side() == AggressorSide.ASK) {
      askVolume += tick.size();
    }
    tradeCount++;
    notional += price * tick.size();
    dirty = true;
  }

  /**
   * True when adding the trade keeps a bar's sums representable: its volume within a long (beyond, it wrapped
   * negative) and its notional finite (else its VWAP is infinite or NaN).
   *
   * @param bar the bar the trade would go into, or null for the bar it would open
   */
  static boolean fits(OpenBar bar, TradeTick tick) {
    long volume = bar == null ? 0 : bar.volume;
    double notional = bar == null ? 0 : bar.notional;
    return tick.size() <= Long.MAX_VALUE - volume && Double.isFinite(notional + tick.price() * tick.size());
  }

  /** True when a trade at this price would make the bar's high-low range exceed {@code maxRange}. */
  public boolean wouldExceedRange(double price, double maxRange) {
    return tradeCount > 0 && Math.max(high, price) - Math.min(low, price) > maxRange;
  }

  public BarSpec spec() {
    return spec;
  }

  /** The bar's start: its window start, or for an activity bar the start it was given when it opened. */
  public long startMicros() {
    return startMicros;
  }

  /** A time bar's window end; for an activity bar, the end of the session it opened in. */
  public long endMicros() {
    return endMicros;
  }

  public long volume() {
    return volume;
  }

  public long tradeCount() {
    return tradeCount;
  }

  /** True when the bar changed since it was last emitted live. */
  public boolean isDirty() {
    return dirty;
  }

  public void markEmitted() {
    dirty = false;
  }

  /**
   * The contract record of this bar. Its revision is its version: 0 after the first trade, one more per trade, so the
   * final bar's revision is the same on every replay (live emission may skip versions).
   */
  public Bar toBar(String symbol, boolean isFinal) {
    return new Bar(symbol, spec.label(), TradeTick.toInstant(startMicros), TradeTick.toInstant(barEndMicros()),
        open, high, low, close, volume, bidVolume, askVolume, tradeCount, notional / volume,
        TradeTick.toInstant(firstMicros), TradeTick.toInstant(lastMicros), isFinal,
        (int) Math.min(Integer.MAX_VALUE, tradeCount - 1));
  }

  /**
   * The bar's end: its window end, or for an activity bar its last trade's time (its start when that is later: a
   * start moved past trades of the same microsecond).
   */
  public long barEndMicros() {
    return isActivity() ? Math.max(lastMicros, startMicros) : endMicros;
  }

  /** Event time of the earliest trade in the bar, UTC microseconds. */
  public long firstTradeMicros() {
    return firstMicros;
  }

  /** Event time of the latest trade in the bar, UTC microseconds. */
  public long lastTradeMicros() {
    return lastMicros;
  }

  private boolean isActivity() {
    return spec instanceof BarSpec.ActivityBars;
  }

  int encodedSize() {
    return FIXED_BYTES + 2 + label.length;
  }

  void writeTo(ByteBuffer buffer) {
    buffer.putShort((short) label.length).put(label);
    buffer.putLong(startMicros).putLong(endMicros);
    buffer.putDouble(open).putDouble(high).putDouble(low).putDouble(close);
    buffer.putLong(volume).putLong(bidVolume).putLong(askVolume).putLong(tradeCount).putDouble(notional);
    buffer.putLong(firstMicros).putInt(firstSequence).putLong(lastMicros).putInt(lastSequence);
    buffer.put((byte) (dirty ? 1 : 0));
  }

  /** Reads a bar written by {@link #writeTo}; its spec is looked up by label by the caller. */
  static String readLabel(ByteBuffer buffer) {
    byte[] label = new byte[buffer.getShort()];
    buffer.get(label);
    return new String(label, StandardCharsets.US_ASCII);
  }

  static OpenBar readBody(BarSpec spec, ByteBuffer buffer) {
    OpenBar bar = new OpenBar(spec, buffer.getLong(), buffer.getLong());
    bar.open = buffer.getDouble();
    bar.high = buffer.getDouble();
    bar.low = buffer.getDouble();
    bar.close = buffer.getDouble();
    bar.volume = buffer.getLong();
    bar.bidVolume = buffer.getLong();
    bar.askVolume = buffer.getLong();
    bar.tradeCount = buffer.getLong();
    bar.notional = buffer.getDouble();
    bar.firstMicros = buffer.getLong();
    bar.firstSequence = buffer.getInt();
    bar.lastMicros = buffer.getLong();
    bar.lastSequence = buffer.getInt();
    bar.dirty = buffer.get() == 1;
    if (bar.isActivity() && bar.startMicros == Long.MIN_VALUE) {
      // Before symbol state version 4 an activity bar's start was its earliest trade's time, kept in no field.
      bar.startMicros = bar.firstMicros;
    }
    return bar;
  }
}
