package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_BID_ASK} (type 108): 40 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateBidAsk extends DtcFlyweight<MarketDataUpdateBidAsk> {
  public static final int TYPE = 108;
  public static final int ENCODED_LENGTH = 40;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int BID_PRICE_OFFSET = 8;
  public static final int BID_QUANTITY_OFFSET = 16;
  public static final int ASK_PRICE_OFFSET = 24;
  public static final int ASK_QUANTITY_OFFSET = 32;
  public static final int DATE_TIME_OFFSET = 36;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_BID_ASK", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("BidPrice", BID_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("BidQuantity", BID_QUANTITY_OFFSET, WireType.F32)
      .field("AskPrice", ASK_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("AskQuantity", ASK_QUANTITY_OFFSET, WireType.F32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateBidAsk() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateBidAsk symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** BidPrice: double. */
  public double bidPrice() {
    return f64(BID_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataUpdateBidAsk bidPrice(double value) {
    return putF64(BID_PRICE_OFFSET, value);
  }

  /** BidQuantity: float. */
  public float bidQuantity() {
    return f32(BID_QUANTITY_OFFSET, 0f);
  }

  public MarketDataUpdateBidAsk bidQuantity(float value) {
    return putF32(BID_QUANTITY_OFFSET, value);
  }

  /** AskPrice: double. */
  public double askPrice() {
    return f64(ASK_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataUpdateBidAsk askPrice(double value) {
    return putF64(ASK_PRICE_OFFSET, value);
  }

  /** AskQuantity: float. */
  public float askQuantity() {
    return f32(ASK_QUANTITY_OFFSET, 0f);
  }

  public MarketDataUpdateBidAsk askQuantity(float value) {
    return putF32(ASK_QUANTITY_OFFSET, value);
  }

  /** DateTime: uint32 (s) (t_DateTime4Byte). */
  public long dateTime() {
    return u32(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateBidAsk dateTime(long value) {
    return putU32(DATE_TIME_OFFSET, value);
  }
}
