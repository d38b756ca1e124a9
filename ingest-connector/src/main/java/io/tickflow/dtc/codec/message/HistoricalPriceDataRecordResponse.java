package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HISTORICAL_PRICE_DATA_RECORD_RESPONSE} (type 803): 88 bytes, pack(8) in the official header.
 */
public final class HistoricalPriceDataRecordResponse extends DtcFlyweight<HistoricalPriceDataRecordResponse> {
  public static final int TYPE = 803;
  public static final int ENCODED_LENGTH = 88;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int START_DATE_TIME_OFFSET = 8;
  public static final int OPEN_PRICE_OFFSET = 16;
  public static final int HIGH_PRICE_OFFSET = 24;
  public static final int LOW_PRICE_OFFSET = 32;
  public static final int LAST_PRICE_OFFSET = 40;
  public static final int VOLUME_OFFSET = 48;
  public static final int NUM_TRADES_OFFSET = 56;
  public static final int BID_VOLUME_OFFSET = 64;
  public static final int ASK_VOLUME_OFFSET = 72;
  public static final int IS_FINAL_RECORD_OFFSET = 80;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HISTORICAL_PRICE_DATA_RECORD_RESPONSE", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .field("StartDateTime", START_DATE_TIME_OFFSET, WireType.I64)
      .field("OpenPrice", OPEN_PRICE_OFFSET, WireType.F64)
      .field("HighPrice", HIGH_PRICE_OFFSET, WireType.F64)
      .field("LowPrice", LOW_PRICE_OFFSET, WireType.F64)
      .field("LastPrice", LAST_PRICE_OFFSET, WireType.F64)
      .field("Volume", VOLUME_OFFSET, WireType.F64)
      .field("NumTrades", NUM_TRADES_OFFSET, WireType.U32)
      .field("BidVolume", BID_VOLUME_OFFSET, WireType.F64)
      .field("AskVolume", ASK_VOLUME_OFFSET, WireType.F64)
      .field("IsFinalRecord", IS_FINAL_RECORD_OFFSET, WireType.U8)
      .build();

  public HistoricalPriceDataRecordResponse() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public HistoricalPriceDataRecordResponse requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** StartDateTime: int64 (us) (t_DateTimeWithMicrosecondsInt). */
  public long startDateTime() {
    return i64(START_DATE_TIME_OFFSET, 0L);
  }

  public HistoricalPriceDataRecordResponse startDateTime(long value) {
    return putI64(START_DATE_TIME_OFFSET, value);
  }

  /** OpenPrice: double. */
  public double openPrice() {
    return f64(OPEN_PRICE_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse openPrice(double value) {
    return putF64(OPEN_PRICE_OFFSET, value);
  }

  /** HighPrice: double. */
  public double highPrice() {
    return f64(HIGH_PRICE_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse highPrice(double value) {
    return putF64(HIGH_PRICE_OFFSET, value);
  }

  /** LowPrice: double. */
  public double lowPrice() {
    return f64(LOW_PRICE_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse lowPrice(double value) {
    return putF64(LOW_PRICE_OFFSET, value);
  }

  /** LastPrice: double. */
  public double lastPrice() {
    return f64(LAST_PRICE_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse lastPrice(double value) {
    return putF64(LAST_PRICE_OFFSET, value);
  }

  /** Volume: double. */
  public double volume() {
    return f64(VOLUME_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse volume(double value) {
    return putF64(VOLUME_OFFSET, value);
  }

  /** NumTrades: uint32_t. */
  public long numTrades() {
    return u32(NUM_TRADES_OFFSET, 0L);
  }

  public HistoricalPriceDataRecordResponse numTrades(long value) {
    return putU32(NUM_TRADES_OFFSET, value);
  }

  /** BidVolume: double. */
  public double bidVolume() {
    return f64(BID_VOLUME_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse bidVolume(double value) {
    return putF64(BID_VOLUME_OFFSET, value);
  }

  /** AskVolume: double. */
  public double askVolume() {
    return f64(ASK_VOLUME_OFFSET, 0.0);
  }

  public HistoricalPriceDataRecordResponse askVolume(double value) {
    return putF64(ASK_VOLUME_OFFSET, value);
  }

  /** IsFinalRecord: uint8_t. */
  public int isFinalRecord() {
    return u8(IS_FINAL_RECORD_OFFSET, 0);
  }

  public HistoricalPriceDataRecordResponse isFinalRecord(int value) {
    return putU8(IS_FINAL_RECORD_OFFSET, value);
  }
}
