package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_TRADE} (type 107): 40 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateTrade extends DtcFlyweight<MarketDataUpdateTrade> {
  public static final int TYPE = 107;
  public static final int ENCODED_LENGTH = 40;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int AT_BID_OR_ASK_OFFSET = 8;
  public static final int PRICE_OFFSET = 16;
  public static final int VOLUME_OFFSET = 24;
  public static final int DATE_TIME_OFFSET = 32;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_TRADE", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("AtBidOrAsk", AT_BID_OR_ASK_OFFSET, WireType.U16)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Volume", VOLUME_OFFSET, WireType.F64)
      .field("DateTime", DATE_TIME_OFFSET, WireType.F64)
      .build();

  public MarketDataUpdateTrade() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateTrade symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** AtBidOrAsk: uint16 enum (AtBidOrAskEnum). */
  public int atBidOrAsk() {
    return u16(AT_BID_OR_ASK_OFFSET, 0);
  }

  public MarketDataUpdateTrade atBidOrAsk(int value) {
    return putU16(AT_BID_OR_ASK_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDataUpdateTrade price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Volume: double. */
  public double volume() {
    return f64(VOLUME_OFFSET, 0.0);
  }

  public MarketDataUpdateTrade volume(double value) {
    return putF64(VOLUME_OFFSET, value);
  }

  /** DateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double dateTime() {
    return f64(DATE_TIME_OFFSET, 0.0);
  }

  public MarketDataUpdateTrade dateTime(double value) {
    return putF64(DATE_TIME_OFFSET, value);
  }
}
