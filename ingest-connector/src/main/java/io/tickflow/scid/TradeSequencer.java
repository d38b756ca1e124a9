package io.tickflow.scid;

/**
 * Gives each trade record its event time and {@code sequence} (docs/connectors.md, "Time and sequence"). Current files
 * carry millisecond exchange times whose microsecond digits are Sierra Chart's counter for trades in the same
 * millisecond, so event time = the time truncated to the millisecond and sequence = the counter: stateless, and
 * therefore exact after any restart. Legacy float64 files have no counter: their time is rounded to the millisecond
 * and sequence counts the preceding trades with the same time, which needs the trades just before a resume point
 * to be replayed through {@link #next} first. Not thread-safe.
 */
public final class TradeSequencer {

  /** Largest number of earlier trades a legacy resume must replay to rebuild the sequence. */
  public static final int MAX_SAME_MILLISECOND_TRADES = 1000;
  private static final long MICROS_PER_MILLI = 1000;

  private final DateTimeEncoding encoding;
  private long eventTime = Long.MIN_VALUE;
  private int sequence;

  public TradeSequencer(DateTimeEncoding encoding) {
    this.encoding = encoding;
  }

  /** Whether resuming mid-file needs the earlier trades replayed (legacy files only). */
  public boolean needsReplay() {
    return encoding == DateTimeEncoding.FLOAT64_DAYS;
  }

  /** Advances to the next trade record, given its raw date-time bits. */
  public void next(long rawDateTime) {
    final long micros = encoding.toUnixMicros(rawDateTime);
    if (encoding == DateTimeEncoding.INT64_MICROS) {
      eventTime = Math.floorDiv(micros, MICROS_PER_MILLI) * MICROS_PER_MILLI;
      sequence = (int) Math.floorMod(micros, MICROS_PER_MILLI);
      return;
    }
    final long rounded = Math.floorDiv(micros + MICROS_PER_MILLI / 2, MICROS_PER_MILLI) * MICROS_PER_MILLI;
    sequence = rounded == eventTime ? sequence + 1 : 0;
    eventTime = rounded;
  }

  /** Event time of the current trade: UTC microseconds since the Unix epoch, a whole millisecond. */
  public long eventTimeMicros() {
    return eventTime;
  }

  /** Order of the current trade among the trades of the same millisecond, from 0. */
  public int sequence() {
    return sequence;
  }
}
