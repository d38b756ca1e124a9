package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskFloatWithMicroseconds;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskNoTimestamp;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskV2;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevel;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevelFloat;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelFloatWithMilliseconds;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelNoTimestamp;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelV2;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The quote and depth half of {@link MarketDataAdapter}: every bid/ask and depth-level variant, and the best bid and
 * ask of MARKET_DATA_SNAPSHOT (a server sends updates only on change, so without it a quiet symbol has no quote).
 */
final class QuoteAndDepthMapper {
  private static final int FINAL_UPDATE_UNSET = 0;
  private static final int FINAL_UPDATE_TRUE = 1;
  private static final int FINAL_UPDATE_BEGIN_BATCH = 3;

  private final DtcClient client;
  private final MarketDataListener listener;
  private final MarketDataSnapshot snapshot = new MarketDataSnapshot();
  private final MarketDataUpdateBidAsk bidAsk = new MarketDataUpdateBidAsk();
  private final MarketDataUpdateBidAskCompact bidAskCompact = new MarketDataUpdateBidAskCompact();
  private final MarketDataUpdateBidAskFloatWithMicroseconds bidAskMicros =
      new MarketDataUpdateBidAskFloatWithMicroseconds();
  private final MarketDataUpdateBidAskNoTimestamp bidAskNoTime = new MarketDataUpdateBidAskNoTimestamp();
  private final MarketDataUpdateBidAskV2 bidAskV2 = new MarketDataUpdateBidAskV2();
  private final MarketDepthSnapshotLevel snapshotLevel = new MarketDepthSnapshotLevel();
  private final MarketDepthSnapshotLevelFloat snapshotLevelFloat = new MarketDepthSnapshotLevelFloat();
  private final MarketDepthUpdateLevel updateLevel = new MarketDepthUpdateLevel();
  private final MarketDepthUpdateLevelFloatWithMilliseconds updateLevelMillis =
      new MarketDepthUpdateLevelFloatWithMilliseconds();
  private final MarketDepthUpdateLevelNoTimestamp updateLevelNoTime = new MarketDepthUpdateLevelNoTimestamp();
  private final MarketDepthUpdateLevelV2 updateLevelV2 = new MarketDepthUpdateLevelV2();
  /** NO_TIMESTAMP quotes and depth reuse the time of the symbol's previous message of that kind. */
  private final Long2LongHashMap lastQuoteMicros = new Long2LongHashMap(DtcTimes.NONE);
  private final Long2LongHashMap lastDepthMicros = new Long2LongHashMap(DtcTimes.NONE);

  QuoteAndDepthMapper(DtcClient client, MarketDataListener listener) {
    this.client = client;
    this.listener = listener;
  }

