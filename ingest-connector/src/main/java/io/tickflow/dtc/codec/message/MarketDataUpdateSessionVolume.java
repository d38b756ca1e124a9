package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_SESSION_VOLUME} (type 113): 24 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateSessionVolume extends DtcFlyweight<MarketDataUpdateSessionVolume> {
  public static final int TYPE = 113;
  public static final int ENCODED_LENGTH = 24;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int VOLUME_OFFSET = 8;
  public static final int TRADING_SESSION_DATE_OFFSET = 16;
  public static final int IS_FINAL_SESSION_VOLUME_OFFSET = 20;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_SESSION_VOLUME", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Volume", VOLUME_OFFSET, WireType.F64)
      .field("TradingSessionDate", TRADING_SESSION_DATE_OFFSET, WireType.U32)
      .field("IsFinalSessionVolume", IS_FINAL_SESSION_VOLUME_OFFSET, WireType.U8)
      .build();

  public MarketDataUpdateSessionVolume() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateSessionVolume symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Volume: double. */
  public double volume() {
    return f64(VOLUME_OFFSET, 0.0);
  }

  public MarketDataUpdateSessionVolume volume(double value) {
    return putF64(VOLUME_OFFSET, value);
  }

  /** TradingSessionDate: uint32 (s) (t_DateTime4Byte). */
  public long tradingSessionDate() {
    return u32(TRADING_SESSION_DATE_OFFSET, 0L);
  }

  public MarketDataUpdateSessionVolume tradingSessionDate(long value) {
    return putU32(TRADING_SESSION_DATE_OFFSET, value);
  }

  /** IsFinalSessionVolume: uint8_t. */
  public int isFinalSessionVolume() {
    return u8(IS_FINAL_SESSION_VOLUME_OFFSET, 0);
  }

  public MarketDataUpdateSessionVolume isFinalSessionVolume(int value) {
    return putU8(IS_FINAL_SESSION_VOLUME_OFFSET, value);
  }
}
