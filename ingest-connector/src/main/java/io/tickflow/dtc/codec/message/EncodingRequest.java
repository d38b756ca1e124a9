package io.tickflow.dtc.codec.message;

import io.tickflow.dtc.codec.DtcFlyweight;
import io.tickflow.dtc.codec.MessageLayout;
import io.tickflow.dtc.codec.WireType;

/**
 * Flyweight for DTC {@code ENCODING_REQUEST} (type 6): 16 bytes, pack(8) in the official header.
 */
public final class EncodingRequest extends DtcFlyweight<EncodingRequest> {
  public static final int TYPE = 6;
  public static final int ENCODED_LENGTH = 16;
  public static final int PROTOCOL_VERSION_OFFSET = 4;
  public static final int ENCODING_OFFSET = 8;
  public static final int PROTOCOL_TYPE_OFFSET = 12;
  public static final int PROTOCOL_TYPE_LENGTH = 4;

  public static final MessageLayout LAYOUT = MessageLayout.builder(TYPE, "ENCODING_REQUEST", ENCODED_LENGTH)
      .field("ProtocolVersion", PROTOCOL_VERSION_OFFSET, WireType.I32, 8)
      .field("Encoding", ENCODING_OFFSET, WireType.I32)
      .text("ProtocolType", PROTOCOL_TYPE_OFFSET, PROTOCOL_TYPE_LENGTH, "DTC")
      .build();

  public EncodingRequest() {
    super(LAYOUT);
  }

  /** ProtocolVersion: int32_t. */
  public int protocolVersion() {
    return i32(PROTOCOL_VERSION_OFFSET, 8);
  }

  public EncodingRequest protocolVersion(int value) {
    return putI32(PROTOCOL_VERSION_OFFSET, value);
  }

  /** Encoding: int32 enum (EncodingEnum). */
  public int encoding() {
    return i32(ENCODING_OFFSET, 0);
  }

  public EncodingRequest encoding(int value) {
    return putI32(ENCODING_OFFSET, value);
  }

  /** ProtocolType: char[4]; "" when absent. Allocates: prefer {@link #appendProtocolType} on hot paths. */
  public String protocolType() {
    return text(PROTOCOL_TYPE_OFFSET, PROTOCOL_TYPE_LENGTH, "DTC");
  }

  public StringBuilder appendProtocolType(StringBuilder dst) {
    return appendText(PROTOCOL_TYPE_OFFSET, PROTOCOL_TYPE_LENGTH, "DTC", dst);
  }

  /** Copies at most 3 chars and NUL-pads. */
  public EncodingRequest protocolType(CharSequence value) {
    return putText(PROTOCOL_TYPE_OFFSET, PROTOCOL_TYPE_LENGTH, value);
  }
}
