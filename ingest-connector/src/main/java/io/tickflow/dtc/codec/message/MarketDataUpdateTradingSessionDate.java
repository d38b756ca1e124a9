package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_TRADING_SESSION_DATE} (type 136): 12 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateTradingSessionDate extends DtcFlyweight<MarketDataUpdateTradingSessionDate> {
  public static final int TYPE = 136;
  public static final int ENCODED_LENGTH = 12;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int DATE_OFFSET = 8;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_TRADING_SESSION_DATE", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Date", DATE_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateTradingSessionDate() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateTradingSessionDate symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Date: uint32 (s) (t_DateTime4Byte). */
  public long date() {
    return u32(DATE_OFFSET, 0L);
  }

  public MarketDataUpdateTradingSessionDate date(long value) {
    return putU32(DATE_OFFSET, value);
  }
}
