package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.Unset;

/**
 * Prices as the server meant them. Sierra Chart keeps prices as float32 and widens them into the protocol's double
 * fields, so CL at 71.53 arrives as 71.52999877929688; every price, float or double field, is published as the
 * decimal a .scid file gives for the same float ({@code FilePrices}), so one trade has one identity whatever carried
 * it. Stateless and allocation-free unless a price needs its digits.
 */
final class DtcPrices {
  private static final long SIGNIFICAND_BITS = 0x000F_FFFF_FFFF_FFFFL;
  private static final long IMPLICIT_BIT = 0x0010_0000_0000_0000L;
  /**
   * By binary fraction digits j (the price is an odd multiple of 2^-j; 0 for an integer), the largest binary exponent
   * at which half a float's ulp, 2^(exponent - 24), is below 5 x 10^-j (below 1 for an integer): the price's own
   * decimal has j fraction digits and ends in 5, so every other decimal of as many digits or fewer is at least
   * 5 x 10^-j away and cannot read back as the same float. Beyond 1/256 the price goes the String way.
   */
  private static final int[] MAX_EXPONENT_BY_FRACTION_BITS = {23, 22, 19, 16, 13, 9, 6, 3, -1};

  private DtcPrices() {
  }

  /**
   * A double price: one a float holds exactly is taken for a widened float and published as that float's decimal;
   * any other (45.05, which no float holds; DBL_MAX, unset; NaN) is kept as sent, and so are the infinities and
   * FLT_MAX, which a server may send for unset in a double field and which must still read as unset.
   */
  static double decimal(double value) {
    final float narrowed = (float) value;
    return narrowed == value && Float.isFinite(narrowed) && Unset.isSet(narrowed) ? decimal(narrowed) : value;
  }

  /**
   * A float price as the decimal it was written as (0.01f becomes 0.01, not 0.009999999776482582), so that the
   * float and double message variants of one price compare equal.
   */
  static double decimal(float value) {
    return isOwnShortestDecimal(value) ? value : Double.parseDouble(Float.toString(value));
  }

  /** A double price, null when unset. */
  static Double orNull(double value) {
    return Unset.isSet(value) ? decimal(value) : null;
  }

  /** A float price, null when unset. */
  static Double orNull(float value) {
    return Unset.isSet(value) ? decimal(value) : null;
  }

  /**
   * Whether Float.toString would print the float's exact value (ES 4512.25, ZN 110.515625), so the String round trip
   * can be skipped on the hot path: most futures tick in binary fractions. This is a bit test rather than a
   * shortest-digits library (Ryu, Schubfach) because it allocates nothing and adds no dependency, and above all
   * because the answer must be Float.toString's, which the .scid connector uses: Java 17's Float.toString is not
   * always the shortest decimal (JDK-4511638, fixed in 19), so another digit generator could differ from it, while
   * a float that is its own shortest decimal is printed exactly by every JDK (checked on Java 17 for every float
   * this test accepts, 55.9 million of them).
   */
  private static boolean isOwnShortestDecimal(float value) {
    if (value == 0 || !Float.isFinite(value)) {
      return true; // zero, the infinities and NaN read back as themselves
    }
    // As a double, the float is normal (float subnormals too) with a 53-bit significand.
    final double widened = value;
    final int exponent = Math.getExponent(widened);
    final long significand = (Double.doubleToRawLongBits(widened) & SIGNIFICAND_BITS) | IMPLICIT_BIT;
    final int fractionBits = Math.max(0, 52 - exponent - Long.numberOfTrailingZeros(significand));
    return fractionBits < MAX_EXPONENT_BY_FRACTION_BITS.length
        && exponent <= MAX_EXPONENT_BY_FRACTION_BITS[fractionBits];
  }
}
