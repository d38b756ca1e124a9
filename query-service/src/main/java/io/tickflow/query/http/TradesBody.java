package io.tickflow.query.http;

import io.tickflow.query.data.TradeView;
import java.util.List;

/** The body of {@code GET /api/v1/trades/{symbol}}: the symbol's latest trades, newest first. */
public record TradesBody(String symbol, int count, List<TradeView> trades) {

  public TradesBody {
    trades = List.copyOf(trades);
  }
}
