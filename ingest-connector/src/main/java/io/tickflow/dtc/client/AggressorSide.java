package io.tickflow.dtc.client;

/** Who initiated a trade, from DTC AtBidOrAsk: at the ask = a buyer lifted the offer, at the bid = a seller hit it. */
public enum AggressorSide {
  BUY, SELL, UNKNOWN;

  /** Maps AtBidOrAskEnum (1 AT_BID, 2 AT_ASK, anything else unset). */
  public static AggressorSide fromAtBidOrAsk(int atBidOrAsk) {
    return atBidOrAsk == 2 ? BUY : atBidOrAsk == 1 ? SELL : UNKNOWN;
  }

  /** A one-trade record's side from where its volume was booked: all at the ask = BUY, all at the bid = SELL. */
  public static AggressorSide fromBookedVolume(double bidVolume, double askVolume) {
    return askVolume > 0 && bidVolume == 0 ? BUY : bidVolume > 0 && askVolume == 0 ? SELL : UNKNOWN;
  }
}
