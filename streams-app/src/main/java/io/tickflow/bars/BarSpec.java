package io.tickflow.bars;

/**
 * What one series of bars is: a {@link TimeBars} timeframe or an {@link ActivityBars} rule (every N trades, every N
 * contracts, or a price range). The label names the series in the {@code Bar.timeframe} field and in store names.
 */
public sealed interface BarSpec permits BarSpec.TimeBars, BarSpec.ActivityBars {

  /** The series label, e.g. {@code 5m}, {@code T500}, {@code V1000}, {@code R8}. */
  String label();

  /**
   * Parses a label: a timeframe ({@code 5m}) or an activity rule ({@code T500}, {@code V1000}, {@code R8}).
   *
   * @throws IllegalArgumentException naming the label when it is malformed
   */
  static BarSpec parse(String label) {
    String text = label == null ? "" : label.trim();
    if (!text.isEmpty() && Character.isLetter(text.charAt(0))) {
      return ActivityBars.parse(text);
    }
    return new TimeBars(Timeframe.parse(text));
  }

  /** Bars over fixed time windows. */
  record TimeBars(Timeframe timeframe) implements BarSpec {
    @Override
    public String label() {
      return timeframe.label();
    }
  }

  /** Bars closed by activity rather than time; their window is their first to last trade time. */
  record ActivityBars(Kind kind, long size) implements BarSpec {

    /** The closing rule; the letter prefixes the label. */
    public enum Kind {
      /** Closes after {@code size} trades. */
      TICK('T'),
      /** Closes once its volume reaches {@code size} contracts (the closing trade is not split). */
      VOLUME('V'),
      /** Closes when the next trade would widen its high-low range beyond {@code size} ticks. */
      RANGE('R');

      private final char letter;

      Kind(char letter) {
        this.letter = letter;
      }
    }

    public ActivityBars {
      if (size < 1) {
        throw new IllegalArgumentException("Activity bar size must be >= 1, was " + size);
      }
    }

    static ActivityBars parse(String text) {
      char letter = Character.toUpperCase(text.charAt(0));
      for (Kind kind : Kind.values()) {
        if (kind.letter == letter) {
          try {
            return new ActivityBars(kind, Long.parseLong(text.substring(1)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid bar spec '" + text + "': size is not an integer", e);
          }
        }
      }
      throw new IllegalArgumentException("Invalid bar spec '" + text + "': expected T<trades>, V<volume> or R<ticks>");
    }

    @Override
    public String label() {
      return kind.letter + Long.toString(size);
    }
  }
}
