package io.tickflow.dtc.codec;

/** DTC EncodingEnum. The codec frames and decodes {@link #BINARY} and {@link #JSON}; the others are only named. */
public enum DtcEncoding {
  BINARY(0), BINARY_WITH_VARIABLE_LENGTH_STRINGS(1), JSON(2), JSON_COMPACT(3), PROTOCOL_BUFFERS(4);

  private final int code;

  DtcEncoding(int code) {
    this.code = code;
  }

  /** The EncodingEnum value on the wire. */
  public int code() {
    return code;
  }

  public boolean isSupported() {
    return this == BINARY || this == JSON;
  }

  /** Whether the protocol defines this EncodingEnum value (a peer may send anything). */
  public static boolean isDefined(int code) {
    return code >= BINARY.code && code <= PROTOCOL_BUFFERS.code;
  }

  /**
   * @throws IllegalArgumentException for a value the protocol does not define
   */
  public static DtcEncoding fromCode(int code) {
    for (DtcEncoding encoding : values()) {
      if (encoding.code == code) {
        return encoding;
      }
    }
    throw new IllegalArgumentException("unknown DTC encoding " + code);
  }
}
