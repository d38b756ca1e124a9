package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS} (type 144): 32 bytes, pack(1) in the official header.
 */
public final class MarketDataUpdateBidAskFloatWithMicroseconds extends DtcFlyweight<MarketDataUpdateBidAskFloatWithMicroseconds> {
  public static final int TYPE = 144;
  public static final int ENCODED_LENGTH = 32;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int BID_PRICE_OFFSET = 8;
  public static final int BID_QUANTITY_OFFSET = 12;
  public static final int ASK_PRICE_OFFSET = 16;
  public static final int ASK_QUANTITY_OFFSET = 20;
  public static final int DATE_TIME_OFFSET = 24;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("BidPrice", BID_PRICE_OFFSET, WireType.F32, Unset.FLOAT)
      .field("BidQuantity", BID_QUANTITY_OFFSET, WireType.F32)
      .field("AskPrice", ASK_PRICE_OFFSET, WireType.F32, Unset.FLOAT)
      .field("AskQuantity", ASK_QUANTITY_OFFSET, WireType.F32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.I64)
      .build();

  public MarketDataUpdateBidAskFloatWithMicroseconds() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskFloatWithMicroseconds symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** BidPrice: float. */
  public float bidPrice() {
    return f32(BID_PRICE_OFFSET, Unset.FLOAT);
  }

  public MarketDataUpdateBidAskFloatWithMicroseconds bidPrice(float value) {
    return putF32(BID_PRICE_OFFSET, value);
  }

  /** BidQuantity: float. */
  public float bidQuantity() {
    return f32(BID_QUANTITY_OFFSET, 0f);
  }

  public MarketDataUpdateBidAskFloatWithMicroseconds bidQuantity(float value) {
    return putF32(BID_QUANTITY_OFFSET, value);
  }

  /** AskPrice: float. */
  public float askPrice() {
    return f32(ASK_PRICE_OFFSET, Unset.FLOAT);
  }

  public MarketDataUpdateBidAskFloatWithMicroseconds askPrice(float value) {
    return putF32(ASK_PRICE_OFFSET, value);
  }

  /** AskQuantity: float. */
  public float askQuantity() {
    return f32(ASK_QUANTITY_OFFSET, 0f);
  }

  public MarketDataUpdateBidAskFloatWithMicroseconds askQuantity(float value) {
    return putF32(ASK_QUANTITY_OFFSET, value);
  }

  /** DateTime: int64 (us) (t_DateTimeWithMicrosecondsInt). */
  public long dateTime() {
    return i64(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskFloatWithMicroseconds dateTime(long value) {
    return putI64(DATE_TIME_OFFSET, value);
  }
}
