package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_OPEN_INTEREST} (type 124): 16 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateOpenInterest extends DtcFlyweight<MarketDataUpdateOpenInterest> {
  public static final int TYPE = 124;
  public static final int ENCODED_LENGTH = 16;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int OPEN_INTEREST_OFFSET = 8;
  public static final int TRADING_SESSION_DATE_OFFSET = 12;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_OPEN_INTEREST", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("OpenInterest", OPEN_INTEREST_OFFSET, WireType.U32)
      .field("TradingSessionDate", TRADING_SESSION_DATE_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateOpenInterest() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateOpenInterest symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** OpenInterest: uint32_t. */
  public long openInterest() {
    return u32(OPEN_INTEREST_OFFSET, 0L);
  }

  public MarketDataUpdateOpenInterest openInterest(long value) {
    return putU32(OPEN_INTEREST_OFFSET, value);
  }

  /** TradingSessionDate: uint32 (s) (t_DateTime4Byte). */
  public long tradingSessionDate() {
    return u32(TRADING_SESSION_DATE_OFFSET, 0L);
  }

  public MarketDataUpdateOpenInterest tradingSessionDate(long value) {
    return putU32(TRADING_SESSION_DATE_OFFSET, value);
  }
}
