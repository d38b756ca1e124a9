package io.tickflow.dtc.codec;

/**
 * The protocol's "not set" sentinels. DTC marks an absent numeric value with the largest value of the field's type
 * (DBL_MAX, FLT_MAX, UINT_MAX) rather than a flag, so every consumer must test for them before using a value.
 */
public final class Unset {
  /** DBL_MAX: an absent double. */
  public static final double DOUBLE = Double.MAX_VALUE;
  /** FLT_MAX: an absent float. */
  public static final float FLOAT = Float.MAX_VALUE;
  /** UINT_MAX: an absent uint32 (as returned by the codec's uint32 accessors). */
  public static final long UINT32 = 0xFFFF_FFFFL;

  private Unset() {
  }

  public static boolean isSet(double value) {
    return value != DOUBLE;
  }

  public static boolean isSet(float value) {
    return value != FLOAT;
  }
}
