package io.tickflow.query.http;

import io.javalin.http.Context;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.ApiResponse;
import io.tickflow.query.live.RecentTrades;
import java.util.List;

/**
 * {@code GET /api/v1/trades/{symbol}?limit=}: the symbol's time and sales. Answered by the instance asked, never
 * forwarded: every instance reads every partition of the trades (see {@link RecentTrades}).
 */
public final class RecentTradesHandler {

  private final RecentTrades recent;
  private final QueryParams params;
  private final Responder responder;

  public RecentTradesHandler(RecentTrades recent, QueryParams params, Responder responder) {
    this.recent = recent;
    this.params = params;
    this.responder = responder;
  }

  /** The latest trades, newest first; by default as many as the instance keeps. */
  public void trades(Context ctx) {
    String symbol = params.symbol(ctx);
    List<TradeView> trades = recent.newest(symbol, params.limit(ctx, Math.max(1, recent.capacity())));
    responder.respond(ctx, new ApiResponse(new TradesBody(symbol, trades.size(), trades), trades,
        TradeView.class));
  }
}
