package io.tickflow.dtc.sim;

import io.tickflow.dtc.codec.DtcMessageWriter;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseTrailer;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskFloatWithMicroseconds;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeWithUnbundledIndicator2;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelV2;
import io.tickflow.dtc.codec.message.SecurityDefinitionReject;
import io.tickflow.dtc.codec.message.SecurityDefinitionResponse;

/** Encodes what the simulator sends, in the configured trade and quote variants. One per session. */
final class SimMessages {
  private static final int INSERT_UPDATE = 1;
  private static final int DELETE = 2;
  private static final int FINAL_UPDATE_TRUE = 1;
  private static final double MICROS_PER_SECOND = 1e6;

  private final DtcMessageWriter writer;
  private final MarketGenerator market;
  private final DepthBook book;
  private final SimulatorConfig.WireFormat format;
  private final MarketDataUpdateTrade trade = new MarketDataUpdateTrade();
  private final MarketDataUpdateTradeCompact tradeCompact = new MarketDataUpdateTradeCompact();
  private final MarketDataUpdateTradeWithUnbundledIndicator2 tradeMicros =
      new MarketDataUpdateTradeWithUnbundledIndicator2();
  private final MarketDataUpdateBidAsk quote = new MarketDataUpdateBidAsk();
  private final MarketDataUpdateBidAskCompact quoteCompact = new MarketDataUpdateBidAskCompact();
  private final MarketDataUpdateBidAskFloatWithMicroseconds quoteMicros =
      new MarketDataUpdateBidAskFloatWithMicroseconds();
  private final MarketDataUpdateTradeV2 tradeV2 = new MarketDataUpdateTradeV2();
  private final MarketDataUpdateBidAskV2 quoteV2 = new MarketDataUpdateBidAskV2();
  private final MarketDepthUpdateLevel depthLevel = new MarketDepthUpdateLevel();
  private final MarketDepthUpdateLevelV2 depthLevelV2 = new MarketDepthUpdateLevelV2();
  /** Reused: a snapshot is also sent again on the market's path, to a client that lost depth updates. */
  private final MarketDepthSnapshotLevel snapshotLevel = new MarketDepthSnapshotLevel();
  private final HistoricalPriceDataTickRecordResponse tick = new HistoricalPriceDataTickRecordResponse();

  SimMessages(DtcMessageWriter writer, MarketGenerator market, DepthBook book, SimulatorConfig.WireFormat format) {
    this.writer = writer;
    this.market = market;
    this.book = book;
    this.format = format;
  }

  void marketData(long symbolId, SimEvent event) {
    if (event.trade) {
      trade(symbolId, event);
    } else {
      quote(symbolId, event);
    }
  }

  private void trade(long symbolId, SimEvent e) {
    switch (format) {
      case COMPACT:
        writer.end(writer.begin(tradeCompact).symbolId(symbolId).price((float) e.price).volume(e.volume)
            .dateTime(e.timeMicros / 1_000_000L).atBidOrAsk(e.side));
        break;
      case MICROS:
        writer.end(writer.begin(tradeMicros).symbolId(symbolId).price((float) e.price).volume(e.volume)
            .dateTime(e.timeMicros).atBidOrAsk(e.side));
        break;
      case V2:
        writer.end(writer.begin(tradeV2).symbolId(symbolId).price(e.price).volume(e.volume).dateTime(e.timeMicros)
            .atBidOrAsk(e.side));
        break;
      default:
        writer.end(writer.begin(trade).symbolId(symbolId).price(e.price).volume(e.volume)
            .dateTime(e.timeMicros / MICROS_PER_SECOND).atBidOrAsk(e.side));
        break;
    }
  }

  private void quote(long symbolId, SimEvent e) {
    switch (format) {
      case COMPACT:
        writer.end(writer.begin(quoteCompact).symbolId(symbolId).bidPrice((float) e.bid)
            .bidQuantity(e.bidSize).askPrice((float) e.ask).askQuantity(e.askSize)
            .dateTime(e.timeMicros / 1_000_000L));
        break;
      case MICROS:
        writer.end(writer.begin(quoteMicros).symbolId(symbolId).bidPrice((float) e.bid).bidQuantity(e.bidSize)
            .askPrice((float) e.ask).askQuantity(e.askSize).dateTime(e.timeMicros));
        break;
      case V2:
        writer.end(writer.begin(quoteV2).symbolId(symbolId).bidPrice(e.bid).bidQuantity(e.bidSize).askPrice(e.ask)
            .askQuantity(e.askSize).dateTime(e.timeMicros));
        break;
      default:
        writer.end(writer.begin(quote).symbolId(symbolId).bidPrice(e.bid).bidQuantity(e.bidSize)
            .askPrice(e.ask).askQuantity(e.askSize).dateTime(e.timeMicros / 1_000_000L));
        break;
    }
  }

  /**
   * Each side of the book is a ladder of {@code levels} prices a tick apart, best first, the top of the
   * {@link DepthBook}. When the bests move (a quote, a trade through a side, a wider spread), the levels that left a
   * ladder are deleted (both sides first, so the book is never crossed), then the levels that joined it are added
   * with the book's quantities, deepest first, and both bests are updated with their sizes, the ask last. Deleting
   * only the previous best left levels crossed with the other side, and the side the market moved toward thinned out.
   * Call after {@link DepthBook#apply} of the event.
   */
  void depthUpdate(long symbolId, SimEvent e, int levels) {
    deleteLeft(symbolId, e, SimEvent.AT_BID, levels);
    deleteLeft(symbolId, e, SimEvent.AT_ASK, levels);
    addJoined(symbolId, e, SimEvent.AT_BID, levels);
    addJoined(symbolId, e, SimEvent.AT_ASK, levels);
  }

