package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HISTORICAL_PRICE_DATA_RESPONSE_HEADER} (type 801): 20 bytes, pack(8) in the official header.
 */
public final class HistoricalPriceDataResponseHeader extends DtcFlyweight<HistoricalPriceDataResponseHeader> {
  public static final int TYPE = 801;
  public static final int ENCODED_LENGTH = 20;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int RECORD_INTERVAL_OFFSET = 8;
  public static final int USE_Z_LIB_COMPRESSION_OFFSET = 12;
  public static final int NO_RECORDS_TO_RETURN_OFFSET = 13;
  public static final int INT_TO_FLOAT_PRICE_DIVISOR_OFFSET = 16;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HISTORICAL_PRICE_DATA_RESPONSE_HEADER", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .field("RecordInterval", RECORD_INTERVAL_OFFSET, WireType.I32)
      .field("UseZLibCompression", USE_Z_LIB_COMPRESSION_OFFSET, WireType.U8)
      .field("NoRecordsToReturn", NO_RECORDS_TO_RETURN_OFFSET, WireType.U8)
      .field("IntToFloatPriceDivisor", INT_TO_FLOAT_PRICE_DIVISOR_OFFSET, WireType.F32)
      .build();

  public HistoricalPriceDataResponseHeader() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public HistoricalPriceDataResponseHeader requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** RecordInterval: int32 enum (HistoricalDataIntervalEnum). */
  public int recordInterval() {
    return i32(RECORD_INTERVAL_OFFSET, 0);
  }

  public HistoricalPriceDataResponseHeader recordInterval(int value) {
    return putI32(RECORD_INTERVAL_OFFSET, value);
  }

  /** UseZLibCompression: uint8_t. */
  public int useZLibCompression() {
    return u8(USE_Z_LIB_COMPRESSION_OFFSET, 0);
  }

  public HistoricalPriceDataResponseHeader useZLibCompression(int value) {
    return putU8(USE_Z_LIB_COMPRESSION_OFFSET, value);
  }

  /** NoRecordsToReturn: uint8_t. */
  public int noRecordsToReturn() {
    return u8(NO_RECORDS_TO_RETURN_OFFSET, 0);
  }

  public HistoricalPriceDataResponseHeader noRecordsToReturn(int value) {
    return putU8(NO_RECORDS_TO_RETURN_OFFSET, value);
  }

  /** IntToFloatPriceDivisor: float. */
  public float intToFloatPriceDivisor() {
    return f32(INT_TO_FLOAT_PRICE_DIVISOR_OFFSET, 0f);
  }

  public HistoricalPriceDataResponseHeader intToFloatPriceDivisor(float value) {
    return putF32(INT_TO_FLOAT_PRICE_DIVISOR_OFFSET, value);
  }
}
