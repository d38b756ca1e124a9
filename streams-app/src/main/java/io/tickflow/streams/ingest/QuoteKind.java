package io.tickflow.streams.ingest;

import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.normalize.PriceScaling;
import io.tickflow.topics.TickflowTopics;

/** Quotes: each side that is set has a positive price and a non-negative size, and bid is not above ask. */
public final class QuoteKind extends RawKind<Quote> {

  public QuoteKind() {
    super(Pipeline.QUOTES, TickflowTopics.RAW_QUOTES, Quote.class);
  }

  @Override
  public void scalePrices(Quote value, PriceScaling scaling, SecurityDefinition definition) {
    if (value.getBidPrice() != null) {
      value.setBidPrice(scaling.apply(value.getBidPrice(), definition));
    }
    if (value.getAskPrice() != null) {
      value.setAskPrice(scaling.apply(value.getAskPrice(), definition));
    }
  }

  @Override
  public Rejection validate(Quote value) {
    Rejection side = checkSide("bidPrice", value.getBidPrice(), "bidSize", value.getBidSize());
    if (side == null) {
      side = checkSide("askPrice", value.getAskPrice(), "askSize", value.getAskSize());
    }
    if (side != null) {
      return side;
    }
    if (value.getBidPrice() != null && value.getAskPrice() != null && value.getBidPrice() > value.getAskPrice()) {
      return new Rejection(Reason.CROSSED_QUOTE,
          "bid " + value.getBidPrice() + " is above ask " + value.getAskPrice());
    }
    return null;
  }

  private static Rejection checkSide(String priceField, Double price, String sizeField, Long size) {
    if (price != null) {
      Rejection bad = Rejection.ifBadPrice(priceField, price);
      if (bad != null) {
        return bad;
      }
    }
    return size != null && size < 0
        ? new Rejection(Reason.SIZE_NOT_POSITIVE, sizeField + " " + size + " is negative") : null;
  }
}
