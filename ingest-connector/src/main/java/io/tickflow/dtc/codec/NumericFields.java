package io.tickflow.dtc.codec;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Generic little-endian access to a numeric field by its {@link WireType}, for the layout-driven parts of the codec
 * (JSON, defaults, printing). Integers travel as {@code long} (exact for every width, uint32 unsigned), floats as
 * {@code double} (exact for float).
 */
final class NumericFields {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private NumericFields() {
  }

  static boolean isFloatingPoint(WireType type) {
    return type == WireType.F32 || type == WireType.F64;
  }

  static long getLong(DirectBuffer buffer, int index, WireType type) {
    switch (type) {
      case U8:
        return buffer.getByte(index) & 0xFFL;
      case I8:
        return buffer.getByte(index);
      case U16:
        return buffer.getShort(index, LE) & 0xFFFFL;
      case I16:
        return buffer.getShort(index, LE);
      case I32:
        return buffer.getInt(index, LE);
      case U32:
        return buffer.getInt(index, LE) & 0xFFFF_FFFFL;
      case I64:
        return buffer.getLong(index, LE);
      default:
        throw new IllegalArgumentException("not an integer wire type: " + type);
    }
  }

  static double getDouble(DirectBuffer buffer, int index, WireType type) {
    if (type == WireType.F32) {
      return buffer.getFloat(index, LE);
    }
    if (type == WireType.F64) {
      return buffer.getDouble(index, LE);
    }
    throw new IllegalArgumentException("not a floating-point wire type: " + type);
  }

  static void putLong(MutableDirectBuffer buffer, int index, WireType type, long value) {
    switch (type) {
      case U8:
      case I8:
        buffer.putByte(index, (byte) value);
        break;
      case U16:
      case I16:
        buffer.putShort(index, (short) value, LE);
        break;
      case I32:
      case U32:
        buffer.putInt(index, (int) value, LE);
        break;
      case I64:
        buffer.putLong(index, value, LE);
        break;
      default:
        throw new IllegalArgumentException("not an integer wire type: " + type);
    }
  }

  static void put(MutableDirectBuffer buffer, int index, WireType type, double value) {
    if (type == WireType.F32) {
      buffer.putFloat(index, (float) value, LE);
    } else if (type == WireType.F64) {
      buffer.putDouble(index, value, LE);
    } else {
      putLong(buffer, index, type, (long) value);
    }
  }

  /** True when the value is the type's "not set" sentinel (DBL_MAX, FLT_MAX, UINT_MAX). */
  static boolean isUnsetSentinel(DirectBuffer buffer, int index, WireType type) {
    switch (type) {
      case F64:
        return buffer.getDouble(index, LE) == Unset.DOUBLE;
      case F32:
        return buffer.getFloat(index, LE) == Unset.FLOAT;
      case U32:
        return (buffer.getInt(index, LE) & 0xFFFF_FFFFL) == Unset.UINT32;
      default:
        return false;
    }
  }
}
