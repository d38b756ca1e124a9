package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_SESSION_SETTLEMENT} (type 119): 24 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateSessionSettlement extends DtcFlyweight<MarketDataUpdateSessionSettlement> {
  public static final int TYPE = 119;
  public static final int ENCODED_LENGTH = 24;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int PRICE_OFFSET = 8;
  public static final int DATE_TIME_OFFSET = 16;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_SESSION_SETTLEMENT", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("DateTime", DATE_TIME_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateSessionSettlement() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateSessionSettlement symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDataUpdateSessionSettlement price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** DateTime: uint32 (s) (t_DateTime4Byte). */
  public long dateTime() {
    return u32(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateSessionSettlement dateTime(long value) {
    return putU32(DATE_TIME_OFFSET, value);
  }
}
