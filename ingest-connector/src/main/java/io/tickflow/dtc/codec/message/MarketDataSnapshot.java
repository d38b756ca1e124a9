package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code MARKET_DATA_SNAPSHOT} (type 104): 144 bytes, pack(8) in the official header.
 */
public final class MarketDataSnapshot extends DtcFlyweight<MarketDataSnapshot> {
  public static final int TYPE = 104;
  public static final int ENCODED_LENGTH = 144;
  public static final int SYMBOL_ID_OFFSET = 4;
  public static final int SESSION_SETTLEMENT_PRICE_OFFSET = 8;
  public static final int SESSION_OPEN_PRICE_OFFSET = 16;
  public static final int SESSION_HIGH_PRICE_OFFSET = 24;
  public static final int SESSION_LOW_PRICE_OFFSET = 32;
  public static final int SESSION_VOLUME_OFFSET = 40;
  public static final int SESSION_NUM_TRADES_OFFSET = 48;
  public static final int OPEN_INTEREST_OFFSET = 52;
  public static final int BID_PRICE_OFFSET = 56;
  public static final int ASK_PRICE_OFFSET = 64;
  public static final int ASK_QUANTITY_OFFSET = 72;
  public static final int BID_QUANTITY_OFFSET = 80;
  public static final int LAST_TRADE_PRICE_OFFSET = 88;
  public static final int LAST_TRADE_VOLUME_OFFSET = 96;
  public static final int LAST_TRADE_DATE_TIME_OFFSET = 104;
  public static final int BID_ASK_DATE_TIME_OFFSET = 112;
  public static final int SESSION_SETTLEMENT_DATE_TIME_OFFSET = 120;
  public static final int TRADING_SESSION_DATE_OFFSET = 124;
  public static final int TRADING_STATUS_OFFSET = 128;
  public static final int MARKET_DEPTH_UPDATE_DATE_TIME_OFFSET = 136;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "MARKET_DATA_SNAPSHOT", ENCODED_LENGTH)
      .field("SymbolID", SYMBOL_ID_OFFSET, WireType.U32)
      .field("SessionSettlementPrice", SESSION_SETTLEMENT_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("SessionOpenPrice", SESSION_OPEN_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("SessionHighPrice", SESSION_HIGH_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("SessionLowPrice", SESSION_LOW_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("SessionVolume", SESSION_VOLUME_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("SessionNumTrades", SESSION_NUM_TRADES_OFFSET, WireType.U32, Unset.UINT32)
      .field("OpenInterest", OPEN_INTEREST_OFFSET, WireType.U32, Unset.UINT32)
      .field("BidPrice", BID_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("AskPrice", ASK_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("AskQuantity", ASK_QUANTITY_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("BidQuantity", BID_QUANTITY_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("LastTradePrice", LAST_TRADE_PRICE_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("LastTradeVolume", LAST_TRADE_VOLUME_OFFSET, WireType.F64, Unset.DOUBLE)
      .field("LastTradeDateTime", LAST_TRADE_DATE_TIME_OFFSET, WireType.F64)
      .field("BidAskDateTime", BID_ASK_DATE_TIME_OFFSET, WireType.F64)
      .field("SessionSettlementDateTime", SESSION_SETTLEMENT_DATE_TIME_OFFSET, WireType.U32)
      .field("TradingSessionDate", TRADING_SESSION_DATE_OFFSET, WireType.U32)
      .field("TradingStatus", TRADING_STATUS_OFFSET, WireType.I8)
      .field("MarketDepthUpdateDateTime", MARKET_DEPTH_UPDATE_DATE_TIME_OFFSET, WireType.F64)
      .build();

  public MarketDataSnapshot() {
    super(LAYOUT);
  }

  /** SymbolID: uint32_t. */
  public long symbolId() {
    return u32(SYMBOL_ID_OFFSET, 0L);
  }

  public MarketDataSnapshot symbolId(long value) {
    return putU32(SYMBOL_ID_OFFSET, value);
  }

  /** SessionSettlementPrice: double. */
  public double sessionSettlementPrice() {
    return f64(SESSION_SETTLEMENT_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot sessionSettlementPrice(double value) {
    return putF64(SESSION_SETTLEMENT_PRICE_OFFSET, value);
  }

  /** SessionOpenPrice: double. */
  public double sessionOpenPrice() {
    return f64(SESSION_OPEN_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot sessionOpenPrice(double value) {
    return putF64(SESSION_OPEN_PRICE_OFFSET, value);
  }

  /** SessionHighPrice: double. */
  public double sessionHighPrice() {
    return f64(SESSION_HIGH_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot sessionHighPrice(double value) {
    return putF64(SESSION_HIGH_PRICE_OFFSET, value);
  }

  /** SessionLowPrice: double. */
  public double sessionLowPrice() {
    return f64(SESSION_LOW_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot sessionLowPrice(double value) {
    return putF64(SESSION_LOW_PRICE_OFFSET, value);
  }

  /** SessionVolume: double. */
  public double sessionVolume() {
    return f64(SESSION_VOLUME_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot sessionVolume(double value) {
    return putF64(SESSION_VOLUME_OFFSET, value);
  }

  /** SessionNumTrades: uint32_t. */
  public long sessionNumTrades() {
    return u32(SESSION_NUM_TRADES_OFFSET, Unset.UINT32);
  }

  public MarketDataSnapshot sessionNumTrades(long value) {
    return putU32(SESSION_NUM_TRADES_OFFSET, value);
  }

  /** OpenInterest: uint32_t. */
  public long openInterest() {
    return u32(OPEN_INTEREST_OFFSET, Unset.UINT32);
  }

  public MarketDataSnapshot openInterest(long value) {
    return putU32(OPEN_INTEREST_OFFSET, value);
  }

  /** BidPrice: double. */
  public double bidPrice() {
    return f64(BID_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot bidPrice(double value) {
    return putF64(BID_PRICE_OFFSET, value);
  }

  /** AskPrice: double. */
  public double askPrice() {
    return f64(ASK_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot askPrice(double value) {
    return putF64(ASK_PRICE_OFFSET, value);
  }

  /** AskQuantity: double. */
  public double askQuantity() {
    return f64(ASK_QUANTITY_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot askQuantity(double value) {
    return putF64(ASK_QUANTITY_OFFSET, value);
  }

  /** BidQuantity: double. */
  public double bidQuantity() {
    return f64(BID_QUANTITY_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot bidQuantity(double value) {
    return putF64(BID_QUANTITY_OFFSET, value);
  }

  /** LastTradePrice: double. */
  public double lastTradePrice() {
    return f64(LAST_TRADE_PRICE_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot lastTradePrice(double value) {
    return putF64(LAST_TRADE_PRICE_OFFSET, value);
  }

  /** LastTradeVolume: double. */
  public double lastTradeVolume() {
    return f64(LAST_TRADE_VOLUME_OFFSET, Unset.DOUBLE);
  }

  public MarketDataSnapshot lastTradeVolume(double value) {
    return putF64(LAST_TRADE_VOLUME_OFFSET, value);
  }

  /** LastTradeDateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double lastTradeDateTime() {
    return f64(LAST_TRADE_DATE_TIME_OFFSET, 0.0);
  }

  public MarketDataSnapshot lastTradeDateTime(double value) {
    return putF64(LAST_TRADE_DATE_TIME_OFFSET, value);
  }

  /** BidAskDateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double bidAskDateTime() {
    return f64(BID_ASK_DATE_TIME_OFFSET, 0.0);
  }

  public MarketDataSnapshot bidAskDateTime(double value) {
    return putF64(BID_ASK_DATE_TIME_OFFSET, value);
  }

  /** SessionSettlementDateTime: uint32 (s) (t_DateTime4Byte). */
  public long sessionSettlementDateTime() {
    return u32(SESSION_SETTLEMENT_DATE_TIME_OFFSET, 0L);
  }

  public MarketDataSnapshot sessionSettlementDateTime(long value) {
    return putU32(SESSION_SETTLEMENT_DATE_TIME_OFFSET, value);
  }

  /** TradingSessionDate: uint32 (s) (t_DateTime4Byte). */
  public long tradingSessionDate() {
    return u32(TRADING_SESSION_DATE_OFFSET, 0L);
  }

  public MarketDataSnapshot tradingSessionDate(long value) {
    return putU32(TRADING_SESSION_DATE_OFFSET, value);
  }

  /** TradingStatus: int8 enum (TradingStatusEnum). */
  public int tradingStatus() {
    return i8(TRADING_STATUS_OFFSET, 0);
  }

  public MarketDataSnapshot tradingStatus(int value) {
    return putU8(TRADING_STATUS_OFFSET, value);
  }

  /** MarketDepthUpdateDateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double marketDepthUpdateDateTime() {
    return f64(MARKET_DEPTH_UPDATE_DATE_TIME_OFFSET, 0.0);
  }

  public MarketDataSnapshot marketDepthUpdateDateTime(double value) {
    return putF64(MARKET_DEPTH_UPDATE_DATE_TIME_OFFSET, value);
  }
}
