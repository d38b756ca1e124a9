package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.Unset;
import io.tickflow.prices.SierraPrices;

/**
 * Prices as the server meant them. Sierra Chart keeps prices as float32 and widens them into the protocol's double
 * fields, so CL at 71.53 arrives as 71.52999877929688; every price, float or double field, is published as the
 * price a .scid file gives for the same float ({@link SierraPrices}), so one trade has one identity whatever carried
 * it.
 */
final class DtcPrices {

  private DtcPrices() {
  }

  /**
   * A double price: one a float holds exactly is taken for a widened float and published as the price that float
   * stands for;
   * any other (45.05, which no float holds; DBL_MAX, unset; NaN) is kept as sent, and so are the infinities and
   * FLT_MAX, which a server may send for unset in a double field and which must still read as unset.
   */
  static double decimal(double value) {
    final float narrowed = (float) value;
    return narrowed == value && Float.isFinite(narrowed) && Unset.isSet(narrowed) ? decimal(narrowed) : value;
  }

  /** A float price as the price it stands for ({@link SierraPrices#decimal}). */
  static double decimal(float value) {
    return SierraPrices.decimal(value);
  }

  /** A double price, null when unset. */
  static Double orNull(double value) {
    return Unset.isSet(value) ? decimal(value) : null;
  }

  /** A float price, null when unset. */
  static Double orNull(float value) {
    return Unset.isSet(value) ? decimal(value) : null;
  }
}
