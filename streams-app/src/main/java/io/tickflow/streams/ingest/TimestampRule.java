package io.tickflow.streams.ingest;

import io.tickflow.bars.TradeTick;
import io.tickflow.streams.ingest.Rejection.Reason;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a record's event time against its own receive time (the connector's clock when it arrived, stored in the
 * record): more than the future skew ahead, or more than the horizon behind, is refused. Using a time carried by the
 * record rather than the wall clock makes the decision the same on every replay. A receive time of 0 means the
 * source did not set one: the horizon is then not checked (history may be old), and the future skew is checked
 * against the record's Kafka timestamp instead (broker arrival on the raw topics, equally fixed on replay), because
 * one far-future trade would move its partition's stream time and close every other symbol's bars. Immutable.
 */
public final class TimestampRule {

  /**
   * First instant no record may carry: bar windows (up to weeks long) of a later event time end beyond what a long
   * of microseconds holds, which failed the stream thread; no market data is dated past year 9999.
   */
  static final long LATEST_EVENT_MICROS = TradeTick.toMicros(Instant.parse("+10000-01-01T00:00:00Z"));

  private final long futureSkewMicros;
  private final long horizonMicros;

  /**
   * @param futureSkew largest accepted lead of event time over receive time; not negative
   * @param horizon largest accepted age of event time at receive time; positive
   */
  public TimestampRule(Duration futureSkew, Duration horizon) {
    if (futureSkew.isNegative()) {
      throw new IllegalArgumentException("futureSkew must not be negative, was " + futureSkew);
    }
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon must be positive, was " + horizon);
    }
    this.futureSkewMicros = futureSkew.toNanos() / 1_000L;
    this.horizonMicros = horizon.toNanos() / 1_000L;
  }

  /**
   * A rejection when the event time is out of bounds, else null. An event time before 1970 is always stale: it would
   * become a negative record timestamp, which Kafka Streams refuses by failing the stream thread.
   *
   * @param eventMicros the record's event time
   * @param receiveMicros the record's receive time, 0 when unset
   * @param timestampMs the record's Kafka timestamp, the reference of the future skew when there is no receive time
   */
  public Rejection check(long eventMicros, long receiveMicros, long timestampMs) {
    if (eventMicros < 0) {
      return new Rejection(Reason.STALE_TIMESTAMP, "event time is " + -eventMicros + " us before 1970");
    }
    if (eventMicros >= LATEST_EVENT_MICROS) {
      return new Rejection(Reason.FUTURE_TIMESTAMP, "event time " + TradeTick.toInstant(eventMicros)
          + " is after year 9999");
    }
    if (receiveMicros == 0) {
      long recordMicros = timestampMs * 1_000L;
      return eventMicros - recordMicros > futureSkewMicros
          ? new Rejection(Reason.FUTURE_TIMESTAMP, "event time is " + (eventMicros - recordMicros)
              + " us after the record timestamp (no receive time); the limit is " + futureSkewMicros + " us")
          : null;
    }
    if (eventMicros - receiveMicros > futureSkewMicros) {
      return new Rejection(Reason.FUTURE_TIMESTAMP, "event time is " + (eventMicros - receiveMicros)
          + " us after receive time; the limit is " + futureSkewMicros + " us");
    }
    if (receiveMicros - eventMicros > horizonMicros) {
      return new Rejection(Reason.STALE_TIMESTAMP, "event time is " + (receiveMicros - eventMicros)
          + " us before receive time; the horizon is " + horizonMicros + " us");
    }
    return null;
  }
}
