package io.tickflow.serde;

import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Reads the 10-byte header of Avro single-object encoding (marker {@code C3 01}, then the writer schema's CRC-64-AVRO
 * fingerprint, little-endian): to find the writer schema's record type and to name it in error messages. Also builds
 * it for the hand-written codecs ({@code SingleObjectCodec}); decoding otherwise is Avro's.
 */
public final class SingleObjectHeader {

  /** Header length: 2 marker bytes and an 8-byte fingerprint. */
  public static final int LENGTH = 10;

  private SingleObjectHeader() {
  }

  /** The header announcing data written with the schema of this fingerprint. */
  static byte[] of(long fingerprint) {
    byte[] header = new byte[LENGTH];
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 2; i < LENGTH; i++) {
      header[i] = (byte) (fingerprint >>> (8 * (i - 2)));
    }
    return header;
  }

  /** The writer schema fingerprint, or empty when the data is not single-object encoded. */
  public static OptionalLong fingerprint(byte[] data) {
    if (data.length < LENGTH || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
      return OptionalLong.empty();
    }
    long fingerprint = 0;
    for (int i = LENGTH - 1; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (data[i] & 0xFF);
    }
    return OptionalLong.of(fingerprint);
  }

  /** The fingerprint as 16 hex digits, or "none" when there is no single-object header. */
  public static String describeFingerprint(byte[] data) {
    OptionalLong fingerprint = fingerprint(data);
    return fingerprint.isPresent() ? String.format("%016x", fingerprint.getAsLong()) : "none";
  }

  /** The first bytes in hex, for "what did we get instead" messages. */
  public static String prefixHex(byte[] data) {
    return HexFormat.ofDelimiter(" ").formatHex(data, 0, Math.min(data.length, LENGTH));
  }
}
