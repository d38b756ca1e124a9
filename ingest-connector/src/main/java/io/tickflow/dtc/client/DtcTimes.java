package io.tickflow.dtc.client;

/** Conversions of the protocol's date-time flavours to UTC microseconds since the epoch. */
final class DtcTimes {
  /** Below this an int64 "microseconds" value is taken as milliseconds (older peers; 1e14 us is 1973). */
  private static final long MILLIS_THRESHOLD = 100_000_000_000_000L;

  /** Below this an int64 "microseconds" value is taken as seconds (1e11 us is 1970-01-02, 1e11 s the year 5138). */
  private static final long SECONDS_THRESHOLD = 100_000_000_000L;

  /** Marks "no time seen yet" in primitive maps; never a real time. */
  static final long NONE = Long.MIN_VALUE;

  private DtcTimes() {
  }

  /** A remembered time, or 0 when there was none. */
  static long orZero(long remembered) {
    return remembered == NONE ? 0 : remembered;
  }

  /** t_DateTimeWithMilliseconds: double seconds. */
  static long fromSeconds(double seconds) {
    return Math.round(seconds * 1e6);
  }

  /** t_DateTime4Byte and t_DateTime: whole seconds. */
  static long fromSeconds(long seconds) {
    return seconds * 1_000_000L;
  }

  /** int64 microseconds, or whole seconds (HISTORICAL_PRICE_DATA_RECORD_RESPONSE may carry either). */
  static long fromMicrosOrSeconds(long value) {
    return Math.abs(value) < SECONDS_THRESHOLD ? value * 1_000_000L : value;
  }

  /** int64 microseconds, or milliseconds from a peer of the 2020 header (type 144 changed unit). */
  static long fromMicrosOrMillis(long value) {
    return value != 0 && Math.abs(value) < MILLIS_THRESHOLD ? value * 1000 : value;
  }
}