  /** @return false when the type is neither a quote nor a depth message */
  boolean onMessage(int type, DirectBuffer buffer, int offset, int length) {
    switch (type) {
      case MarketDataSnapshot.TYPE:
        snapshot(snapshot.wrap(buffer, offset, length));
        return true;
      case MarketDataUpdateBidAsk.TYPE:
        bidAsk.wrap(buffer, offset, length);
        quote(bidAsk.symbolId(), DtcPrices.orNull(bidAsk.bidPrice()), bidAsk.bidQuantity(),
            DtcPrices.orNull(bidAsk.askPrice()), bidAsk.askQuantity(),
            DtcTimes.fromSeconds(bidAsk.dateTime()));
        return true;
      case MarketDataUpdateBidAskCompact.TYPE:
        bidAskCompact.wrap(buffer, offset, length);
        quote(bidAskCompact.symbolId(), DtcPrices.orNull(bidAskCompact.bidPrice()),
            bidAskCompact.bidQuantity(), DtcPrices.orNull(bidAskCompact.askPrice()),
            bidAskCompact.askQuantity(), DtcTimes.fromSeconds(bidAskCompact.dateTime()));
        return true;
      case MarketDataUpdateBidAskFloatWithMicroseconds.TYPE:
        bidAskMicros.wrap(buffer, offset, length);
        quote(bidAskMicros.symbolId(), DtcPrices.orNull(bidAskMicros.bidPrice()),
            bidAskMicros.bidQuantity(), DtcPrices.orNull(bidAskMicros.askPrice()),
            bidAskMicros.askQuantity(), DtcTimes.fromMicrosOrMillis(bidAskMicros.dateTime()));
        return true;
      case MarketDataUpdateBidAskV2.TYPE:
        bidAskV2.wrap(buffer, offset, length);
        quote(bidAskV2.symbolId(), DtcPrices.orNull(bidAskV2.bidPrice()), bidAskV2.bidQuantity(),
            DtcPrices.orNull(bidAskV2.askPrice()), bidAskV2.askQuantity(),
            DtcTimes.fromMicrosOrMillis(bidAskV2.dateTime()));
        return true;
      case MarketDataUpdateBidAskNoTimestamp.TYPE:
        bidAskNoTime.wrap(buffer, offset, length);
        quote(bidAskNoTime.symbolId(), DtcPrices.orNull(bidAskNoTime.bidPrice()),
            bidAskNoTime.bidQuantity(), DtcPrices.orNull(bidAskNoTime.askPrice()),
            bidAskNoTime.askQuantity(), DtcTimes.orZero(lastQuoteMicros.get(bidAskNoTime.symbolId())));
        return true;
      default:
        return onDepth(type, buffer, offset, length);
    }
  }

  private boolean onDepth(int type, DirectBuffer buffer, int offset, int length) {
    switch (type) {
      case MarketDepthSnapshotLevel.TYPE:
        snapshotLevel.wrap(buffer, offset, length);
        depth(snapshotLevel.symbolId(), snapshotLevel.side(), DtcPrices.decimal(snapshotLevel.price()),
            snapshotLevel.quantity(), snapshotLevel.numOrders(), MarketEvents.Depth.SNAPSHOT,
            DtcTimes.fromSeconds(snapshotLevel.dateTime()), snapshotLevel.isFirstMessageInBatch() != 0,
            snapshotLevel.isLastMessageInBatch() != 0);
        return true;
      case MarketDepthSnapshotLevelFloat.TYPE:
        snapshotLevelFloat.wrap(buffer, offset, length);
        depth(snapshotLevelFloat.symbolId(), snapshotLevelFloat.side(), DtcPrices.decimal(snapshotLevelFloat.price()),
            snapshotLevelFloat.quantity(), snapshotLevelFloat.numOrders(), MarketEvents.Depth.SNAPSHOT,
            DtcTimes.orZero(lastDepthMicros.get(snapshotLevelFloat.symbolId())),
            snapshotLevelFloat.finalUpdateInBatch() == FINAL_UPDATE_BEGIN_BATCH,
            snapshotLevelFloat.finalUpdateInBatch() == FINAL_UPDATE_TRUE);
        return true;
      case MarketDepthUpdateLevel.TYPE:
        updateLevel.wrap(buffer, offset, length);
        depth(updateLevel.symbolId(), updateLevel.side(), DtcPrices.decimal(updateLevel.price()),
            updateLevel.quantity(), updateLevel.numOrders(), updateType(updateLevel.updateType()),
            DtcTimes.fromSeconds(updateLevel.dateTime()), false, true);
        return true;
      case MarketDepthUpdateLevelFloatWithMilliseconds.TYPE:
        updateLevelMillis.wrap(buffer, offset, length);
        depth(updateLevelMillis.symbolId(), updateLevelMillis.side(), DtcPrices.decimal(updateLevelMillis.price()),
            updateLevelMillis.quantity(), updateLevelMillis.numOrders(), updateType(updateLevelMillis.updateType()),
            updateLevelMillis.dateTime() * 1000, false, endsBatch(updateLevelMillis.finalUpdateInBatch()));
        return true;
      case MarketDepthUpdateLevelV2.TYPE:
        updateLevelV2.wrap(buffer, offset, length);
        depth(updateLevelV2.symbolId(), updateLevelV2.side(), DtcPrices.decimal(updateLevelV2.price()),
            updateLevelV2.quantity(), updateLevelV2.numOrders(), updateType(updateLevelV2.updateType()),
            updateLevelV2.dateTime() * 1000, false, endsBatch(updateLevelV2.finalUpdateInBatch()));
        return true;
      case MarketDepthUpdateLevelNoTimestamp.TYPE:
        updateLevelNoTime.wrap(buffer, offset, length);
        depth(updateLevelNoTime.symbolId(), updateLevelNoTime.side(), DtcPrices.decimal(updateLevelNoTime.price()),
            updateLevelNoTime.quantity(), updateLevelNoTime.numOrders(), updateType(updateLevelNoTime.updateType()),
            DtcTimes.orZero(lastDepthMicros.get(updateLevelNoTime.symbolId())), false,
            endsBatch(updateLevelNoTime.finalUpdateInBatch()));
        return true;
      default:
        return false;
    }
  }

