package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.MessageLayout;
import java.util.List;

/** Every message type the codec knows, by number. */
public final class DtcMessages {
  /** Message types are below 1024 in the header version we implement. */
  private static final int MAX_TYPE = 1024;
  private static final List<MessageLayout> ALL = List.of(
      LogonRequest.LAYOUT,
      LogonResponse.LAYOUT,
      Heartbeat.LAYOUT,
      Logoff.LAYOUT,
      EncodingRequest.LAYOUT,
      EncodingResponse.LAYOUT,
      MarketDataFeedStatus.LAYOUT,
      MarketDataFeedSymbolStatus.LAYOUT,
      TradingSymbolStatus.LAYOUT,
      MarketDataRequest.LAYOUT,
      MarketDataReject.LAYOUT,
      MarketDataSnapshot.LAYOUT,
      MarketDataUpdateTrade.LAYOUT,
      MarketDataUpdateTradeCompact.LAYOUT,
      MarketDataUpdateTradeWithUnbundledIndicator.LAYOUT,
      MarketDataUpdateTradeWithUnbundledIndicator2.LAYOUT,
      MarketDataUpdateTradeV2.LAYOUT,
      MarketDataUpdateTradeNoTimestamp.LAYOUT,
      MarketDataUpdateLastTradeSnapshot.LAYOUT,
      MarketDataUpdateBidAsk.LAYOUT,
      MarketDataUpdateBidAskCompact.LAYOUT,
      MarketDataUpdateBidAskFloatWithMicroseconds.LAYOUT,
      MarketDataUpdateBidAskV2.LAYOUT,
      MarketDataUpdateBidAskNoTimestamp.LAYOUT,
      MarketDataUpdateSessionVolume.LAYOUT,
      MarketDataUpdateSessionOpen.LAYOUT,
      MarketDataUpdateSessionHigh.LAYOUT,
      MarketDataUpdateSessionLow.LAYOUT,
      MarketDataUpdateSessionSettlement.LAYOUT,
      MarketDataUpdateSessionNumTrades.LAYOUT,
      MarketDataUpdateTradingSessionDate.LAYOUT,
      MarketDataUpdateOpenInterest.LAYOUT,
      MarketDepthRequest.LAYOUT,
      MarketDepthReject.LAYOUT,
      MarketDepthSnapshotLevel.LAYOUT,
      MarketDepthSnapshotLevelFloat.LAYOUT,
      MarketDepthUpdateLevel.LAYOUT,
      MarketDepthUpdateLevelFloatWithMilliseconds.LAYOUT,
      MarketDepthUpdateLevelNoTimestamp.LAYOUT,
      MarketDepthUpdateLevelV2.LAYOUT,
      SecurityDefinitionForSymbolRequest.LAYOUT,
      SecurityDefinitionResponse.LAYOUT,
      SecurityDefinitionReject.LAYOUT,
      HistoricalPriceDataRequest.LAYOUT,
      HistoricalPriceDataResponseHeader.LAYOUT,
      HistoricalPriceDataReject.LAYOUT,
      HistoricalPriceDataRecordResponse.LAYOUT,
      HistoricalPriceDataTickRecordResponse.LAYOUT,
      HistoricalPriceDataResponseTrailer.LAYOUT);
  private static final MessageLayout[] BY_TYPE = new MessageLayout[MAX_TYPE];

  static {
    for (MessageLayout layout : ALL) {
      BY_TYPE[layout.type()] = layout;
    }
  }

  private DtcMessages() {
  }

  /** All known layouts, in the order of the protocol notes. */
  public static List<MessageLayout> all() {
    return ALL;
  }

  /** The layout of a message type, or {@code null} when the codec does not know the type. */
  public static MessageLayout layout(int type) {
    return type >= 0 && type < MAX_TYPE ? BY_TYPE[type] : null;
  }

  public static boolean isKnown(int type) {
    return layout(type) != null;
  }

  /** The header's constant name, or "UNKNOWN_&lt;type&gt;". */
  public static String name(int type) {
    final MessageLayout layout = layout(type);
    return layout != null ? layout.name() : "UNKNOWN_" + type;
  }
}
