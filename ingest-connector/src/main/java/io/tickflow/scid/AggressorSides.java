package io.tickflow.scid;

import io.tickflow.schemas.AggressorSide;

/** The aggressor side of a one-tick intraday record, from where Sierra Chart booked its volume. */
public final class AggressorSides {

  private AggressorSides() {
  }

  /**
   * BID when all volume traded at the bid (a seller hit it), ASK when all at the ask, UNKNOWN otherwise
   * (both zero, or both set as in a bar).
   */
  public static AggressorSide of(long bidVolume, long askVolume) {
    if (bidVolume > 0 && askVolume == 0) {
      return AggressorSide.BID;
    }
    if (askVolume > 0 && bidVolume == 0) {
      return AggressorSide.ASK;
    }
    return AggressorSide.UNKNOWN;
  }
}
