package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT} (type 134): 32 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateLastTradeSnapshot extends DtcFlyweight<MarketDataUpdateLastTradeSnapshot> {
  public static final int TYPE = 134;
  public static final int ENCODED_LENGTH = 32;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int LAST_TRADE_PRICE_OFFSET = 8;
  public static final int LAST_TRADE_VOLUME_OFFSET = 16;
  public static final int LAST_TRADE_DATE_TIME_OFFSET = 24;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("LastTradePrice", LAST_TRADE_PRICE_OFFSET, WireType.F64)
      .field("LastTradeVolume", LAST_TRADE_VOLUME_OFFSET, WireType.F64)
      .field("LastTradeDateTime", LAST_TRADE_DATE_TIME_OFFSET, WireType.F64)
      .build();

  public MarketDataUpdateLastTradeSnapshot() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateLastTradeSnapshot symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** LastTradePrice: double. */
  public double lastTradePrice() {
    return f64(LAST_TRADE_PRICE_OFFSET, 0.0);
  }

  public MarketDataUpdateLastTradeSnapshot lastTradePrice(double value) {
    return putF64(LAST_TRADE_PRICE_OFFSET, value);
  }

  /** LastTradeVolume: double. */
  public double lastTradeVolume() {
    return f64(LAST_TRADE_VOLUME_OFFSET, 0.0);
  }

  public MarketDataUpdateLastTradeSnapshot lastTradeVolume(double value) {
    return putF64(LAST_TRADE_VOLUME_OFFSET, value);
  }

  /** LastTradeDateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double lastTradeDateTime() {
    return f64(LAST_TRADE_DATE_TIME_OFFSET, 0.0);
  }

  public MarketDataUpdateLastTradeSnapshot lastTradeDateTime(double value) {
    return putF64(LAST_TRADE_DATE_TIME_OFFSET, value);
  }
}
