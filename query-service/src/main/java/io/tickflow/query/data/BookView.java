package io.tickflow.query.data;

import java.time.Instant;
import java.util.List;

/**
 * The top levels of a symbol's order book: bids best (highest) first, asks best (lowest) first.
 *
 * @param time event time of the last update applied
 */
public record BookView(String symbol, Instant time, List<Level> bids, List<Level> asks) {

  public BookView {
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
  }

  /** One price level. */
  public record Level(double price, long quantity, int orders) {
  }
}
