package io.tickflow.scid;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bounds, byte-order and unsigned-integer checks shared by the record flyweights. */
final class Codec {

  private static final long UINT32_MAX = 0xFFFF_FFFFL;

  private Codec() {
  }

  static void checkWrap(ByteBuffer buffer, int offset, int length) {
    if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("buffer must be little-endian, is " + buffer.order());
    }
    if (offset < 0 || offset > buffer.capacity() - length) {
      throw new IllegalArgumentException("record of " + length + " bytes at offset " + offset
          + " does not fit a buffer of capacity " + buffer.capacity());
    }
  }

  static long uint32(ByteBuffer buffer, int index) {
    return Integer.toUnsignedLong(buffer.getInt(index));
  }

  static int checkUint32(long value) {
    if (value < 0 || value > UINT32_MAX) {
      throw new IllegalArgumentException("value " + value + " does not fit uint32");
    }
    return (int) value;
  }
}
