package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP} (type 143): 24 bytes, pack(1) in the official header.
 */
public final class MarketDataUpdateBidAskNoTimestamp extends DtcFlyweight<MarketDataUpdateBidAskNoTimestamp> {
  public static final int TYPE = 143;
  public static final int ENCODED_LENGTH = 24;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int BID_PRICE_OFFSET = 8;
  public static final int BID_QUANTITY_OFFSET = 12;
  public static final int ASK_PRICE_OFFSET = 16;
  public static final int ASK_QUANTITY_OFFSET = 20;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("BidPrice", BID_PRICE_OFFSET, WireType.F32, Unset.FLOAT)
      .field("BidQuantity", BID_QUANTITY_OFFSET, WireType.U32)
      .field("AskPrice", ASK_PRICE_OFFSET, WireType.F32, Unset.FLOAT)
      .field("AskQuantity", ASK_QUANTITY_OFFSET, WireType.U32)
      .build();

  public MarketDataUpdateBidAskNoTimestamp() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskNoTimestamp symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** BidPrice: float. */
  public float bidPrice() {
    return f32(BID_PRICE_OFFSET, Unset.FLOAT);
  }

  public MarketDataUpdateBidAskNoTimestamp bidPrice(float value) {
    return putF32(BID_PRICE_OFFSET, value);
  }

  /** BidQuantity: uint32_t. */
  public long bidQuantity() {
    return u32(BID_QUANTITY_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskNoTimestamp bidQuantity(long value) {
    return putU32(BID_QUANTITY_OFFSET, value);
  }

  /** AskPrice: float. */
  public float askPrice() {
    return f32(ASK_PRICE_OFFSET, Unset.FLOAT);
  }

  public MarketDataUpdateBidAskNoTimestamp askPrice(float value) {
    return putF32(ASK_PRICE_OFFSET, value);
  }

  /** AskQuantity: uint32_t. */
  public long askQuantity() {
    return u32(ASK_QUANTITY_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskNoTimestamp askQuantity(long value) {
    return putU32(ASK_QUANTITY_OFFSET, value);
  }
}
