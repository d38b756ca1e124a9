package io.tickflow.query.http;

import io.javalin.http.Context;

/** Handlers of the per-symbol endpoints; each validates its parameters and lets {@link RoutedQuery} answer. */
public final class MarketDataHandlers {

  private final LocalQueries queries;
  private final QueryParams params;
  private final RoutedQuery routed;

  public MarketDataHandlers(LocalQueries queries, QueryParams params, RoutedQuery routed) {
    this.queries = queries;
    this.params = params;
    this.routed = routed;
  }

  /** {@code GET /api/v1/bars/{symbol}?tf=&from=&to=&limit=}: bars in a range, oldest first. */
  public void bars(Context ctx) {
    BarQuery query = params.bars(ctx);
    routed.answer(ctx, query.symbol(), queries.bars(query));
  }

  /** {@code GET /api/v1/bars/{symbol}/latest?tf=}: the newest bar. */
  public void latestBar(Context ctx) {
    String symbol = params.symbol(ctx);
    routed.answer(ctx, symbol, queries.latestBar(symbol, params.timeframe(ctx)));
  }

  /** {@code GET /api/v1/quotes/{symbol}}: the latest best bid and offer. */
  public void quote(Context ctx) {
    String symbol = params.symbol(ctx);
    routed.answer(ctx, symbol, queries.quote(symbol));
  }

  /** {@code GET /api/v1/trades/{symbol}/latest}: the latest trade. */
  public void latestTrade(Context ctx) {
    String symbol = params.symbol(ctx);
    routed.answer(ctx, symbol, queries.latestTrade(symbol));
  }

  /** {@code GET /api/v1/book/{symbol}}: the top of the order book. */
  public void book(Context ctx) {
    String symbol = params.symbol(ctx);
    routed.answer(ctx, symbol, queries.book(symbol));
  }
}
