package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HISTORICAL_PRICE_DATA_RESPONSE_TRAILER} (type 807): 16 bytes, pack(8) in the official header.
 */
public final class HistoricalPriceDataResponseTrailer extends DtcFlyweight<HistoricalPriceDataResponseTrailer> {
  public static final int TYPE = 807;
  public static final int ENCODED_LENGTH = 16;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int FINAL_RECORD_LAST_DATE_TIME_OFFSET = 8;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HISTORICAL_PRICE_DATA_RESPONSE_TRAILER", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .field("FinalRecordLastDateTime", FINAL_RECORD_LAST_DATE_TIME_OFFSET, WireType.I64)
      .build();

  public HistoricalPriceDataResponseTrailer() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public HistoricalPriceDataResponseTrailer requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** FinalRecordLastDateTime: int64 (us) (t_DateTimeWithMicrosecondsInt). */
  public long finalRecordLastDateTime() {
    return i64(FINAL_RECORD_LAST_DATE_TIME_OFFSET, 0L);
  }

  public HistoricalPriceDataResponseTrailer finalRecordLastDateTime(long value) {
    return putI64(FINAL_RECORD_LAST_DATE_TIME_OFFSET, value);
  }
}
