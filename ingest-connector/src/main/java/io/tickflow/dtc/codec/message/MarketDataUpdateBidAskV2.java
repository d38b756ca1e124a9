package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_UPDATE_BID_ASK_DOUBLE_WITH_MICROSECONDS} (type 148, also named
 * MARKET_DATA_UPDATE_BID_ASK_V2): 48 bytes, pack(8). Newer than the header the byte-exact vectors come from, which
 * marks the older bid/ask variants "to be removed"; offsets as that newer header compiles them (docs/dtc.md,
 * "V2 messages"). An unset side's price is DBL_MAX.
 */
public final class MarketDataUpdateBidAskV2 extends DtcFlyweight<MarketDataUpdateBidAskV2> {
  public static final int TYPE = 148;
  public static final int ENCODED_LENGTH = 48;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int BID_PRICE_OFFSET = 8;
  public static final int BID_QUANTITY_OFFSET = 16;
  public static final int ASK_PRICE_OFFSET = 24;
  public static final int ASK_QUANTITY_OFFSET = 32;
  public static final int DATE_TIME_OFFSET = 40;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE,
          "MARKET_DATA_UPDATE_BID_ASK_DOUBLE_WITH_MICROSECONDS", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("BidPrice", BID_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("BidQuantity", BID_QUANTITY_OFFSET, WireType.F64)
      .field("AskPrice", ASK_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("AskQuantity", ASK_QUANTITY_OFFSET, WireType.F64)
      .field("DateTime", DATE_TIME_OFFSET, WireType.I64)
      .build();

  public MarketDataUpdateBidAskV2() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskV2 symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** BidPrice: double; DBL_MAX when unset. */
  public double bidPrice() {
    return f64(BID_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataUpdateBidAskV2 bidPrice(double value) {
    return putF64(BID_PRICE_OFFSET, value);
  }

  /** BidQuantity: double. */
  public double bidQuantity() {
    return f64(BID_QUANTITY_OFFSET, 0.0);
  }

  public MarketDataUpdateBidAskV2 bidQuantity(double value) {
    return putF64(BID_QUANTITY_OFFSET, value);
  }

  /** AskPrice: double; DBL_MAX when unset. */
  public double askPrice() {
    return f64(ASK_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataUpdateBidAskV2 askPrice(double value) {
    return putF64(ASK_PRICE_OFFSET, value);
  }

  /** AskQuantity: double. */
  public double askQuantity() {
    return f64(ASK_QUANTITY_OFFSET, 0.0);
  }

  public MarketDataUpdateBidAskV2 askQuantity(double value) {
    return putF64(ASK_QUANTITY_OFFSET, value);
  }

  /** DateTime: int64 (us) (t_DateTimeWithMicrosecondsInt). */
  public long dateTime() {
    return i64(DATE_TIME_OFFSET, 0L);
  }

  public MarketDataUpdateBidAskV2 dateTime(long value) {
    return putI64(DATE_TIME_OFFSET, value);
  }
}
