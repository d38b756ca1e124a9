package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_SESSION_NUM_TRADES} (type 135): 16 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateSessionNumTrades extends DtcFlyweight<MarketDataUpdateSessionNumTrades> {
  public static final int TYPE = 135;
  public static final int ENCODED_LENGTH = 16;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int NUM_TRADES_OFFSET = 8;
  public static final int TRADING_SESSION_DATE_OFFSET = 12;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_SESSION_NUM_TRADES", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("NumTrades", NUM_TRADES_OFFSET, WireType.I32)
      .field("TradingSessionDate", TRADING_SESSION_DATE_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateSessionNumTrades() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateSessionNumTrades symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** NumTrades: int32_t. */
  public int numTrades() {
    return i32(NUM_TRADES_OFFSET, 0);
  }

  public MarketDataUpdateSessionNumTrades numTrades(int value) {
    return putI32(NUM_TRADES_OFFSET, value);
  }

  /** TradingSessionDate: uint32 (s) (t_DateTime4Byte). */
  public long tradingSessionDate() {
    return u32(TRADING_SESSION_DATE_OFFSET, 0L);
  }

  public MarketDataUpdateSessionNumTrades tradingSessionDate(long value) {
    return putU32(TRADING_SESSION_DATE_OFFSET, value);
  }
}
