package io.tickflow.streams.normalize;

import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.ingest.Rejection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How a feed's price numbers become prices: {@code none} (already prices), {@code ticks} (an integer count of ticks,
 * times the definition's tick size), {@code display} (a fractional display-format number such as {@code 110.16}
 * meaning 110 16/32 for PriceDisplayFormat 132), or {@code multiplier:<x>} (times a fixed factor, e.g. the .scid
 * real-time price multiplier). Immutable.
 *
 * @param mode the conversion
 * @param factor the multiplier, for {@code MULTIPLIER} only
 */
public record PriceScaling(Mode mode, double factor) {

  /** The conversions. */
  public enum Mode { NONE, TICKS, DISPLAY, MULTIPLIER }

  /** Prices are used as sent. */
  public static final PriceScaling NONE = new PriceScaling(Mode.NONE, 1.0);

  private static final int FRACTIONAL_FORMAT_BASE = 100;

  /**
   * Parses {@code none}, {@code ticks}, {@code display} or {@code multiplier:<x>}.
   *
   * @throws IllegalArgumentException naming the text when it is none of these
   */
  public static PriceScaling parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("multiplier:")) {
      double factor;
      try {
        factor = Double.parseDouble(value.substring("multiplier:".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid price scaling '" + text + "': multiplier is not a number", e);
      }
      if (!Rejection.isPositiveNumber(factor)) {
        throw new IllegalArgumentException("Invalid price scaling '" + text + "': multiplier must be > 0");
      }
      return new PriceScaling(Mode.MULTIPLIER, factor);
    }
    switch (value) {
      case "none":
        return NONE;
      case "ticks":
        return new PriceScaling(Mode.TICKS, 1.0);
      case "display":
        return new PriceScaling(Mode.DISPLAY, 1.0);
      default:
        throw new IllegalArgumentException("Invalid price scaling '" + text
            + "': expected none, ticks, display or multiplier:<x>");
    }
  }

  /** True when the conversion needs the instrument's security definition. */
  public boolean needsDefinition() {
    return mode == Mode.TICKS || mode == Mode.DISPLAY;
  }

  /**
   * Converts one price number.
   *
   * @param definition the instrument's definition; may be null unless {@link #needsDefinition()}
   */
  public double apply(double raw, SecurityDefinition definition) {
    switch (mode) {
      case TICKS:
        return decimalProduct(raw, definition.getTickSize());
      case DISPLAY:
        return fromDisplay(raw, definition.getPriceDisplayFormat());
      case MULTIPLIER:
        return decimalProduct(raw, factor);
      default:
        return raw;
    }
  }

  /**
   * The product of the two numbers as decimals, rounded once to a double: 4505 ticks of 0.01 is 45.05, where the
   * binary product is 45.050000000000004, which bars, ticks and quotes would show (and a 3-tick bid of 0.1 would be
   * 0.30000000000000004). A BigDecimal per price, paid only by the symbols a scaling is configured for. NaN and the
   * infinities, which validation refuses after this, have no decimal: their binary product is kept.
   */
  static double decimalProduct(double raw, double factor) {
    if (!Double.isFinite(raw)) {
      return raw * factor;
    }
    return BigDecimal.valueOf(raw).multiply(BigDecimal.valueOf(factor)).doubleValue();
  }

  /**
   * A display-format number as a price. DTC's fractional formats (§5 of the protocol notes) are 1/2 to 1/256 of a
   * point (102, 104, 108, 116, 132, 164, 228, 356: the denominator plus 100), whose digits after the point are the
   * numerator ({@code 110.16} in 1/32 is 110 + 16/32), and the 32nds in halves, quarters and eighths (134, 136, 140:
   * not 1/34, 1/36, 1/40), whose digits after the 32nds are a fraction of a 32nd, written in full or cut to one digit
   * as CBOT quotes do ({@code 110.165} is 110 + 16.5/32; quarters {@code 110.1625} or {@code 110.162} 16.25/32,
   * {@code 110.167} 16.75/32; eighths {@code 110.163} 16.375/32), so it is rounded up to the format's part. Decimal
   * formats (0..9), unset (-1) and unknown ones are already prices. Computed in decimal, as the digits are decimal.
   */
  static double fromDisplay(double raw, int priceDisplayFormat) {
    Fraction fraction = Fraction.of(priceDisplayFormat);
    if (fraction == null || !Double.isFinite(raw)) {
      return raw;
    }
    BigDecimal display = BigDecimal.valueOf(raw).abs();
    BigDecimal whole = display.setScale(0, RoundingMode.DOWN);
    BigDecimal numerator = display.subtract(whole).movePointRight(fraction.numeratorDigits());
    BigDecimal parts = BigDecimal.valueOf(fraction.partsOfANumerator());
    numerator = fraction.partsOfANumerator() == 1 ? numerator.setScale(0, RoundingMode.HALF_UP)
        : numerator.multiply(parts).setScale(0, RoundingMode.CEILING).divide(parts);
    double price = whole.add(numerator.divide(BigDecimal.valueOf(fraction.denominator()))).doubleValue();
    return raw < 0 ? -price : price;
  }

  /** A fractional display format: a point in {@code denominator}ths, each written in {@code partsOfANumerator}. */
  private record Fraction(int denominator, int partsOfANumerator) {

    static Fraction of(int priceDisplayFormat) {
      return switch (priceDisplayFormat) {
        case 102, 104, 108, 116, 132, 164, 228, 356 -> new Fraction(priceDisplayFormat - FRACTIONAL_FORMAT_BASE, 1);
        case 134 -> new Fraction(32, 2);
        case 136 -> new Fraction(32, 4);
        case 140 -> new Fraction(32, 8);
        default -> null;
      };
    }

    /** How many digits after the point the numerator takes: as many as the largest, denominator - 1, has. */
    int numeratorDigits() {
      return Integer.toString(denominator - 1).length();
    }
  }
}
