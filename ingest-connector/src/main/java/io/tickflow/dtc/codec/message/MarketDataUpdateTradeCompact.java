package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_TRADE_COMPACT} (type 112): 24 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateTradeCompact extends DtcFlyweight<MarketDataUpdateTradeCompact> {
  public static final int TYPE = 112;
  public static final int ENCODED_LENGTH = 24;
  public static final int PRICE_OFFSET = 4;
  public static final int VOLUME_OFFSET = 8;
  public static final int DATE_TIME_OFFSET = 12;
  public static final int SYMBOL_ID_OFFSET = 16;
  public static final int AT_BID_OR_ASK_OFFSET = 20;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_TRADE_COMPACT", ENCODED_LENGTH)
      .field("Price", PRICE_OFFSET, WireType.F32)
      .field("Volume", VOLUME_OFFSET, WireType.F32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.U32)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("AtBidOrAsk", AT_BID_OR_ASK_OFFSET, WireType.U16)
      .build();

  public MarketDataUpdateTradeCompact() {
    super(LAYOUT);
  }

  /** Price: float. */
  public float price() {
    return f32(PRICE_OFFSET, 0f);
  }

  public MarketDataUpdateTradeCompact price(float value) {
    return putF32(PRICE_OFFSET, value);
  }

  /** Volume: float. */
  public float volume() {
    return f32(VOLUME_OFFSET, 0f);
  }

  public MarketDataUpdateTradeCompact volume(float value) {
    return putF32(VOLUME_OFFSET, value);
  }

  /** DateTime: uint32 (s) (t_DateTime4Byte). */
  public long dateTime() {
    return u32(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateTradeCompact dateTime(long value) {
    return putU32(DATE_TIME_OFFSET, value);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateTradeCompact symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** AtBidOrAsk: uint16 enum (AtBidOrAskEnum). */
  public int atBidOrAsk() {
    return u16(AT_BID_OR_ASK_OFFSET, 0);
  }

  public MarketDataUpdateTradeCompact atBidOrAsk(int value) {
    return putU16(AT_BID_OR_ASK_OFFSET, value);
  }
}
