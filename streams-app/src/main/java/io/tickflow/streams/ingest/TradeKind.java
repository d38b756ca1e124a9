package io.tickflow.streams.ingest;

import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.normalize.PriceScaling;
import io.tickflow.topics.TickflowTopics;

/** Trades: a positive price and size within the time bounds. */
public final class TradeKind extends RawKind<Trade> {

  public TradeKind() {
    super(Pipeline.TRADES, TickflowTopics.RAW_TRADES, Trade.class);
  }

  /** The bar stage refuses late, jumping and overflowing trades. */
  @Override
  public boolean refusableDownstream() {
    return true;
  }

  @Override
  public void scalePrices(Trade value, PriceScaling scaling, SecurityDefinition definition) {
    value.setPrice(scaling.apply(value.getPrice(), definition));
  }

  @Override
  public Rejection validate(Trade value) {
    Rejection price = Rejection.ifBadPrice("price", value.getPrice());
    if (price != null) {
      return price;
    }
    if (value.getSize() <= 0) {
      return new Rejection(Reason.SIZE_NOT_POSITIVE, "size " + value.getSize() + " is not positive");
    }
    return null;
  }
}
