package io.tickflow.streams.normalize;

import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.ingest.Rejection;
import java.math.BigDecimal;
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
   * DTC fractional formats 102..356 carry the denominator plus 100; the digits after the point are the numerator
   * (e.g. 1/32: {@code 110.16} is 110 + 16/32). Decimal formats (0..9) and unset (-1) are already prices.
   */
  static double fromDisplay(double raw, int priceDisplayFormat) {
    int denominator = priceDisplayFormat - FRACTIONAL_FORMAT_BASE;
    if (denominator < 2) {
      return raw;
    }
    int digits = Integer.toString(denominator - 1).length();
    double scale = Math.pow(10, digits);
    double whole = Math.floor(raw);
    double numerator = Math.round((raw - whole) * scale);
    return whole + numerator / denominator;
  }
}
