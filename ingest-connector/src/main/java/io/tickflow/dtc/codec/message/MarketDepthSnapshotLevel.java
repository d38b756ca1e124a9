package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DEPTH_SNAPSHOT_LEVEL} (type 122): 56 bytes, pack(8) in the official header.
 */
public final class MarketDepthSnapshotLevel extends DtcFlyweight<MarketDepthSnapshotLevel> {
  public static final int TYPE = 122;
  public static final int ENCODED_LENGTH = 56;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int SIDE_OFFSET = 8;
  public static final int PRICE_OFFSET = 16;
  public static final int QUANTITY_OFFSET = 24;
  public static final int LEVEL_OFFSET = 32;
  public static final int IS_FIRST_MESSAGE_IN_BATCH_OFFSET = 34;
  public static final int IS_LAST_MESSAGE_IN_BATCH_OFFSET = 35;
  public static final int DATE_TIME_OFFSET = 40;
  public static final int NUM_ORDERS_OFFSET = 48;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DEPTH_SNAPSHOT_LEVEL", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Side", SIDE_OFFSET, WireType.U16)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Quantity", QUANTITY_OFFSET, WireType.F64)
      .field("Level", LEVEL_OFFSET, WireType.U16)
      .field("IsFirstMessageInBatch", IS_FIRST_MESSAGE_IN_BATCH_OFFSET, WireType.U8)
      .field("IsLastMessageInBatch", IS_LAST_MESSAGE_IN_BATCH_OFFSET, WireType.U8)
      .field("DateTime", DATE_TIME_OFFSET, WireType.F64)
      .field("NumOrders", NUM_ORDERS_OFFSET, WireType.U32)
      .build();

  public MarketDepthSnapshotLevel() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDepthSnapshotLevel symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Side: uint16 enum (AtBidOrAskEnum). */
  public int side() {
    return u16(SIDE_OFFSET, 0);
  }

  public MarketDepthSnapshotLevel side(int value) {
    return putU16(SIDE_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDepthSnapshotLevel price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Quantity: double. */
  public double quantity() {
    return f64(QUANTITY_OFFSET, 0.0);
  }

  public MarketDepthSnapshotLevel quantity(double value) {
    return putF64(QUANTITY_OFFSET, value);
  }

  /** Level: uint16_t. */
  public int level() {
    return u16(LEVEL_OFFSET, 0);
  }

  public MarketDepthSnapshotLevel level(int value) {
    return putU16(LEVEL_OFFSET, value);
  }

  /** IsFirstMessageInBatch: uint8_t. */
  public int isFirstMessageInBatch() {
    return u8(IS_FIRST_MESSAGE_IN_BATCH_OFFSET, 0);
  }

  public MarketDepthSnapshotLevel isFirstMessageInBatch(int value) {
    return putU8(IS_FIRST_MESSAGE_IN_BATCH_OFFSET, value);
  }

  /** IsLastMessageInBatch: uint8_t. */
  public int isLastMessageInBatch() {
    return u8(IS_LAST_MESSAGE_IN_BATCH_OFFSET, 0);
  }

  public MarketDepthSnapshotLevel isLastMessageInBatch(int value) {
    return putU8(IS_LAST_MESSAGE_IN_BATCH_OFFSET, value);
  }

  /** DateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double dateTime() {
    return f64(DATE_TIME_OFFSET, 0.0);
  }

  public MarketDepthSnapshotLevel dateTime(double value) {
    return putF64(DATE_TIME_OFFSET, value);
  }

  /** NumOrders: uint32_t. */
  public long numOrders() {
    return u32(NUM_ORDERS_OFFSET, 0L);
  }

  public MarketDepthSnapshotLevel numOrders(long value) {
    return putU32(NUM_ORDERS_OFFSET, value);
  }
}
