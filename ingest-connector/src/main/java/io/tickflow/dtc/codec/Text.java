package io.tickflow.dtc.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Fixed-length DTC char arrays. Bytes are read as ISO-8859-1 (the protocol is plain ASCII in practice, and this
 * keeps one byte = one char); writing copies at most {@code length - 1} chars and NUL-pads, like the header's
 * setters, so the array is always terminated.
 */
final class Text {
  private static final char REPLACEMENT = '?';

  private Text() {
  }

  /** Number of bytes before the first NUL, reading at most {@code max} bytes. */
  static int length(DirectBuffer buffer, int index, int max) {
    for (int i = 0; i < max; i++) {
      if (buffer.getByte(index + i) == 0) {
        return i;
      }
    }
    return max;
  }

  static String get(DirectBuffer buffer, int index, int max) {
    final int length = length(buffer, index, max);
    if (length == 0) {
      return "";
    }
    final char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) (buffer.getByte(index + i) & 0xFF);
    }
    return new String(chars);
  }

  static StringBuilder append(DirectBuffer buffer, int index, int max, StringBuilder dst) {
    final int length = length(buffer, index, max);
    for (int i = 0; i < length; i++) {
      dst.append((char) (buffer.getByte(index + i) & 0xFF));
    }
    return dst;
  }

  static void put(MutableDirectBuffer buffer, int index, int fieldLength, CharSequence value) {
    final int length = Math.min(value.length(), fieldLength - 1);
    for (int i = 0; i < length; i++) {
      final char c = value.charAt(i);
      buffer.putByte(index + i, (byte) (c > 0xFF ? REPLACEMENT : c));
    }
    buffer.setMemory(index + length, fieldLength - length, (byte) 0);
  }
}
