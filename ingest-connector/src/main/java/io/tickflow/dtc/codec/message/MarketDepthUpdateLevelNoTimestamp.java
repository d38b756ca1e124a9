package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DEPTH_UPDATE_LEVEL_NO_TIMESTAMP} (type 141): 21 bytes, pack(1) in the official header.
 */
public final class MarketDepthUpdateLevelNoTimestamp extends DtcFlyweight<MarketDepthUpdateLevelNoTimestamp> {
  public static final int TYPE = 141;
  public static final int ENCODED_LENGTH = 21;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int PRICE_OFFSET = 8;
  public static final int QUANTITY_OFFSET = 12;
  public static final int NUM_ORDERS_OFFSET = 16;
  public static final int SIDE_OFFSET = 18;
  public static final int UPDATE_TYPE_OFFSET = 19;
  public static final int FINAL_UPDATE_IN_BATCH_OFFSET = 20;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DEPTH_UPDATE_LEVEL_NO_TIMESTAMP", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F32)
      .field("Quantity", QUANTITY_OFFSET, WireType.F32)
      .field("NumOrders", NUM_ORDERS_OFFSET, WireType.U16)
      .field("Side", SIDE_OFFSET, WireType.I8)
      .field("UpdateType", UPDATE_TYPE_OFFSET, WireType.I8)
      .field("FinalUpdateInBatch", FINAL_UPDATE_IN_BATCH_OFFSET, WireType.U8)
      .build();

  public MarketDepthUpdateLevelNoTimestamp() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDepthUpdateLevelNoTimestamp symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Price: float. */
  public float price() {
    return f32(PRICE_OFFSET, 0f);
  }

  public MarketDepthUpdateLevelNoTimestamp price(float value) {
    return putF32(PRICE_OFFSET, value);
  }

  /** Quantity: float. */
  public float quantity() {
    return f32(QUANTITY_OFFSET, 0f);
  }

  public MarketDepthUpdateLevelNoTimestamp quantity(float value) {
    return putF32(QUANTITY_OFFSET, value);
  }

  /** NumOrders: uint16_t. */
  public int numOrders() {
    return u16(NUM_ORDERS_OFFSET, 0);
  }

  public MarketDepthUpdateLevelNoTimestamp numOrders(int value) {
    return putU16(NUM_ORDERS_OFFSET, value);
  }

  /** Side: int8_t. */
  public int side() {
    return i8(SIDE_OFFSET, 0);
  }

  public MarketDepthUpdateLevelNoTimestamp side(int value) {
    return putU8(SIDE_OFFSET, value);
  }

  /** UpdateType: int8_t. */
  public int updateType() {
    return i8(UPDATE_TYPE_OFFSET, 0);
  }

  public MarketDepthUpdateLevelNoTimestamp updateType(int value) {
    return putU8(UPDATE_TYPE_OFFSET, value);
  }

  /** FinalUpdateInBatch: uint8 enum (FinalUpdateInBatchEnum). */
  public int finalUpdateInBatch() {
    return u8(FINAL_UPDATE_IN_BATCH_OFFSET, 0);
  }

  public MarketDepthUpdateLevelNoTimestamp finalUpdateInBatch(int value) {
    return putU8(FINAL_UPDATE_IN_BATCH_OFFSET, value);
  }
}
