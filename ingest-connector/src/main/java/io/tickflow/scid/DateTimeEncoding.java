package io.tickflow.scid;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How a Sierra Chart record stores its SCDateTime (Sierra Chart's SCDateTime documentation). Both count from 1899-12-30
 * 00:00 UTC; the header cannot tell them apart, so {@link #plausibleReading} is asked about the first records.
 */
public enum DateTimeEncoding {

  /** Current files: int64 microseconds since 1899-12-30 UTC. */
  INT64_MICROS {
    @Override
    public long toUnixMicros(long rawBits) {
      return rawBits - EPOCH_OFFSET_MICROS;
    }

    @Override
    public long fromUnixMicros(long unixMicros) {
      return unixMicros + EPOCH_OFFSET_MICROS;
    }
  },
  /** Legacy files: float64 days since 1899-12-30 UTC, the fraction being the time of day. */
  FLOAT64_DAYS {
    @Override
    public long toUnixMicros(long rawBits) {
      // A double of ~45,000 days resolves ~0.6 us, so legacy times are exact to the millisecond, not the microsecond.
      return Math.round(Double.longBitsToDouble(rawBits) * MICROS_PER_DAY) - EPOCH_OFFSET_MICROS;
    }

    @Override
    public long fromUnixMicros(long unixMicros) {
      return Double.doubleToRawLongBits((double) (unixMicros + EPOCH_OFFSET_MICROS) / MICROS_PER_DAY);
    }
  };

  /** Microseconds from 1899-12-30 to 1970-01-01: 25,569 days. */
  public static final long EPOCH_OFFSET_MICROS = 2_209_161_600_000_000L;
  static final double MICROS_PER_DAY = 86_400_000_000.0;
  /** Plausible record times, Unix microseconds: [1980-01-01, 2100-01-01). */
  public static final long MIN_UNIX_MICROS = toMicros(Instant.parse("1980-01-01T00:00:00Z"));
  public static final long MAX_UNIX_MICROS = toMicros(Instant.parse("2100-01-01T00:00:00Z"));

  /** Converts a record's raw DateTime bits to microseconds since the Unix epoch, UTC. */
  public abstract long toUnixMicros(long rawBits);

  /** The raw DateTime bits this encoding stores for a Unix time in microseconds. */
  public abstract long fromUnixMicros(long unixMicros);

  /** Whether a converted time lies in the plausible window (1980 to 2100). */
  public static boolean isPlausible(long unixMicros) {
    return unixMicros >= MIN_UNIX_MICROS && unixMicros < MAX_UNIX_MICROS;
  }

  /**
   * The encoding in which these DateTime bits are a plausible date-time; empty when they are in neither. The two
   * readings of the same bits are never both plausible (an int64 in the window reads as a denormal double and vice
   * versa).
   */
  public static Optional<DateTimeEncoding> plausibleReading(long rawBits) {
    for (final DateTimeEncoding encoding : values()) {
      if (isPlausible(encoding.toUnixMicros(rawBits))) {
        return Optional.of(encoding);
      }
    }
    return Optional.empty();
  }

  /** Microseconds since the Unix epoch of an instant (sub-microsecond digits dropped). */
  public static long toMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** The instant of a Unix time in microseconds. */
  public static Instant toInstant(long unixMicros) {
    return Instant.EPOCH.plus(unixMicros, ChronoUnit.MICROS);
  }
}
