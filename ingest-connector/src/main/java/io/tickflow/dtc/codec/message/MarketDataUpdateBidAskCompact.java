package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_BID_ASK_COMPACT} (type 117): 28 bytes, pack(8) in the official header.
 */
public final class MarketDataUpdateBidAskCompact extends DtcFlyweight<MarketDataUpdateBidAskCompact> {
  public static final int TYPE = 117;
  public static final int ENCODED_LENGTH = 28;
  public static final int BID_PRICE_OFFSET = 4;
  public static final int BID_QUANTITY_OFFSET = 8;
  public static final int ASK_PRICE_OFFSET = 12;
  public static final int ASK_QUANTITY_OFFSET = 16;
  public static final int DATE_TIME_OFFSET = 20;
  public static final int SYMBOL_ID_OFFSET = 24;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_BID_ASK_COMPACT", ENCODED_LENGTH)
      .field("BidPrice", BID_PRICE_OFFSET, WireType.F32, Unset.FLOAT)
      .field("BidQuantity", BID_QUANTITY_OFFSET, WireType.F32)
      .field("AskPrice", ASK_PRICE_OFFSET, WireType.F32, Unset.FLOAT)
      .field("AskQuantity", ASK_QUANTITY_OFFSET, WireType.F32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.U32)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateBidAskCompact() {
    super(LAYOUT);
  }

  /** BidPrice: float. */
  public float bidPrice() {
    return f32(BID_PRICE_OFFSET, Unset.FLOAT);
  }

  public MarketDataUpdateBidAskCompact bidPrice(float value) {
    return putF32(BID_PRICE_OFFSET, value);
  }

  /** BidQuantity: float. */
  public float bidQuantity() {
    return f32(BID_QUANTITY_OFFSET, 0f);
  }

  public MarketDataUpdateBidAskCompact bidQuantity(float value) {
    return putF32(BID_QUANTITY_OFFSET, value);
  }

  /** AskPrice: float. */
  public float askPrice() {
    return f32(ASK_PRICE_OFFSET, Unset.FLOAT);
  }

  public MarketDataUpdateBidAskCompact askPrice(float value) {
    return putF32(ASK_PRICE_OFFSET, value);
  }

  /** AskQuantity: float. */
  public float askQuantity() {
    return f32(ASK_QUANTITY_OFFSET, 0f);
  }

  public MarketDataUpdateBidAskCompact askQuantity(float value) {
    return putF32(ASK_QUANTITY_OFFSET, value);
  }

  /** DateTime: uint32 (s) (t_DateTime4Byte). */
  public long dateTime() {
    return u32(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskCompact dateTime(long value) {
    return putU32(DATE_TIME_OFFSET, value);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskCompact symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }
}
