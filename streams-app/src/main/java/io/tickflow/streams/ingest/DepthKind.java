package io.tickflow.streams.ingest;

import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.normalize.PriceScaling;
import io.tickflow.topics.TickflowTopics;

/** Depth updates: a level update (not a CLEAR) has a book side and a positive price; no quantity is negative. */
public final class DepthKind extends RawKind<DepthUpdate> {

  public DepthKind() {
    super(Pipeline.DEPTH, TickflowTopics.RAW_DEPTH, DepthUpdate.class);
  }

  @Override
  public void scalePrices(DepthUpdate value, PriceScaling scaling, SecurityDefinition definition) {
    if (value.getAction() != DepthAction.CLEAR) {
      value.setPrice(scaling.apply(value.getPrice(), definition));
    }
  }

  @Override
  public Rejection validate(DepthUpdate value) {
    if (value.getAction() != DepthAction.CLEAR) {
      if (value.getSide() == BookSide.UNKNOWN) {
        return new Rejection(Reason.BOOK_SIDE_UNKNOWN, value.getAction() + " of level " + value.getPrice()
            + " has no book side");
      }
      Rejection price = Rejection.ifBadPrice("price", value.getPrice());
      if (price != null) {
        return price;
      }
    }
    if (value.getQuantity() < 0) {
      return new Rejection(Reason.SIZE_NOT_POSITIVE, "quantity " + value.getQuantity() + " is negative");
    }
    return null;
  }
}
