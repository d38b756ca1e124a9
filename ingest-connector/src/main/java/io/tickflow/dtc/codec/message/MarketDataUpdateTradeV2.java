package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_TRADE_V2} (type 147): 40 bytes, pack(8). Newer than the header the
 * byte-exact vectors come from, which marks the older trade variants "to be removed"; offsets as that newer header
 * compiles them (docs/dtc.md, "V2 messages").
 */
public final class MarketDataUpdateTradeV2 extends DtcFlyweight<MarketDataUpdateTradeV2> {
  public static final int TYPE = 147;
  public static final int ENCODED_LENGTH = 40;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int PRICE_OFFSET = 8;
  public static final int VOLUME_OFFSET = 16;
  public static final int DATE_TIME_OFFSET = 24;
  public static final int AT_BID_OR_ASK_OFFSET = 32;
  public static final int UNBUNDLED_TRADE_INDICATOR_OFFSET = 33;
  public static final int TRADE_CONDITION_OFFSET = 34;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_TRADE_V2", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Volume", VOLUME_OFFSET, WireType.F64)
      .field("DateTime", DATE_TIME_OFFSET, WireType.I64)
      .field("AtBidOrAsk", AT_BID_OR_ASK_OFFSET, WireType.U8)
      .field("UnbundledTradeIndicator", UNBUNDLED_TRADE_INDICATOR_OFFSET, WireType.I8)
      .field("TradeCondition", TRADE_CONDITION_OFFSET, WireType.I8)
      .build();

  public MarketDataUpdateTradeV2() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateTradeV2 symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDataUpdateTradeV2 price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Volume: double. */
  public double volume() {
    return f64(VOLUME_OFFSET, 0.0);
  }

  public MarketDataUpdateTradeV2 volume(double value) {
    return putF64(VOLUME_OFFSET, value);
  }

  /** DateTime: int64 (us) (t_DateTimeWithMicrosecondsInt). */
  public long dateTime() {
    return i64(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateTradeV2 dateTime(long value) {
    return putI64(DATE_TIME_OFFSET, value);
  }

  /** AtBidOrAsk: uint8 enum (AtBidOrAskEnum8). */
  public int atBidOrAsk() {
    return u8(AT_BID_OR_ASK_OFFSET, 0);
  }

  public MarketDataUpdateTradeV2 atBidOrAsk(int value) {
    return putU8(AT_BID_OR_ASK_OFFSET, value);
  }

  /** UnbundledTradeIndicator: int8 enum (UnbundledTradeIndicatorEnum). */
  public int unbundledTradeIndicator() {
    return i8(UNBUNDLED_TRADE_INDICATOR_OFFSET, 0);
  }

  public MarketDataUpdateTradeV2 unbundledTradeIndicator(int value) {
    return putU8(UNBUNDLED_TRADE_INDICATOR_OFFSET, value);
  }

  /** TradeCondition: int8 enum (TradeConditionEnum). */
  public int tradeCondition() {
    return i8(TRADE_CONDITION_OFFSET, 0);
  }

  public MarketDataUpdateTradeV2 tradeCondition(int value) {
    return putU8(TRADE_CONDITION_OFFSET, value);
  }
}
