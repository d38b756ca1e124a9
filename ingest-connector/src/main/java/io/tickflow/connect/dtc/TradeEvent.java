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

  static TradeEvent live(MarketEvents.Trade trade, Instant receiveTime) {
    return new TradeEvent(trade.price(), trade.volume(), trade.side(), trade.eventTimeMicros(), receiveTime);
  }

  static TradeEvent historical(MarketEvents.HistoricalTick tick, Instant receiveTime) {
    return new TradeEvent(tick.price(), tick.volume(), tick.side(), tick.eventTimeMicros(), receiveTime);
  }
}
