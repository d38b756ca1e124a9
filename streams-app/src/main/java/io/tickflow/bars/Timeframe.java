package io.tickflow.bars;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A time-bar length such as {@code 1m}, {@code 90s}, {@code 4h}, {@code 1d} or {@code 1w}: a positive count of one
 * unit. Its windows follow the days of a {@link TradingSession}: second, minute and hour bars follow one another
 * from the session's start and the last one is cut at the next start; day and week bars run from session start to
 * session start. Which session an instrument's bars follow is its {@link BarProfile#sessionFor}. Immutable.
 */
public final class Timeframe {

  /** Units in label order; the suffix letter is the label's last character. */
  public enum Unit {
    SECOND('s', Duration.ofSeconds(1)),
    MINUTE('m', Duration.ofMinutes(1)),
    HOUR('h', Duration.ofHours(1)),
    DAY('d', Duration.ofDays(1)),
    WEEK('w', Duration.ofDays(7));

    private final char suffix;
    private final Duration nominal;

    Unit(char suffix, Duration nominal) {
      this.suffix = suffix;
      this.nominal = nominal;
    }

    static Unit ofSuffix(char suffix, String label) {
      for (Unit unit : values()) {
        if (unit.suffix == suffix) {
          return unit;
        }
      }
      throw new IllegalArgumentException("Invalid timeframe '" + label + "': unit must be one of s, m, h, d, w");
    }
  }

  private final int count;
  private final Unit unit;
  private final long lengthMicros;
  /** Built once: bar encoding and live emission ask for it per bar. */
  private final String label;

  private Timeframe(int count, Unit unit) {
    if (count < 1) {
      throw new IllegalArgumentException("Timeframe count must be >= 1, was " + count);
    }
    this.count = count;
    this.unit = unit;
    this.lengthMicros = unit.nominal.multipliedBy(count).toNanos() / 1_000L;
    this.label = count + String.valueOf(unit.suffix);
  }

  /** A timeframe of {@code count} units, e.g. {@code of(5, Unit.MINUTE)}. */
  public static Timeframe of(int count, Unit unit) {
    return new Timeframe(count, Objects.requireNonNull(unit, "unit"));
  }

  /**
   * Parses a label: a positive integer followed by {@code s}, {@code m}, {@code h}, {@code d} or {@code w}.
   *
   * @throws IllegalArgumentException naming the label when it is malformed
   */
  public static Timeframe parse(String label) {
    String text = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    if (text.length() < 2) {
      throw new IllegalArgumentException("Invalid timeframe '" + label + "': expected <count><s|m|h|d|w>, e.g. 5m");
    }
    Unit unit = Unit.ofSuffix(text.charAt(text.length() - 1), label);
    int count;
    try {
      count = Integer.parseInt(text.substring(0, text.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid timeframe '" + label + "': count is not an integer", e);
    }
    if (count < 1) {
      throw new IllegalArgumentException("Invalid timeframe '" + label + "': count must be >= 1");
    }
    return new Timeframe(count, unit);
  }

  /** The label, e.g. {@code 5m}; {@link #parse} of it gives an equal timeframe. */
  public String label() {
    return label;
  }

  public int count() {
    return count;
  }

  public Unit unit() {
    return unit;
  }

  /** True for day and week timeframes, whose bars are whole sessions (or weeks of sessions). */
  public boolean isWholeSessions() {
    return unit == Unit.DAY || unit == Unit.WEEK;
  }

  /** Nominal length (a day is 24 h here; real session days are 23 to 25 h across DST changes). */
  public Duration nominalLength() {
    return Duration.ofNanos(lengthMicros * 1_000L);
  }

  /**
   * The window holding an instant, in UTC microseconds.
   *
   * @param eventMicros UTC microseconds since the epoch
   * @param session the session the windows follow ({@link BarProfile#sessionFor})
   */
  public BarWindow windowOf(long eventMicros, TradingSession session) {
    if (isWholeSessions()) {
      return session.windowOf(eventMicros, count, unit == Unit.WEEK);
    }
    return session.intradayWindowOf(eventMicros, lengthMicros);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Timeframe && ((Timeframe) other).count == count && ((Timeframe) other).unit == unit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, unit);
  }

  @Override
  public String toString() {
    return label();
  }
}
