package io.tickflow.query.ws;

import io.tickflow.query.http.ApiException;
import io.tickflow.query.http.ApiRequest;
import io.tickflow.query.http.LocalQueries;
import io.tickflow.query.http.LocalRead;
import io.tickflow.query.http.QueryParams;
import io.tickflow.query.http.Responder;
import io.tickflow.query.http.RoutedAnswer;
import io.tickflow.query.http.RoutedQuery;
import io.tickflow.query.routing.RequestForwarder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the snapshot that opens a subscription, from the instance that owns the symbol actively (the routing of the
 * REST API, without its fallback to a standby). Bars: the newest bars ({@code ws.snapshot.bars}); trades: the latest
 * trade; quotes: the latest quote; book: the book. Thread-safe.
 */
public final class SnapshotLoader {

  /** The snapshot payload of a symbol with no data yet. */
  public static final String NO_DATA = "null";

  private final LocalQueries queries;
  private final RoutedQuery routed;
  private final QueryParams params;
  private final int snapshotBars;

  public SnapshotLoader(LocalQueries queries, RoutedQuery routed, QueryParams params, int snapshotBars) {
    this.queries = queries;
    this.routed = routed;
    this.params = params;
    this.snapshotBars = snapshotBars;
  }

  /**
   * The snapshot of {@code key} as JSON, {@value #NO_DATA} when the symbol has no data yet.
   *
   * @param headers headers to pass when the owner is another instance (the API key)
   * @throws ApiException 503 when no instance can answer now
   */
  public String load(SubscriptionKey key, Map<String, String> headers) {
    String symbol = key.symbol();
    RoutedAnswer answer;
    try {
      answer = routed.fetchActiveJson(symbol, request(key), headers, localRead(key));
    } catch (ApiException e) {
      if (e.error().status() == 404) {
        return NO_DATA;
      }
      throw e;
    }
    if (answer.status() == 404) {
      return NO_DATA;
    }
    if (answer.status() != 200) {
      throw ApiException.unavailable("The snapshot of " + key.id() + " failed with status " + answer.status(), 1);
    }
    return new String(answer.body(), StandardCharsets.UTF_8);
  }

  private LocalRead localRead(SubscriptionKey key) {
    switch (key.channel()) {
      case BARS:
        return queries.bars(params.newest(key.symbol(), key.timeframe(), snapshotBars));
      case TRADES:
        return queries.latestTrade(key.symbol());
      case QUOTES:
        return queries.quote(key.symbol());
      default:
        return queries.book(key.symbol());
    }
  }

  private ApiRequest request(SubscriptionKey key) {
    String symbol = RequestForwarder.pathSegment(key.symbol());
    switch (key.channel()) {
      case BARS:
        return json("/api/v1/bars/" + symbol, Map.of(QueryParams.TIMEFRAME, List.of(key.timeframe()),
            QueryParams.LIMIT, List.of(Integer.toString(snapshotBars))));
      case TRADES:
        return json("/api/v1/trades/" + symbol + "/latest", Map.of());
      case QUOTES:
        return json("/api/v1/quotes/" + symbol, Map.of());
      default:
        return json("/api/v1/book/" + symbol, Map.of());
    }
  }

  private static ApiRequest json(String path, Map<String, List<String>> parameters) {
    return new ApiRequest(path, new TreeMap<>(parameters)).with(Responder.FORMAT, "json");
  }
}
