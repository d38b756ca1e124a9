package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DEPTH_SNAPSHOT_LEVEL_FLOAT} (type 145): 24 bytes, pack(1) in the official header.
 */
public final class MarketDepthSnapshotLevelFloat extends DtcFlyweight<MarketDepthSnapshotLevelFloat> {
  public static final int TYPE = 145;
  public static final int ENCODED_LENGTH = 24;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int PRICE_OFFSET = 8;
  public static final int QUANTITY_OFFSET = 12;
  public static final int NUM_ORDERS_OFFSET = 16;
  public static final int LEVEL_OFFSET = 20;
  public static final int SIDE_OFFSET = 22;
  public static final int FINAL_UPDATE_IN_BATCH_OFFSET = 23;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DEPTH_SNAPSHOT_LEVEL_FLOAT", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Price", PRICE_OFFSET, WireType.F32)
      .field("Quantity", QUANTITY_OFFSET, WireType.F32)
      .field("NumOrders", NUM_ORDERS_OFFSET, WireType.U32)
      .field("Level", LEVEL_OFFSET, WireType.U16)
      .field("Side", SIDE_OFFSET, WireType.U8)
      .field("FinalUpdateInBatch", FINAL_UPDATE_IN_BATCH_OFFSET, WireType.U8)
      .build();

  public MarketDepthSnapshotLevelFloat() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDepthSnapshotLevelFloat symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Price: float. */
  public float price() {
    return f32(PRICE_OFFSET, 0f);
  }

  public MarketDepthSnapshotLevelFloat price(float value) {
    return putF32(PRICE_OFFSET, value);
  }

  /** Quantity: float. */
  public float quantity() {
    return f32(QUANTITY_OFFSET, 0f);
  }

  public MarketDepthSnapshotLevelFloat quantity(float value) {
    return putF32(QUANTITY_OFFSET, value);
  }

  /** NumOrders: uint32_t. */
  public long numOrders() {
    return u32(NUM_ORDERS_OFFSET, 0L);
  }

  public MarketDepthSnapshotLevelFloat numOrders(long value) {
    return putU32(NUM_ORDERS_OFFSET, value);
  }

  /** Level: uint16_t. */
  public int level() {
    return u16(LEVEL_OFFSET, 0);
  }

  public MarketDepthSnapshotLevelFloat level(int value) {
    return putU16(LEVEL_OFFSET, value);
  }

  /** Side: uint8 enum (AtBidOrAskEnum8). */
  public int side() {
    return u8(SIDE_OFFSET, 0);
  }

  public MarketDepthSnapshotLevelFloat side(int value) {
    return putU8(SIDE_OFFSET, value);
  }

  /** FinalUpdateInBatch: uint8 enum (FinalUpdateInBatchEnum). */
  public int finalUpdateInBatch() {
    return u8(FINAL_UPDATE_IN_BATCH_OFFSET, 0);
  }

  public MarketDepthSnapshotLevelFloat finalUpdateInBatch(int value) {
    return putU8(FINAL_UPDATE_IN_BATCH_OFFSET, value);
  }
}
