package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code LOGOFF} (type 5): 102 bytes, pack(8) in the official header.
 */
public final class Logoff extends DtcFlyweight<Logoff> {
  public static final int TYPE = 5;
  public static final int ENCODED_LENGTH = 102;
  public static final int REASON_OFFSET = 4;
  public static final int REASON_LENGTH = 96;
  public static final int DO_NOT_RECONNECT_OFFSET = 100;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "LOGOFF", ENCODED_LENGTH)
      .text("Reason", REASON_OFFSET, REASON_LENGTH)
      .field("DoNotReconnect", DO_NOT_RECONNECT_OFFSET, WireType.U8)
      .build();

  public Logoff() {
    super(LAYOUT);
  }

  /** Reason: char[96]; "" when absent. Allocates: prefer {@link #appendReason} on hot paths. */
  public String reason() {
    return text(REASON_OFFSET, REASON_LENGTH, "");
  }

  public StringBuilder appendReason(StringBuilder dst) {
    return appendText(REASON_OFFSET, REASON_LENGTH, "", dst);
  }

  /** Copies at most 95 chars and NUL-pads. */
  public Logoff reason(CharSequence value) {
    return putText(REASON_OFFSET, REASON_LENGTH, value);
  }

  /** DoNotReconnect: uint8_t. */
  public int doNotReconnect() {
    return u8(DO_NOT_RECONNECT_OFFSET, 0);
  }

  public Logoff doNotReconnect(int value) {
    return putU8(DO_NOT_RECONNECT_OFFSET, value);
  }
}
