package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code HEARTBEAT} (type 3): 16 bytes, pack(8) in the official header.
 */
public final class Heartbeat extends DtcFlyweight<Heartbeat> {
  public static final int TYPE = 3;
  public static final int ENCODED_LENGTH = 16;
  public static final int NUM_DROPPED_MESSAGES_OFFSET = 4;
  public static final int CURRENT_DATE_TIME_OFFSET = 8;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "HEARTBEAT", ENCODED_LENGTH)
      .field("NumDroppedMessages", NUM_DROPPED_MESSAGES_OFFSET, WireType.U32)
      .field("CurrentDateTime", CURRENT_DATE_TIME_OFFSET, WireType.I64)
      .build();

  public Heartbeat() {
    super(LAYOUT);
  }

  /** NumDroppedMessages: uint32_t. */
  public long numDroppedMessages() {
    return u32(NUM_DROPPED_MESSAGES_OFFSET, 0L);
  }

  public Heartbeat numDroppedMessages(long value) {
    return putU32(NUM_DROPPED_MESSAGES_OFFSET, value);
  }

  /** CurrentDateTime: int64 (s) (t_DateTime). */
  public long currentDateTime() {
    return i64(CURRENT_DATE_TIME_OFFSET, 0L);
  }

  public Heartbeat currentDateTime(long value) {
    return putI64(CURRENT_DATE_TIME_OFFSET, value);
  }
}
