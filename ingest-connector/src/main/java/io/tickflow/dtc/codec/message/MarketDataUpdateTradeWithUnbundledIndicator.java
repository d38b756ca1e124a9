package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR} (type 137): 40 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateTradeWithUnbundledIndicator extends DtcFlyweight<MarketDataUpdateTradeWithUnbundledIndicator> {
  public static final int TYPE = 137;
  public static final int ENCODED_LENGTH = 40;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int AT_BID_OR_ASK_OFFSET = 8;
  public static final int UNBUNDLED_TRADE_INDICATOR_OFFSET = 9;
  public static final int TRADE_CONDITION_OFFSET = 10;
  public static final int RESERVE_1_OFFSET = 11;
  public static final int RESERVE_2_OFFSET = 12;
  public static final int PRICE_OFFSET = 16;
  public static final int VOLUME_OFFSET = 24;
  public static final int RESERVE_3_OFFSET = 28;
  public static final int DATE_TIME_OFFSET = 32;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("AtBidOrAsk", AT_BID_OR_ASK_OFFSET, WireType.U8)
      .field("UnbundledTradeIndicator", UNBUNDLED_TRADE_INDICATOR_OFFSET, WireType.I8)
      .field("TradeCondition", TRADE_CONDITION_OFFSET, WireType.U8)
      .field("Reserve_1", RESERVE_1_OFFSET, WireType.U8)
      .field("Reserve_2", RESERVE_2_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Volume", VOLUME_OFFSET, WireType.U32)
      .field("Reserve_3", RESERVE_3_OFFSET, WireType.U32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.F64)
      .build();

  public MarketDataUpdateTradeWithUnbundledIndicator() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** AtBidOrAsk: uint8 enum (AtBidOrAskEnum8). */
  public int atBidOrAsk() {
    return u8(AT_BID_OR_ASK_OFFSET, 0);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator atBidOrAsk(int value) {
    return putU8(AT_BID_OR_ASK_OFFSET, value);
  }

  /** UnbundledTradeIndicator: int8 enum (UnbundledTradeIndicatorEnum). */
  public int unbundledTradeIndicator() {
    return i8(UNBUNDLED_TRADE_INDICATOR_OFFSET, 0);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator unbundledTradeIndicator(int value) {
    return putU8(UNBUNDLED_TRADE_INDICATOR_OFFSET, value);
  }

  /** TradeCondition: uint8_t. */
  public int tradeCondition() {
    return u8(TRADE_CONDITION_OFFSET, 0);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator tradeCondition(int value) {
    return putU8(TRADE_CONDITION_OFFSET, value);
  }

  /** Reserve_1: uint8_t. */
  public int reserve1() {
    return u8(RESERVE_1_OFFSET, 0);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator reserve1(int value) {
    return putU8(RESERVE_1_OFFSET, value);
  }

  /** Reserve_2: uint32_t. */
  public long reserve2() {
    return u32(RESERVE_2_OFFSET, 0L);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator reserve2(long value) {
    return putU32(RESERVE_2_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Volume: uint32_t. */
  public long volume() {
    return u32(VOLUME_OFFSET, 0L);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator volume(long value) {
    return putU32(VOLUME_OFFSET, value);
  }

  /** Reserve_3: uint32_t. */
  public long reserve3() {
    return u32(RESERVE_3_OFFSET, 0L);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator reserve3(long value) {
    return putU32(RESERVE_3_OFFSET, value);
  }

  /** DateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double dateTime() {
    return f64(DATE_TIME_OFFSET, 0.0);
  }

  public MarketDataUpdateTradeWithUnbundledIndicator dateTime(double value) {
    return putF64(DATE_TIME_OFFSET, value);
  }
}