  private void deleteLeft(long symbolId, SimEvent e, int side, int levels) {
    final int shift = book.shift(e.instrument, side);
    for (int level = 0; level < levels; level++) {
      if (level - shift < 0 || level - shift >= levels) {
        depth(symbolId, side, book.previousPrice(e.instrument, side, level), 0, DELETE, e.timeMicros);
      }
    }
  }

  private void addJoined(long symbolId, SimEvent e, int side, int levels) {
    final int shift = book.shift(e.instrument, side);
    for (int level = levels - 1; level > 0; level--) {
      if (level + shift < 0 || level + shift >= levels) {
        depth(symbolId, side, book.price(e.instrument, side, level), book.quantity(e.instrument, side, level),
            INSERT_UPDATE, e.timeMicros);
      }
    }
    depth(symbolId, side, book.price(e.instrument, side, 0), book.quantity(e.instrument, side, 0), INSERT_UPDATE,
        e.timeMicros);
  }

  private void depth(long symbolId, int side, double price, int quantity, int updateType, long timeMicros) {
    if (format == SimulatorConfig.WireFormat.V2) {
      // Each update stands alone, as MARKET_DEPTH_UPDATE_LEVEL's do: the final one of its batch.
      writer.end(writer.begin(depthLevelV2).symbolId(symbolId).side(side).price(price).quantity(quantity)
          .updateType(updateType).dateTime(timeMicros / 1_000L).numOrders(quantity > 0 ? 1 : 0)
          .finalUpdateInBatch(FINAL_UPDATE_TRUE));
    } else {
      writer.end(writer.begin(depthLevel).symbolId(symbolId).side(side).price(price).quantity(quantity)
          .updateType(updateType).dateTime(timeMicros / MICROS_PER_SECOND).numOrders(quantity > 0 ? 1 : 0));
    }
  }

  void snapshot(long symbolId, int index) {
    writer.end(writer.begin(new MarketDataSnapshot()).symbolId(symbolId).bidPrice(market.bid(index))
        .bidQuantity(market.bidSize(index)).askPrice(market.ask(index)).askQuantity(market.askSize(index))
        .tradingStatus(2));
  }

  /** The top {@code levels} of the instrument's {@link DepthBook}, one batch, each level's bid then its ask. */
  void depthSnapshot(long symbolId, int index, int levels) {
    final int last = 2 * levels - 1;
    for (int n = 0; n <= last; n++) {
      final int level = n / 2;
      final int side = n % 2 == 0 ? SimEvent.AT_BID : SimEvent.AT_ASK;
      writer.end(writer.begin(snapshotLevel).symbolId(symbolId).side(side).price(book.price(index, side, level))
          .quantity(book.quantity(index, side, level)).level(level + 1).isFirstMessageInBatch(n == 0 ? 1 : 0)
          .isLastMessageInBatch(n == last ? 1 : 0).numOrders(level + 1));
    }
  }

  void marketDataReject(long symbolId, String text) {
    writer.end(writer.begin(new MarketDataReject()).symbolId(symbolId).rejectText(text));
  }

  void depthReject(long symbolId, String text) {
    writer.end(writer.begin(new MarketDepthReject()).symbolId(symbolId).rejectText(text));
  }

  void securityDefinition(int requestId, int index, String symbol) {
    if (index < 0) {
      writer.end(writer.begin(new SecurityDefinitionReject()).requestId(requestId)
          .rejectText("Unknown symbol " + symbol));
      return;
    }
    final Instrument instrument = market.instruments().get(index);
    writer.end(writer.begin(new SecurityDefinitionResponse()).requestId(requestId).symbol(instrument.symbol())
        .exchange(instrument.exchange()).securityType(instrument.securityType())
        .description(instrument.description()).minPriceIncrement((float) instrument.tickSize())
        .priceDisplayFormat(instrument.priceDisplayFormat()).currencyValuePerIncrement((float) instrument.tickValue())
        .isFinalMessage(1).currency(instrument.currency()));
  }

  void historicalReject(int requestId, String text) {
    writer.end(writer.begin(new HistoricalPriceDataReject()).requestId(requestId).rejectText(text)
        .rejectReasonCode(2));
  }

  /**
   * Header, then every remembered tick in range, the last flagged final and/or followed by a trailer as
   * {@code end} says; NoRecordsToReturn when none.
   *
   * @param maxTicks ticks to send at most (a fault cuts the answer short); the end only if all are sent
   */
  void historicalTicks(int requestId, TradeHistory history, long fromMicros, long toMicros, int maxTicks,
                       SimFaults.HistoryEnd end, Runnable flushIfLarge) {
    final int[] count = new int[1];
    final long[] lastMicros = new long[1];
    history.forEach(fromMicros, toMicros, (time, price, volume, side) -> {
      count[0]++;
      lastMicros[0] = time;
    });
    writer.end(writer.begin(new HistoricalPriceDataResponseHeader()).requestId(requestId)
        .noRecordsToReturn(count[0] == 0 ? 1 : 0));
    final int[] sent = new int[1];
    history.forEach(fromMicros, toMicros, (time, price, volume, side) -> {
      if (sent[0] < maxTicks) {
        final boolean last = ++sent[0] == count[0];
        writer.end(writer.begin(tick).requestId(requestId).dateTime(time / MICROS_PER_SECOND).atBidOrAsk(side)
            .price(price).volume(volume).isFinalRecord(last && end.flagsFinalRecord() ? 1 : 0));
        flushIfLarge.run();
      }
    });
    if (count[0] > 0 && sent[0] == count[0] && end.sendsTrailer()) {
      writer.end(writer.begin(new HistoricalPriceDataResponseTrailer()).requestId(requestId)
          .finalRecordLastDateTime(lastMicros[0]));
    }
  }
}
