package io.tickflow.streams.ingest;

import java.time.Duration;

/**
 * Checks a record's event time against its own receive time (the connector's clock when it arrived, stored in the
 * record): more than the future skew ahead, or more than the horizon behind, is refused. Using a time carried by the
 * record rather than the wall clock makes the decision the same on every replay. A receive time of 0 means the
 * source did not set one, and the check is skipped. Immutable.
 */
public final class TimestampRule {

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
   */
  public Rejection check(long eventMicros, long receiveMicros) {
    if (eventMicros < 0) {
      return new Rejection(Rejection.STALE_TIMESTAMP, "event time is " + -eventMicros + " us before 1970");
    }
    if (receiveMicros == 0) {
      return null;
    }
    if (eventMicros - receiveMicros > futureSkewMicros) {
      return new Rejection(Rejection.FUTURE_TIMESTAMP, "event time is " + (eventMicros - receiveMicros)
          + " us after receive time; the limit is " + futureSkewMicros + " us");
    }
    if (receiveMicros - eventMicros > horizonMicros) {
      return new Rejection(Rejection.STALE_TIMESTAMP, "event time is " + (receiveMicros - eventMicros)
          + " us before receive time; the horizon is " + horizonMicros + " us");
    }
    return null;
  }
}