  /**
   * An update ends its batch unless its flag says more follow: a server that does not batch leaves the flag unset,
   * and its every update is complete (as MARKET_DEPTH_UPDATE_LEVEL, which has no flag). Snapshot levels still need
   * TRUE, since their batch is the whole book.
   */
  private static boolean endsBatch(int finalUpdateInBatch) {
    return finalUpdateInBatch == FINAL_UPDATE_TRUE || finalUpdateInBatch == FINAL_UPDATE_UNSET;
  }

  /**
   * An update message's type: DELETE, else insert-or-update. MARKET_DEPTH_UNSET (0) would otherwise read as
   * {@link MarketEvents.Depth#SNAPSHOT} and the connector would clear the book before it.
   */
  private static int updateType(int updateType) {
    return updateType == MarketEvents.Depth.DELETE ? MarketEvents.Depth.DELETE : MarketEvents.Depth.INSERT_UPDATE;
  }

  /** A snapshot that knows neither side says nothing about the quote. */
  private void snapshot(MarketDataSnapshot message) {
    if (Unset.isSet(message.bidPrice()) || Unset.isSet(message.askPrice())) {
      quote(message.symbolId(), DtcPrices.orNull(message.bidPrice()), message.bidQuantity(),
          DtcPrices.orNull(message.askPrice()), message.askQuantity(),
          DtcTimes.fromSeconds(message.bidAskDateTime()));
    }
  }

  private void quote(long symbolId, Double bid, double bidSize, Double ask, double askSize, long eventMicros) {
    lastQuoteMicros.put(symbolId, eventMicros);
    final Subscription subscription = client.subscription(symbolId);
    listener.onQuote(new MarketEvents.Quote(symbolId, subscription != null ? subscription.symbol() : "",
        subscription != null ? subscription.exchange() : "", bid, size(bid, bidSize), ask, size(ask, askSize),
        eventMicros));
  }

  /**
   * A side's size: null with its price, or when itself unset (a snapshot may set a price but leave the quantity
   * DBL_MAX; float variants use FLT_MAX), which would otherwise be published as a size of 1.8e308.
   */
  private static Double size(Double price, double size) {
    return price == null || !Unset.isSet(size) || !Unset.isSet((float) size) ? null : size;
  }

  private void depth(long symbolId, int side, double price, double quantity, long numOrders, int updateType,
      long eventMicros, boolean firstOfBatch, boolean endOfBatch) {
    lastDepthMicros.put(symbolId, eventMicros);
    final Subscription subscription = client.subscription(symbolId);
    // Depth Side is AtBidOrAsk naming the book side: 1 = bid side (BUY), 2 = ask side (SELL).
    listener.onDepth(new MarketEvents.Depth(symbolId, subscription != null ? subscription.symbol() : "",
        side == 1 ? AggressorSide.BUY : side == 2 ? AggressorSide.SELL : AggressorSide.UNKNOWN, price,
        quantity, numOrders, updateType, eventMicros, firstOfBatch, endOfBatch));
  }
}
