package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DEPTH_UPDATE_LEVEL_FLOAT_WITH_MILLISECONDS} (type 140): 29 bytes, pack(1) in the official header.
 */
public final class MarketDepthUpdateLevelFloatWithMilliseconds extends DtcFlyweight<MarketDepthUpdateLevelFloatWithMilliseconds> {
  public static final int TYPE = 140;
  public static final int ENCODED_LENGTH = 29;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int DATE_TIME_OFFSET = 8;
  public static final int PRICE_OFFSET = 16;
  public static final int QUANTITY_OFFSET = 20;
  public static final int SIDE_OFFSET = 24;
  public static final int UPDATE_TYPE_OFFSET = 25;
  public static final int NUM_ORDERS_OFFSET = 26;
  public static final int FINAL_UPDATE_IN_BATCH_OFFSET = 28;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DEPTH_UPDATE_LEVEL_FLOAT_WITH_MILLISECONDS", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.I64)
      .field("Price", PRICE_OFFSET, WireType.F32)
      .field("Quantity", QUANTITY_OFFSET, WireType.F32)
      .field("Side", SIDE_OFFSET, WireType.U8)
      .field("UpdateType", UPDATE_TYPE_OFFSET, WireType.U8)
      .field("NumOrders", NUM_ORDERS_OFFSET, WireType.U16)
      .field("FinalUpdateInBatch", FINAL_UPDATE_IN_BATCH_OFFSET, WireType.U8)
      .build();

  public MarketDepthUpdateLevelFloatWithMilliseconds() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** DateTime: int64 (ms) (t_DateTimeWithMillisecondsInt). */
  public long dateTime() {
    return i64(DATE_TIME_OFFSET, 0L);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds dateTime(long value) {
    return putI64(DATE_TIME_OFFSET, value);
  }

  /** Price: float. */
  public float price() {
    return f32(PRICE_OFFSET, 0f);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds price(float value) {
    return putF32(PRICE_OFFSET, value);
  }

  /** Quantity: float. */
  public float quantity() {
    return f32(QUANTITY_OFFSET, 0f);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds quantity(float value) {
    return putF32(QUANTITY_OFFSET, value);
  }

  /** Side: uint8 enum (AtBidOrAskEnum8). */
  public int side() {
    return u8(SIDE_OFFSET, 0);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds side(int value) {
    return putU8(SIDE_OFFSET, value);
  }

  /** UpdateType: uint8 enum (MarketDepthUpdateTypeEnum). */
  public int updateType() {
    return u8(UPDATE_TYPE_OFFSET, 0);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds updateType(int value) {
    return putU8(UPDATE_TYPE_OFFSET, value);
  }

  /** NumOrders: uint16_t. */
  public int numOrders() {
    return u16(NUM_ORDERS_OFFSET, 0);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds numOrders(int value) {
    return putU16(NUM_ORDERS_OFFSET, value);
  }

  /** FinalUpdateInBatch: uint8 enum (FinalUpdateInBatchEnum). */
  public int finalUpdateInBatch() {
    return u8(FINAL_UPDATE_IN_BATCH_OFFSET, 0);
  }

  public MarketDepthUpdateLevelFloatWithMilliseconds finalUpdateInBatch(int value) {
    return putU8(FINAL_UPDATE_IN_BATCH_OFFSET, value);
  }
}
