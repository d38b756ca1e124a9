package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_SESSION_HIGH} (type 114): 24 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateSessionHigh extends DtcFlyweight<MarketDataUpdateSessionHigh> {
  public static final int TYPE = 114;
  public static final int ENCODED_LENGTH = 24;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int PRICE_OFFSET = 8;
  public static final int TRADING_SESSION_DATE_OFFSET = 16;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_SESSION_HIGH", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("TradingSessionDate", TRADING_SESSION_DATE_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateSessionHigh() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateSessionHigh symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDataUpdateSessionHigh price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** TradingSessionDate: uint32 (s) (t_DateTime4Byte). */
  public long tradingSessionDate() {
    return u32(TRADING_SESSION_DATE_OFFSET, 0L);
  }

  public MarketDataUpdateSessionHigh tradingSessionDate(long value) {
    return putU32(TRADING_SESSION_DATE_OFFSET, value);
  }
}
