package io.tickflow.dtc.codec;

/** How a field is stored in a binary DTC struct: its width and signedness. All multi-byte values are little-endian. */
public enum WireType {
  U8(1), I8(1), U16(2), I16(2), I32(4), U32(4), I64(8), F32(4), F64(8),
  /** A fixed-length char array, NUL-terminated and NUL-padded; the length is the field's. */
  CHARS(0);

  private final int width;

  WireType(int width) {
    this.width = width;
  }

  /** Width in bytes; 0 for {@link #CHARS}, whose length is per field. */
  public int width() {
    return width;
  }
}
