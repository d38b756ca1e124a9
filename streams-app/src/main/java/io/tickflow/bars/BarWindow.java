package io.tickflow.bars;

/**
 * A bar's time window: {@code [startMicros, endMicros)} in UTC microseconds since the epoch.
 *
 * @param startMicros inclusive start
 * @param endMicros exclusive end, greater than the start
 */
public record BarWindow(long startMicros, long endMicros) {

  public BarWindow {
    if (endMicros <= startMicros) {
      throw new IllegalArgumentException("Window end " + endMicros + " must be after its start " + startMicros);
    }
  }

  /** True when the instant lies in this window. */
  public boolean contains(long micros) {
    return micros >= startMicros && micros < endMicros;
  }
}
