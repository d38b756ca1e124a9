package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code SECURITY_DEFINITION_REJECT} (type 509): 104 bytes, pack(8) in the official header.
 */
public final class SecurityDefinitionReject extends DtcFlyweight<SecurityDefinitionReject> {
  public static final int TYPE = 509;
  public static final int ENCODED_LENGTH = 104;
  public static final int REQUEST_ID_OFFSET = 4;
  public static final int REJECT_TEXT_OFFSET = 8;
  public static final int REJECT_TEXT_LENGTH = 96;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "SECURITY_DEFINITION_REJECT", ENCODED_LENGTH)
      .field("RequestID", REQUEST_ID_OFFSET, WireType.I32)
      .text("RejectText", REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH)
      .build();

  public SecurityDefinitionReject() {
    super(LAYOUT);
  }

  /** RequestID: int32_t. */
  public int requestId() {
    return i32(REQUEST_ID_OFFSET, 0);
  }

  public SecurityDefinitionReject requestId(int value) {
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
  public SecurityDefinitionReject rejectText(CharSequence value) {
    return putText(REJECT_TEXT_OFFSET, REJECT_TEXT_LENGTH, value);
  }
}
