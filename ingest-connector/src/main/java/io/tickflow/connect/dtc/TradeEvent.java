package io.tickflow.connect.dtc;

import io.tickflow.dtc.client.AggressorSide;
import io.tickflow.dtc.client.MarketEvents;
import java.time.Instant;

/**
 * A trade as the task handles it, whether it came live or as a historical tick.
 *
 * @param eventTimeMicros exchange time, UTC microseconds since the epoch
 * @param receiveTime     when the task polled it
 */
record TradeEvent(double price, double volume, AggressorSide side, long eventTimeMicros, Instant receiveTime) {

  /**
   * A live trade; one without a time (a TRADE_NO_TIMESTAMP before any timed trade of its symbol) takes its receive
   * time, as quotes do: 1970 would be refused downstream, become the offset and anchor a backfill of all history.
   */
  static TradeEvent live(MarketEvents.Trade trade, Instant receiveTime) {
    return new TradeEvent(trade.price(), trade.volume(), trade.side(),
        DtcRecords.eventOrReceiveTime(trade.eventTimeMicros(), receiveTime), receiveTime);
  }

  static TradeEvent historical(MarketEvents.HistoricalTick tick, Instant receiveTime) {
    return new TradeEvent(tick.price(), tick.volume(), tick.side(), tick.eventTimeMicros(), receiveTime);
  }

  /** The same trade as the server listed it, whichever way it came (the receive time does not count). */
  boolean isSameTrade(TradeEvent other) {
    return eventTimeMicros == other.eventTimeMicros && price == other.price && volume == other.volume
        && side == other.side;
  }
}
