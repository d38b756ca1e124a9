package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DEPTH_UPDATE_LEVEL} (type 106): 56 bytes, pack(8) in the official header.
 */
public final class MarketDepthUpdateLevel extends DtcFlyweight<MarketDepthUpdateLevel> {
  public static final int TYPE = 106;
  public static final int ENCODED_LENGTH = 56;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int SIDE_OFFSET = 8;
  public static final int PRICE_OFFSET = 16;
  public static final int QUANTITY_OFFSET = 24;
  public static final int UPDATE_TYPE_OFFSET = 32;
  public static final int DATE_TIME_OFFSET = 40;
  public static final int NUM_ORDERS_OFFSET = 48;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DEPTH_UPDATE_LEVEL", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("Side", SIDE_OFFSET, WireType.U16)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Quantity", QUANTITY_OFFSET, WireType.F64)
      .field("UpdateType", UPDATE_TYPE_OFFSET, WireType.U8)
      .field("DateTime", DATE_TIME_OFFSET, WireType.F64)
      .field("NumOrders", NUM_ORDERS_OFFSET, WireType.U32)
      .build();

  public MarketDepthUpdateLevel() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDepthUpdateLevel symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** Side: uint16 enum (AtBidOrAskEnum). */
  public int side() {
    return u16(SIDE_OFFSET, 0);
  }

  public MarketDepthUpdateLevel side(int value) {
    return putU16(SIDE_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public MarketDepthUpdateLevel price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Quantity: double. */
  public double quantity() {
    return f64(QUANTITY_OFFSET, 0.0);
  }

  public MarketDepthUpdateLevel quantity(double value) {
    return putF64(QUANTITY_OFFSET, value);
  }

  /** UpdateType: uint8 enum (MarketDepthUpdateTypeEnum). */
  public int updateType() {
    return u8(UPDATE_TYPE_OFFSET, 0);
  }

  public MarketDepthUpdateLevel updateType(int value) {
    return putU8(UPDATE_TYPE_OFFSET, value);
  }

  /** DateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double dateTime() {
    return f64(DATE_TIME_OFFSET, 0.0);
  }

  public MarketDepthUpdateLevel dateTime(double value) {
    return putF64(DATE_TIME_OFFSET, value);
  }

  /** NumOrders: uint32_t. */
  public long numOrders() {
    return u32(NUM_ORDERS_OFFSET, 0L);
  }

  public MarketDepthUpdateLevel numOrders(long value) {
    return putU32(NUM_ORDERS_OFFSET, value);
  }
}
