package io.tickflow.prices;

/**
 * The price a float32 stands for. Sierra Chart keeps prices as float32 (its .scid and .depth files, and the values its
 * DTC server widens into double fields), which holds a decimal price only approximately: 75.43 is stored as
 * 75.43000030517578. Both connectors publish every such price through this one rule, so that one trade has one
 * identity whether a file or the DTC server carried it.
 */
public final class SierraPrices {

  private static final int SIGNIFICAND_BITS = 23;
  /** 1/256: the finest binary tick traded (2-year Treasury futures, eighths of a 32nd). */
  private static final int MAX_TICK_FRACTION_BITS = 8;
  /**
   * Zero bits the float must hold below a binary tick's last digit for it to be taken for one. A decimal price's float
   * has them only by chance (one in 64); a binary tick has them whenever the float resolves finer than the tick
   * (ES quarters at 4512.25: 9; ZN 64ths at 128: 10; 2-year 256ths at 103: 9).
   */
  private static final int MIN_SPARE_BITS = 6;

  private SierraPrices() {
  }

  /**
   * A binary tick (a multiple of 1/256 held with bits to spare: ES 4512.25, ZN 128.015625, ZT 103.00390625) as its
   * exact value, which its shortest decimal is not always: Float.toString gives 128.01562 and 103.00391, which is
   * all a float needs to be told apart from its neighbours but not the price; any other float as the shortest decimal
   * that reads back as it (Float.toString's), 75.43 rather than 75.43000030517578. The bit test also spares the
   * String round trip for most futures, whose ticks are binary. Non-finite values stay as they are.
   */
  public static double decimal(float value) {
    if (!Float.isFinite(value) || value == 0 || isBinaryTick(value)) {
      return value;
    }
    return Double.parseDouble(Float.toString(value));
  }

  private static boolean isBinaryTick(float value) {
    int exponent = Math.getExponent(value);
    if (exponent < Float.MIN_EXPONENT) {
      return false; // subnormal: far below any price
    }
    int significand = (Float.floatToRawIntBits(value) & ((1 << SIGNIFICAND_BITS) - 1)) | (1 << SIGNIFICAND_BITS);
    int spareBits = Integer.numberOfTrailingZeros(significand);
    int fractionBits = SIGNIFICAND_BITS - exponent - spareBits;
    return fractionBits <= MAX_TICK_FRACTION_BITS && spareBits >= MIN_SPARE_BITS;
  }
}
