package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DEPTH_UPDATE_LEVEL_V2} (type 109): 39 bytes, pack(1). Newer than the header the
 * byte-exact vectors come from; offsets as that newer header compiles them (docs/dtc.md, "V2 messages").
 */
public final class MarketDepthUpdateLevelV2 extends DtcFlyweight<MarketDepthUpdateLevelV2> {
  public static final int TYPE = 109;
  public static final int ENCODED_LENGTH = 39;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int DATE_TIME_OFFSET = 8;
  public static final int PRICE_OFFSET = 16;
  public static final int QUANTITY_OFFSET = 24;
  public static final int NUM_ORDERS_OFFSET = 32;
  public static final int LEVEL_OFFSET = 34;
  public static final int SIDE_OFFSET = 36;
  public static final int UPDATE_TYPE_OFFSET = 37;
  public static final int FINAL_UPDATE_IN_BATCH_OFFSET = 38;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DEPTH_UPDATE_LEVEL_V2", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.I64)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Quantity", QUANTITY_OFFSET, WireType.F64)
      .field("NumOrders", NUM_ORDERS_OFFSET, WireType.U16)
      .field("Level", LEVEL_OFFSET, WireType.U16)
      .field("Side", SIDE_OFFSET, WireType.U8)
      .field("UpdateType", UPDATE_TYPE_OFFSET, WireType.U8)
      .field("FinalUpdateInBatch", FINAL_UPDATE_IN_BATCH_OFFSET, WireType.U8)
      .build();

  public MarketDepthUpdateLevelV2() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDepthUpdateLevelV2 symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** DateTime: int64 (ms) (t_DateTimeWithMillisecondsInt). */
  public long dateTime() {
    return i64(DATE_TIME_OFFSET, 0L);
  }

  public MarketDepthUpdateLevelV2 dateTime(long value) {
    return putI64(DATE_TIME_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDepthUpdateLevelV2 price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Quantity: double. */
  public double quantity() {
    return f64(QUANTITY_OFFSET, 0.0);
  }

  public MarketDepthUpdateLevelV2 quantity(double value) {
    return putF64(QUANTITY_OFFSET, value);
  }

  /** NumOrders: uint16_t. */
  public int numOrders() {
    return u16(NUM_ORDERS_OFFSET, 0);
  }

  public MarketDepthUpdateLevelV2 numOrders(int value) {
    return putU16(NUM_ORDERS_OFFSET, value);
  }

  /** Level: uint16_t. */
  public int level() {
    return u16(LEVEL_OFFSET, 0);
  }

  public MarketDepthUpdateLevelV2 level(int value) {
    return putU16(LEVEL_OFFSET, value);
  }

  /** Side: uint8 enum (AtBidOrAskEnum8). */
  public int side() {
    return u8(SIDE_OFFSET, 0);
  }

  public MarketDepthUpdateLevelV2 side(int value) {
    return putU8(SIDE_OFFSET, value);
  }

  /** UpdateType: uint8 enum (MarketDepthUpdateTypeEnum). */
  public int updateType() {
    return u8(UPDATE_TYPE_OFFSET, 0);
  }

  public MarketDepthUpdateLevelV2 updateType(int value) {
    return putU8(UPDATE_TYPE_OFFSET, value);
  }

  /** FinalUpdateInBatch: uint8 enum (FinalUpdateInBatchEnum). */
  public int finalUpdateInBatch() {
    return u8(FINAL_UPDATE_IN_BATCH_OFFSET, 0);
  }

  public MarketDepthUpdateLevelV2 finalUpdateInBatch(int value) {
    return putU8(FINAL_UPDATE_IN_BATCH_OFFSET, value);
  }
}
