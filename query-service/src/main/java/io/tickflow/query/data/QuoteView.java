package io.tickflow.query.data;

import io.tickflow.schemas.Quote;
import java.time.Instant;

/** The best bid and offer of a symbol; an unset side is null. */
public record QuoteView(String symbol, Double bidPrice, Long bidSize, Double askPrice, Long askSize, Instant time) {

  /** The view of a contract {@code Quote}. */
  public static QuoteView of(Quote quote) {
    return new QuoteView(quote.getSymbol(), quote.getBidPrice(), quote.getBidSize(), quote.getAskPrice(),
        quote.getAskSize(), quote.getEventTime());
  }
}
