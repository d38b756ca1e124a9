package io.tickflow.scid;

import io.tickflow.prices.SierraPrices;
import java.math.BigDecimal;

/**
 * Prices as Sierra Chart meant them. The files store float32, so 75.43 is stored as 75.43000030517578; widened to a
 * double as it is, that noise would reach every Trade, Quote and bar, and the same trade from the DTC connector
 * (which reads floats the same way, {@code DtcPrices.decimal}) would have another identity.
 */
public final class FilePrices {

  private FilePrices() {
  }

  /**
   * The price the float stands for ({@link SierraPrices#decimal}), times the symbol's Real Time
   * Price Multiplier as an exact decimal product rounded once: 10877 x 0.0001 is 1.0877, not 1.0877000000000001.
   * Non-finite values stay non-finite.
   */
  public static double decimal(float value, double multiplier) {
    final double price = SierraPrices.decimal(value);
    if (multiplier == 1.0 || !Double.isFinite(price)) {
      return price;
    }
    return BigDecimal.valueOf(price).multiply(BigDecimal.valueOf(multiplier)).doubleValue();
  }
}
