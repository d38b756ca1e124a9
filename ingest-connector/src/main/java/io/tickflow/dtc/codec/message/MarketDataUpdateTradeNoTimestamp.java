package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP} (type 142): 19 bytes, pack(1) in the official header.
 */
public final class MarketDataUpdateTradeNoTimestamp extends DtcFlyweight<MarketDataUpdateTradeNoTimestamp> {
  public static final int TYPE = 142;
  public static final int ENCODED_LENGTH = 19;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int PRICE_OFFSET = 8;
  public static final int VOLUME_OFFSET = 12;
  public static final int AT_BID_OR_ASK_OFFSET = 16;
  public static final int UNBUNDLED_TRADE_INDICATOR_OFFSET = 17;
  public static final int TRADE_CONDITION_OFFSET = 18;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F32)
      .field("Volume", VOLUME_OFFSET, WireType.U32)
      .field("AtBidOrAsk", AT_BID_OR_ASK_OFFSET, WireType.U8)
      .field("UnbundledTradeIndicator", UNBUNDLED_TRADE_INDICATOR_OFFSET, WireType.I8)
      .field("TradeCondition", TRADE_CONDITION_OFFSET, WireType.I8)
      .build();

  public MarketDataUpdateTradeNoTimestamp() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateTradeNoTimestamp symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Price: float. */
  public float price() {
    return f32(PRICE_OFFSET, 0f);
  }

  public MarketDataUpdateTradeNoTimestamp price(float value) {
    return putF32(PRICE_OFFSET, value);
  }

  /** Volume: uint32_t. */
  public long volume() {
    return u32(VOLUME_OFFSET, 0L);
  }

  public MarketDataUpdateTradeNoTimestamp volume(long value) {
    return putU32(VOLUME_OFFSET, value);
  }

  /** AtBidOrAsk: uint8 enum (AtBidOrAskEnum8). */
  public int atBidOrAsk() {
    return u8(AT_BID_OR_ASK_OFFSET, 0);
  }

  public MarketDataUpdateTradeNoTimestamp atBidOrAsk(int value) {
    return putU8(AT_BID_OR_ASK_OFFSET, value);
  }

  /** UnbundledTradeIndicator: int8 enum (UnbundledTradeIndicatorEnum). */
  public int unbundledTradeIndicator() {
    return i8(UNBUNDLED_TRADE_INDICATOR_OFFSET, 0);
  }

  public MarketDataUpdateTradeNoTimestamp unbundledTradeIndicator(int value) {
    return putU8(UNBUNDLED_TRADE_INDICATOR_OFFSET, value);
  }

  /** TradeCondition: int8 enum (TradeConditionEnum). */
  public int tradeCondition() {
    return i8(TRADE_CONDITION_OFFSET, 0);
  }

  public MarketDataUpdateTradeNoTimestamp tradeCondition(int value) {
    return putU8(TRADE_CONDITION_OFFSET, value);
  }
}
