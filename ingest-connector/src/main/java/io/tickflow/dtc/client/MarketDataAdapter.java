package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.message.HistoricalPriceDataRecordResponse;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseTrailer;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeNoTimestamp;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeWithUnbundledIndicator;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeWithUnbundledIndicator2;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.SecurityDefinitionReject;
import io.tickflow.dtc.codec.message.SecurityDefinitionResponse;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * Maps every trade, quote, depth, security definition and historical tick variant (804, or 803 records answering a
 * tick request) to the normalized
 * {@link MarketEvents}, with the symbol text the client subscribed under. Use it as the handler of
 * {@link DtcClient#poll}; a MARKET_DATA_SNAPSHOT gives a quote of its best bid and ask; other messages
 * (heartbeats, session statistics) are ignored here.
 * Not thread-safe: one per polling thread.
 */
public final class MarketDataAdapter implements DtcMessageHandler {
  private final DtcClient client;
  private final MarketDataListener listener;
  private final QuoteAndDepthMapper quotes;
  private final MarketDataUpdateTrade trade = new MarketDataUpdateTrade();
  private final MarketDataUpdateTradeCompact tradeCompact = new MarketDataUpdateTradeCompact();
  private final MarketDataUpdateTradeWithUnbundledIndicator tradeUnbundled =
      new MarketDataUpdateTradeWithUnbundledIndicator();
  private final MarketDataUpdateTradeWithUnbundledIndicator2 tradeMicros =
      new MarketDataUpdateTradeWithUnbundledIndicator2();
  private final MarketDataUpdateTradeNoTimestamp tradeNoTime = new MarketDataUpdateTradeNoTimestamp();
  private final MarketDataUpdateTradeV2 tradeV2 = new MarketDataUpdateTradeV2();
  private final SecurityDefinitionResponse definition = new SecurityDefinitionResponse();
  private final SecurityDefinitionReject definitionReject = new SecurityDefinitionReject();
  private final HistoricalPriceDataTickRecordResponse tick = new HistoricalPriceDataTickRecordResponse();
  private final HistoricalPriceDataRecordResponse record = new HistoricalPriceDataRecordResponse();
  private final HistoricalPriceDataResponseHeader historyHeader = new HistoricalPriceDataResponseHeader();
  private final HistoricalPriceDataReject historyReject = new HistoricalPriceDataReject();
  private final HistoricalPriceDataResponseTrailer historyTrailer = new HistoricalPriceDataResponseTrailer();
  private final MarketDataReject marketDataReject = new MarketDataReject();
  private final MarketDepthReject depthReject = new MarketDepthReject();
  /** NO_TIMESTAMP trades reuse the time of the symbol's previous trade. */
  private final Long2LongHashMap lastTradeMicros = new Long2LongHashMap(DtcTimes.NONE);

  public MarketDataAdapter(DtcClient client, MarketDataListener listener) {
    this.client = client;
    this.listener = listener;
    this.quotes = new QuoteAndDepthMapper(client, listener);
  }

  @Override
  public void onMessage(int type, DirectBuffer buffer, int offset, int length) {
    switch (type) {
      case MarketDataUpdateTrade.TYPE:
        trade.wrap(buffer, offset, length);
        trade(trade.symbolId(), DtcPrices.decimal(trade.price()), trade.volume(), trade.atBidOrAsk(),
            DtcTimes.fromSeconds(trade.dateTime()));
        break;
      case MarketDataUpdateTradeCompact.TYPE:
        tradeCompact.wrap(buffer, offset, length);
        trade(tradeCompact.symbolId(), DtcPrices.decimal(tradeCompact.price()), tradeCompact.volume(),
            tradeCompact.atBidOrAsk(), DtcTimes.fromSeconds(tradeCompact.dateTime()));
        break;
      case MarketDataUpdateTradeWithUnbundledIndicator.TYPE:
        tradeUnbundled.wrap(buffer, offset, length);
        trade(tradeUnbundled.symbolId(), DtcPrices.decimal(tradeUnbundled.price()), tradeUnbundled.volume(),
            tradeUnbundled.atBidOrAsk(), DtcTimes.fromSeconds(tradeUnbundled.dateTime()));
        break;
      case MarketDataUpdateTradeWithUnbundledIndicator2.TYPE:
        tradeMicros.wrap(buffer, offset, length);
        trade(tradeMicros.symbolId(), DtcPrices.decimal(tradeMicros.price()), tradeMicros.volume(),
            tradeMicros.atBidOrAsk(), DtcTimes.fromMicrosOrMillis(tradeMicros.dateTime()));
        break;
      case MarketDataUpdateTradeV2.TYPE:
        tradeV2.wrap(buffer, offset, length);
        trade(tradeV2.symbolId(), DtcPrices.decimal(tradeV2.price()), tradeV2.volume(), tradeV2.atBidOrAsk(),
            DtcTimes.fromMicrosOrMillis(tradeV2.dateTime()));
        break;
      case MarketDataUpdateTradeNoTimestamp.TYPE:
        tradeNoTime.wrap(buffer, offset, length);
        trade(tradeNoTime.symbolId(), DtcPrices.decimal(tradeNoTime.price()), tradeNoTime.volume(),
            tradeNoTime.atBidOrAsk(), DtcTimes.orZero(lastTradeMicros.get(tradeNoTime.symbolId())));
        break;
      default:
        onOtherMessage(type, buffer, offset, length);
        break;
    }
  }

  private void onOtherMessage(int type, DirectBuffer buffer, int offset, int length) {
    if (quotes.onMessage(type, buffer, offset, length)) {
      return;
    }
    switch (type) {
      case SecurityDefinitionResponse.TYPE:
        securityDefinition(definition.wrap(buffer, offset, length));
        break;
      case HistoricalPriceDataTickRecordResponse.TYPE:
        historicalTick(tick.wrap(buffer, offset, length));
        break;
      case HistoricalPriceDataRecordResponse.TYPE:
        historicalRecord(record.wrap(buffer, offset, length));
        break;
      case HistoricalPriceDataResponseHeader.TYPE:
        historyHeader.wrap(buffer, offset, length);
        if (historyHeader.noRecordsToReturn() != 0) {
          listener.onHistoricalEnd(historyHeader.requestId(), "no records to return");
        }
        break;
      case HistoricalPriceDataReject.TYPE:
        historyReject.wrap(buffer, offset, length);
        listener.onHistoricalEnd(historyReject.requestId(), "rejected: " + historyReject.rejectText());
        break;
      case HistoricalPriceDataResponseTrailer.TYPE:
        listener.onHistoricalComplete(historyTrailer.wrap(buffer, offset, length).requestId());
        break;
      default:
        onReject(type, buffer, offset, length);
        break;
    }
  }

  private void onReject(int type, DirectBuffer buffer, int offset, int length) {
    switch (type) {
      case MarketDataReject.TYPE:
        marketDataReject.wrap(buffer, offset, length);
        listener.onRejected(symbol(marketDataReject.symbolId()), marketDataReject.rejectText());
        break;
      case MarketDepthReject.TYPE:
        depthReject.wrap(buffer, offset, length);
        listener.onRejected(symbol(depthReject.symbolId()), "depth: " + depthReject.rejectText());
        break;
      case SecurityDefinitionReject.TYPE:
        definitionReject.wrap(buffer, offset, length);
        final DataRequest request = client.request(definitionReject.requestId());
        listener.onRejected(request != null ? request.symbol() : "", definitionReject.rejectText());
        break;
      default:
        break;
    }
  }

  private void trade(long symbolId, double price, double volume, int atBidOrAsk, long eventMicros) {
    lastTradeMicros.put(symbolId, eventMicros);
    final Subscription subscription = client.subscription(symbolId);
    listener.onTrade(new MarketEvents.Trade(symbolId, subscription != null ? subscription.symbol() : "",
        subscription != null ? subscription.exchange() : "", price, volume,
        AggressorSide.fromAtBidOrAsk(atBidOrAsk), eventMicros));
  }

  private void securityDefinition(SecurityDefinitionResponse message) {
    listener.onSecurityDefinition(new MarketEvents.SecurityDefinition(message.requestId(), message.symbol(),
        message.exchange(), message.securityType(), message.description(),
        DtcPrices.decimal(message.minPriceIncrement()), DtcPrices.decimal(message.currencyValuePerIncrement()),
        message.priceDisplayFormat(), message.currency(), message.contractSize()));
  }

  private void historicalTick(HistoricalPriceDataTickRecordResponse message) {
    final DataRequest request = client.request(message.requestId());
    listener.onHistoricalTick(new MarketEvents.HistoricalTick(message.requestId(),
        request != null ? request.symbol() : "", request != null ? request.exchange() : "",
        DtcPrices.decimal(message.price()), message.volume(), AggressorSide.fromAtBidOrAsk(message.atBidOrAsk()),
        DtcTimes.fromSeconds(message.dateTime()), message.isFinalRecord() != 0));
  }

  /**
   * A record answering a tick request: a server may send ticks as one-trade records (Sierra Chart keeps them so),
   * the price in LastPrice and the side in where the volume was booked. Records of a bar request are not trades.
   */
  private void historicalRecord(HistoricalPriceDataRecordResponse message) {
    final DataRequest request = client.request(message.requestId());
    if (request == null || request.kind() != DataRequest.Kind.HISTORICAL_TICKS) {
      return;
    }
    listener.onHistoricalTick(new MarketEvents.HistoricalTick(message.requestId(), request.symbol(),
        request.exchange(), DtcPrices.decimal(message.lastPrice()), message.volume(),
        AggressorSide.fromBookedVolume(message.bidVolume(), message.askVolume()),
        DtcTimes.fromMicrosOrSeconds(message.startDateTime()), message.isFinalRecord() != 0));
  }

  private String symbol(long symbolId) {
    final Subscription subscription = client.subscription(symbolId);
    return subscription != null ? subscription.symbol() : "SymbolID " + symbolId;
  }
}
