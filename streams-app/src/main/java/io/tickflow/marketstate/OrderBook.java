package io.tickflow.marketstate;

import java.time.Instant;
import java.util.List;

/**
 * The top levels of one symbol's order book.
 *
 * @param symbol canonical symbol
 * @param bids bid levels, best (highest) first
 * @param asks ask levels, best (lowest) first
 * @param complete false while a batch of depth updates is half applied (the last update had {@code endOfBatch} false)
 * @param eventTime event time of the last applied update
 */
public record OrderBook(String symbol, List<BookLevel> bids, List<BookLevel> asks, boolean complete,
                        Instant eventTime) {

  public OrderBook {
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
  }
}
