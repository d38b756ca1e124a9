package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code TRADING_SYMBOL_STATUS} (type 138): 12 bytes, pack(8) in the official header.
 */
public final class TradingSymbolStatus extends DtcFlyweight<TradingSymbolStatus> {
  public static final int TYPE = 138;
  public static final int ENCODED_LENGTH = 12;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int STATUS_OFFSET = 8;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "TRADING_SYMBOL_STATUS", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Status", STATUS_OFFSET, WireType.I8)
      .build();

  public TradingSymbolStatus() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public TradingSymbolStatus symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Status: int8 enum (TradingStatusEnum). */
  public int status() {
    return i8(STATUS_OFFSET, 0);
  }

  public TradingSymbolStatus status(int value) {
    return putU8(STATUS_OFFSET, value);
  }
}
