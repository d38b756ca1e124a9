package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HISTORICAL_PRICE_DATA_REJECT} (type 802): 108 bytes, pack(8) in the official header.
 */
public final class HistoricalPriceDataReject extends DtcFlyweight<HistoricalPriceDataReject> {
  public static final int TYPE = 802;
  public static final int ENCODED_LENGTH = 108;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int REJECT_TEXT_OFFSET = 8;
  public static final int REJECT_TEXT_LENGTH = 96;
  public static final int REJECT_REASON_CODE_OFFSET = 104;
  public static final int RETRY_TIME_IN_SECONDS_OFFSET = 106;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HISTORICAL_PRICE_DATA_REJECT", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .text("RejectText", REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH)
      .field("RejectReasonCode", REJECT_REASON_CODE_OFFSET, WireType.I16)
      .field("RetryTimeInSeconds", RETRY_TIME_IN_SECONDS_OFFSET, WireType.U16)
      .build();

  public HistoricalPriceDataReject() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public HistoricalPriceDataReject requestId(int value) {
    return putI32(REQUEST_ID_OFFSET, value);
  }

  /** RejectText: char[96]; "" when absent. Allocates: prefer {@link #appendRejectText} on hot paths. */
  public String rejectText() {
    return text(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, "");
  }

  public StringBuilder appendRejectText(StringBuilder dst) {
    return appendText(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, "", dst);
  }

  /** Copies at most 95 chars and NUL-pads. */
  public HistoricalPriceDataReject rejectText(CharSequence value) {
    return putText(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, value);
  }

  /** RejectReasonCode: int16 enum (HistoricalPriceDataRejectReasonCodeEnum). */
  public int rejectReasonCode() {
    return i16(REJECT_REASON_CODE_OFFSET, 0);
  }

  public HistoricalPriceDataReject rejectReasonCode(int value) {
    return putU16(REJECT_REASON_CODE_OFFSET, value);
  }

  /** RetryTimeInSeconds: uint16_t. */
  public int retryTimeInSeconds() {
    return u16(RETRY_TIME_IN_SECONDS_OFFSET, 0);
  }

  public HistoricalPriceDataReject retryTimeInSeconds(int value) {
    return putU16(RETRY_TIME_IN_SECONDS_OFFSET, value);
  }
}
