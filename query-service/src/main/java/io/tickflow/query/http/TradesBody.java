package io.tickflow.query.http;

import io.tickflow.query.data.TradeView;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /api/v1/trades/{symbol}}: the symbol's latest trades, newest first.
 *
 * @param since when the answering instance began reading trades: none from before it is known there
 */
public record TradesBody(String symbol, Instant since, int count, List<TradeView> trades) {

  public TradesBody {
    trades = List.copyOf(trades);
  }
}
