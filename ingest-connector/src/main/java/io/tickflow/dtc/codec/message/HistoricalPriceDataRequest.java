package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HISTORICAL_PRICE_DATA_REQUEST} (type 800): 120 bytes, pack(8) in the official header.
 */
public final class HistoricalPriceDataRequest extends DtcFlyweight<HistoricalPriceDataRequest> {
  public static final int TYPE = 800;
  public static final int ENCODED_LENGTH = 120;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int SYMBOL_OFFSET = 8;
  public static final int SYMBOL_LENGTH = 64;
  public static final int EXCHANGE_OFFSET = 72;
  public static final int EXCHANGE_LENGTH = 16;
  public static final int RECORD_INTERVAL_OFFSET = 88;
  public static final int START_DATE_TIME_OFFSET = 96;
  public static final int END_DATE_TIME_OFFSET = 104;
  public static final int MAX_DAYS_TO_RETURN_OFFSET = 112;
  public static final int USE_Z_LIB_COMPRESSION_OFFSET = 116;
  public static final int REQUEST_DIVIDEND_ADJUSTED_STOCK_DATA_OFFSET = 117;
  public static final int INTEGER_1_OFFSET = 118;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HISTORICAL_PRICE_DATA_REQUEST", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .text("Symbol", SYMBOL_OFFSET, SYMBOL_LENGTH)
      .text("Exchange", EXCHANGE_OFFSET, EXCHANGE_LENGTH)
      .field("RecordInterval", RECORD_INTERVAL_OFFSET, WireType.I32)
      .field("StartDateTime", START_DATE_TIME_OFFSET, WireType.I64)
      .field("EndDateTime", END_DATE_TIME_OFFSET, WireType.I64)
      .field("MaxDaysToReturn", MAX_DAYS_TO_RETURN_OFFSET, WireType.U32)
      .field("UseZLibCompression", USE_Z_LIB_COMPRESSION_OFFSET, WireType.U8)
      .field("RequestDividendAdjustedStockData", REQUEST_DIVIDEND_ADJUSTED_STOCK_DATA_OFFSET, WireType.U8)
      .field("Integer_1", INTEGER_1_OFFSET, WireType.U16)
      .build();

  public HistoricalPriceDataRequest() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public HistoricalPriceDataRequest requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** Symbol: char[64]; "" when absent. Allocates: prefer {@link #appendSymbol} on hot paths. */
  public String symbol() {
    return text(SYMBOL_OFFSET, SYMBOL_LENGTH, "");
  }

  public StringBuilder appendSymbol(StringBuilder dst) {
    return appendText(SYMBOL_OFFSET, SYMBOL_LENGTH, "", dst);
  }

  /** Copies at most 63 chars and NUL-pads. */
  public HistoricalPriceDataRequest symbol(CharSequence value) {
    return putText(SYMBOL_OFFSET, SYMBOL_LENGTH, value);
  }

  /** Exchange: char[16]; "" when absent. Allocates: prefer {@link #appendExchange} on hot paths. */
  public String exchange() {
    return text(EXCHANGE_OFFSET, EXCHANGE_LENGTH, "");
  }

  public StringBuilder appendExchange(StringBuilder dst) {
    return appendText(EXCHANGE_OFFSET, EXCHANGE_LENGTH, "", dst);
  }

  /** Copies at most 15 chars and NUL-pads. */
  public HistoricalPriceDataRequest exchange(CharSequence value) {
    return putText(EXCHANGE_OFFSET, EXCHANGE_LENGTH, value);
  }

  /** RecordInterval: int32 enum (HistoricalDataIntervalEnum). */
  public int recordInterval() {
    return i32(RECORD_INTERVAL_OFFSET, 0);
  }

  public HistoricalPriceDataRequest recordInterval(int value) {
    return putI32(RECORD_INTERVAL_OFFSET, value);
  }

  /** StartDateTime: int64 (s) (t_DateTime). */
  public long startDateTime() {
    return i64(START_DATE_TIME_OFFSET, 0L);
  }

  public HistoricalPriceDataRequest startDateTime(long value) {
    return putI64(START_DATE_TIME_OFFSET, value);
  }

  /** EndDateTime: int64 (s) (t_DateTime). */
  public long endDateTime() {
    return i64(END_DATE_TIME_OFFSET, 0L);
  }

  public HistoricalPriceDataRequest endDateTime(long value) {
    return putI64(END_DATE_TIME_OFFSET, value);
  }

  /** MaxDaysToReturn: uint32_t. */
  public long maxDaysToReturn() {
    return u32(MAX_DAYS_TO_RETURN_OFFSET, 0L);
  }

  public HistoricalPriceDataRequest maxDaysToReturn(long value) {
    return putU32(MAX_DAYS_TO_RETURN_OFFSET, value);
  }

  /** UseZLibCompression: uint8_t. */
  public int useZLibCompression() {
    return u8(USE_Z_LIB_COMPRESSION_OFFSET, 0);
  }

  public HistoricalPriceDataRequest useZLibCompression(int value) {
    return putU8(USE_Z_LIB_COMPRESSION_OFFSET, value);
  }

  /** RequestDividendAdjustedStockData: uint8_t. */
  public int requestDividendAdjustedStockData() {
    return u8(REQUEST_DIVIDEND_ADJUSTED_STOCK_DATA_OFFSET, 0);
  }

  public HistoricalPriceDataRequest requestDividendAdjustedStockData(int value) {
    return putU8(REQUEST_DIVIDEND_ADJUSTED_STOCK_DATA_OFFSET, value);
  }

  /** Integer_1: uint16_t. */
  public int integer1() {
    return u16(INTEGER_1_OFFSET, 0);
  }

  public HistoricalPriceDataRequest integer1(int value) {
    return putU16(INTEGER_1_OFFSET, value);
  }
}
