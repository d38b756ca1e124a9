package io.tickflow.marketstate;

import java.time.Instant;
import java.util.List;

/**
 * The top levels of one symbol's order book.
 *
 * @param symbol canonical symbol
 * @param bids bid levels, best (highest) first
 * @param asks ask levels, best (lowest) first
 * @param complete false while a batch of depth updates is in progress (the last update had {@code endOfBatch}
 *     false): the levels are then those of the last batch end
 * @param eventTime event time of the update that left the levels shown
 */
public record OrderBook(String symbol, List<BookLevel> bids, List<BookLevel> asks, boolean complete,
                        Instant eventTime) {

  public OrderBook {
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
  }
}
