package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE} (type 804): 48 bytes, pack(8) in the official header.
 */
public final class HistoricalPriceDataTickRecordResponse extends DtcFlyweight<HistoricalPriceDataTickRecordResponse> {
  public static final int TYPE = 804;
  public static final int ENCODED_LENGTH = 48;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int DATE_TIME_OFFSET = 8;
  public static final int AT_BID_OR_ASK_OFFSET = 16;
  public static final int PRICE_OFFSET = 24;
  public static final int VOLUME_OFFSET = 32;
  public static final int IS_FINAL_RECORD_OFFSET = 40;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .field("DateTime", DATE_TIME_OFFSET, WireType.F64)
      .field("AtBidOrAsk", AT_BID_OR_ASK_OFFSET, WireType.U16)
      .field("Price", PRICE_OFFSET, WireType.F64)
      .field("Volume", VOLUME_OFFSET, WireType.F64)
      .field("IsFinalRecord", IS_FINAL_RECORD_OFFSET, WireType.U8)
      .build();

  public HistoricalPriceDataTickRecordResponse() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public HistoricalPriceDataTickRecordResponse requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** DateTime: double (s.fff) (t_DateTimeWithMilliseconds). */
  public double dateTime() {
    return f64(DATE_TIME_OFFSET, 0.0);
  }

  public HistoricalPriceDataTickRecordResponse dateTime(double value) {
    return putF64(DATE_TIME_OFFSET, value);
  }

  /** AtBidOrAsk: uint16 enum (AtBidOrAskEnum). */
  public int atBidOrAsk() {
    return u16(AT_BID_OR_ASK_OFFSET, 0);
  }

  public HistoricalPriceDataTickRecordResponse atBidOrAsk(int value) {
    return putU16(AT_BID_OR_ASK_OFFSET, value);
  }

  /** Price: double. */
  public double price() {
    return f64(PRICE_OFFSET, 0.0);
  }

  public HistoricalPriceDataTickRecordResponse price(double value) {
    return putF64(PRICE_OFFSET, value);
  }

  /** Volume: double. */
  public double volume() {
    return f64(VOLUME_OFFSET, 0.0);
  }

  public HistoricalPriceDataTickRecordResponse volume(double value) {
    return putF64(VOLUME_OFFSET, value);
  }

  /** IsFinalRecord: uint8_t. */
  public int isFinalRecord() {
    return u8(IS_FINAL_RECORD_OFFSET, 0);
  }

  public HistoricalPriceDataTickRecordResponse isFinalRecord(int value) {
    return putU8(IS_FINAL_RECORD_OFFSET, value);
  }
}
