package io.tickflow.dtc.sim;

/**
 * One generated market event. Mutable and reused by {@link MarketGenerator} so that generating a million events a
 * second allocates nothing; read it only inside the publishing call.
 */
final class SimEvent {
  static final int AT_BID = 1;
  static final int AT_ASK = 2;

  boolean trade;
  int instrument;
  long timeMicros;
  double price;
  int volume;
  /** DTC AtBidOrAsk: AT_BID (seller hit the bid) or AT_ASK (buyer lifted the ask). */
  int side;
  double bid;
  int bidSize;
  double ask;
  int askSize;
}
