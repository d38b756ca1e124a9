package io.tickflow.query.http;

import io.tickflow.query.data.BarView;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.ApiResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The local reads behind each per-symbol endpoint, with the dataset each reads, that {@link RoutedQuery} runs
 * on the instance that answers. Shared by the REST handlers and the WebSocket snapshots. Thread-safe.
 */
public final class LocalQueries {

  private final MarketDataReader reader;

  public LocalQueries(MarketDataReader reader) {
    this.reader = reader;
  }

  /**
   * Reads one bar more than the limit, so that a range cut by the limit says so: the client is told where to page
   * back from instead of taking the newest {@code limit} bars for the whole range.
   */
  public LocalRead bars(BarQuery query) {
    return new LocalRead(Dataset.BARS, mode -> reader.bars(query.symbol(), query.timeframe(), query.from(),
        query.to(), query.limit() + 1, mode).map(bars -> barsResponse(query, bars)), unknown(query.symbol()));
  }

  private static ApiResponse barsResponse(BarQuery query, List<BarView> read) {
    boolean truncated = read.size() > query.limit();
    List<BarView> bars = truncated ? read.subList(1, read.size()) : read;
    Optional<Instant> previousTo = truncated ? Optional.of(bars.get(0).start().minus(1, ChronoUnit.MICROS))
        : Optional.empty();
    return new ApiResponse(new BarsBody(query.symbol(), query.timeframe(), query.from(), query.to(), bars.size(),
        truncated, previousTo.orElse(null), bars), bars, BarView.class, previousTo);
  }

  public LocalRead latestBar(String symbol, String timeframe) {
    return new LocalRead(Dataset.BARS, mode -> reader.latestBar(symbol, timeframe, mode)
        .map(bar -> new ApiResponse(bar, List.of(bar), BarView.class)),
        "No " + timeframe + " bar for " + symbol + ": unknown symbol, or none yet");
  }

  public LocalRead quote(String symbol) {
    return new LocalRead(Dataset.QUOTES, mode -> reader.latestQuote(symbol, mode)
        .map(quote -> new ApiResponse(quote, List.of(quote), QuoteView.class)),
        "No quote for " + symbol + ": unknown symbol, or none received yet");
  }

  public LocalRead latestTrade(String symbol) {
    return new LocalRead(Dataset.BARS, mode -> reader.latestTrade(symbol, mode)
        .map(trade -> new ApiResponse(trade, List.of(trade), TradeView.class)), unknown(symbol));
  }

  public LocalRead book(String symbol) {
    return new LocalRead(Dataset.BOOK, mode -> reader.book(symbol, mode)
        .map(book -> new ApiResponse(book, BookRow.of(book), BookRow.class)),
        "No book for " + symbol + ": unknown symbol, or no depth received yet");
  }

  /**
   * Bars and trades are read where the symbol's trades are: a symbol that only quoted (as /symbols lists it) cannot be
   * told from an unknown one there.
   */
  private static String unknown(String symbol) {
    return "No trades for " + symbol + ": unknown symbol, or none received yet";
  }
}
