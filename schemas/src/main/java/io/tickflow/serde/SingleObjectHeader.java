package io.tickflow.serde;

import java.util.HexFormat;

/**
 * Reads the 10-byte header of Avro single-object encoding (marker {@code C3 01}, then the writer schema's
 * CRC-64-AVRO fingerprint, little-endian) to name the writer schema in error messages. Decoding itself is Avro's.
 */
final class SingleObjectHeader {

  static final int LENGTH = 10;

  private SingleObjectHeader() {
  }

  /** The fingerprint as 16 hex digits, or a description of why there is none. */
  static String describeFingerprint(byte[] data) {
    if (data.length < LENGTH) {
      return "none (only " + data.length + " bytes)";
    }
    long fingerprint = 0;
    for (int i = LENGTH - 1; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (data[i] & 0xFF);
    }
    return String.format("%016x", fingerprint);
  }

  /** The first bytes in hex, for "what did we get instead" messages. */
  static String prefixHex(byte[] data) {
    int n = Math.min(data.length, LENGTH);
    return HexFormat.ofDelimiter(" ").formatHex(data, 0, n);
  }
}
