package io.tickflow.query.http;

import io.tickflow.query.data.BarView;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.ApiResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The local reads behind each per-symbol endpoint, as functions of the read mode that {@link RoutedQuery} runs
 * on the instance that answers. Shared by the REST handlers and the WebSocket snapshots. Thread-safe.
 */
public final class LocalQueries {

  private final MarketDataReader reader;

  public LocalQueries(MarketDataReader reader) {
    this.reader = reader;
  }

  public Function<ReadMode, Optional<ApiResponse>> bars(BarQuery query) {
    return mode -> reader.bars(query.symbol(), query.timeframe(), query.from(), query.to(), query.limit(), mode)
        .map(bars -> new ApiResponse(new BarsBody(query.symbol(), query.timeframe(), query.from(), query.to(),
            bars.size(), bars), bars, BarView.class));
  }

  public Function<ReadMode, Optional<ApiResponse>> latestBar(String symbol, String timeframe) {
    return mode -> reader.latestBar(symbol, timeframe, mode)
        .map(bar -> new ApiResponse(bar, List.of(bar), BarView.class));
  }

  public Function<ReadMode, Optional<ApiResponse>> quote(String symbol) {
    return mode -> reader.latestQuote(symbol, mode)
        .map(quote -> new ApiResponse(quote, List.of(quote), QuoteView.class));
  }

  public Function<ReadMode, Optional<ApiResponse>> latestTrade(String symbol) {
    return mode -> reader.latestTrade(symbol, mode)
        .map(trade -> new ApiResponse(trade, List.of(trade), TradeView.class));
  }

  public Function<ReadMode, Optional<ApiResponse>> book(String symbol) {
    return mode -> reader.book(symbol, mode)
        .map(book -> new ApiResponse(book, BookRow.of(book), BookRow.class));
  }
}
