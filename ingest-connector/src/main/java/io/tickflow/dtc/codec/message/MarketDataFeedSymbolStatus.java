package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_FEED_SYMBOL_STATUS} (type 116): 12 bytes, pack(8) in the official header.
 */
public final class MarketDataFeedSymbolStatus extends DtcFlyweight<MarketDataFeedSymbolStatus> {
  public static final int TYPE = 116;
  public static final int ENCODED_LENGTH = 12;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int STATUS_OFFSET = 8;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_FEED_SYMBOL_STATUS", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Status", STATUS_OFFSET, WireType.I32)
      .build();

  public MarketDataFeedSymbolStatus() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataFeedSymbolStatus symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Status: int32 enum (MarketDataFeedStatusEnum). */
  public int status() {
    return i32(STATUS_OFFSET, 0);
  }

  public MarketDataFeedSymbolStatus status(int value) {
    return putI32(STATUS_OFFSET, value);
  }
}
