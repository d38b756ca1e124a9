package io.tickflow.query.data;

import io.tickflow.schemas.Trade;
import java.time.Instant;

/** One trade as the API shows it. */
public record TradeView(String symbol, double price, long size, String side, Instant time, int sequence) {

  /** The view of a contract {@code Trade}. */
  public static TradeView of(Trade trade) {
    return new TradeView(trade.getSymbol(), trade.getPrice(), trade.getSize(), trade.getSide().name(),
        trade.getEventTime(), trade.getSequence());
  }
}
