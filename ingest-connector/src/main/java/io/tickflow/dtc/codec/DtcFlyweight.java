package io.tickflow.dtc.codec;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Base of every message flyweight: a reusable view over one binary DTC message in a buffer, SBE style. Wrap it
 * with {@link #wrap} to read a received frame, or with {@link #wrapForEncode} to write a new message in place.
 *
 * <p>Reading is size-tolerant: a field that ends beyond the frame's Size (an older or smaller peer struct) reads as
 * the header's constructor default, and nothing past the frame is ever read. Extra trailing bytes (a newer peer)
 * are ignored. Instances are not thread-safe; keep one per thread and reuse it for every frame.
 *
 * @param <T> the concrete flyweight, so that fluent calls keep their type
 */
public abstract class DtcFlyweight<T extends DtcFlyweight<T>> {
  public static final int SIZE_OFFSET = 0;
  public static final int TYPE_OFFSET = 2;
  public static final int HEADER_LENGTH = 4;
  /** Size is a uint16, so no binary message can be longer. */
  public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private final MessageLayout layout;
  private DirectBuffer buffer;
  private MutableDirectBuffer mutableBuffer;
  private int offset;
  private int length;

  protected DtcFlyweight(MessageLayout layout) {
    this.layout = layout;
  }

  /**
   * Views a received frame.
   *
   * @param length the frame's Size: fields beyond it read as defaults
   * @throws DtcCodecException if the frame is shorter than the header or runs past the buffer
   */
  public final T wrap(DirectBuffer buffer, int offset, int length) {
    if (length < HEADER_LENGTH || offset < 0 || offset + length > buffer.capacity()) {
      throw new DtcCodecException("frame does not fit: length " + length + ", buffer capacity "
          + buffer.capacity(), offset, layout.type(), length);
    }
    this.buffer = buffer;
    this.mutableBuffer = null;
    this.offset = offset;
    this.length = length;
    return self();
  }

  /** Writes the constructor defaults (Size, Type, sentinels) at {@code offset} and views them for the setters. */
  public final T wrapForEncode(MutableDirectBuffer buffer, int offset) {
    this.length = layout.encodeDefaults(buffer, offset);
    this.buffer = buffer;
    this.mutableBuffer = buffer;
    this.offset = offset;
    return self();
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public final MessageLayout layout() {
    return layout;
  }

  public final DirectBuffer buffer() {
    return buffer;
  }

  public final int offset() {
    return offset;
  }

  /** The frame length: the received Size, or the encoded length after {@link #wrapForEncode}. */
  public final int length() {
    return length;
  }

  protected final int u8(int field, int absent) {
    return field + 1 <= length ? buffer.getByte(offset + field) & 0xFF : absent;
  }

  protected final int i8(int field, int absent) {
    return field + 1 <= length ? buffer.getByte(offset + field) : absent;
  }

  protected final int u16(int field, int absent) {
    return field + 2 <= length ? buffer.getShort(offset + field, LE) & 0xFFFF : absent;
  }

  protected final int i16(int field, int absent) {
    return field + 2 <= length ? buffer.getShort(offset + field, LE) : absent;
  }

  protected final int i32(int field, int absent) {
    return field + 4 <= length ? buffer.getInt(offset + field, LE) : absent;
  }

  protected final long u32(int field, long absent) {
    return field + 4 <= length ? buffer.getInt(offset + field, LE) & 0xFFFF_FFFFL : absent;
  }

  protected final long i64(int field, long absent) {
    return field + 8 <= length ? buffer.getLong(offset + field, LE) : absent;
  }

  protected final float f32(int field, float absent) {
    return field + 4 <= length ? buffer.getFloat(offset + field, LE) : absent;
  }

  protected final double f64(int field, double absent) {
    return field + 8 <= length ? buffer.getDouble(offset + field, LE) : absent;
  }

  protected final String text(int field, int fieldLength, String absent) {
    return field < length ? Text.get(buffer, offset + field, Math.min(fieldLength, length - field)) : absent;
  }

  protected final StringBuilder appendText(int field, int fieldLength, String absent, StringBuilder dst) {
    return field < length
        ? Text.append(buffer, offset + field, Math.min(fieldLength, length - field), dst)
        : dst.append(absent);
  }

  protected final T putU8(int field, int value) {
    mutableBuffer.putByte(offset + field, (byte) value);
    return self();
  }

  protected final T putU16(int field, int value) {
    mutableBuffer.putShort(offset + field, (short) value, LE);
    return self();
  }

  protected final T putI32(int field, int value) {
    mutableBuffer.putInt(offset + field, value, LE);
    return self();
  }

  protected final T putU32(int field, long value) {
    mutableBuffer.putInt(offset + field, (int) value, LE);
    return self();
  }

  protected final T putI64(int field, long value) {
    mutableBuffer.putLong(offset + field, value, LE);
    return self();
  }

  protected final T putF32(int field, float value) {
    mutableBuffer.putFloat(offset + field, value, LE);
    return self();
  }

  protected final T putF64(int field, double value) {
    mutableBuffer.putDouble(offset + field, value, LE);
    return self();
  }

  protected final T putText(int field, int fieldLength, CharSequence value) {
    Text.put(mutableBuffer, offset + field, fieldLength, value);
    return self();
  }
}
