package io.tickflow.scid;

import java.nio.ByteBuffer;

/**
 * Flyweight over one 24-byte {@code s_MarketDepthFileRecord} in a little-endian buffer, reused for every record.
 * Not thread-safe.
 */
public final class DepthRecordDecoder {

  public static final int ENCODED_LENGTH = 24;
  /** Flags bit set on the last record of a batch: the book is consistent after it. */
  public static final int FLAG_END_OF_BATCH = 0x01;
  static final int DATE_TIME_OFFSET = 0;
  static final int COMMAND_OFFSET = 8;
  static final int FLAGS_OFFSET = 9;
  static final int NUM_ORDERS_OFFSET = 10;
  static final int PRICE_OFFSET = 12;
  static final int QUANTITY_OFFSET = 16;

  private ByteBuffer buffer;
  private int offset;

  /**
   * Points this decoder at the record starting at {@code offset}.
   *
   * @throws IllegalArgumentException if the buffer is not little-endian or the record does not fit in it
   */
  public DepthRecordDecoder wrap(ByteBuffer buffer, int offset) {
    Codec.checkWrap(buffer, offset, ENCODED_LENGTH);
    this.buffer = buffer;
    this.offset = offset;
    return this;
  }

  /** Raw SCDateTime bits; convert with the file's {@link DateTimeEncoding}. */
  public long rawDateTime() {
    return buffer.getLong(offset + DATE_TIME_OFFSET);
  }

  /** Unsigned command code; see {@link DepthCommand#ofCode}. */
  public int commandCode() {
    return Byte.toUnsignedInt(buffer.get(offset + COMMAND_OFFSET));
  }

  public int flags() {
    return Byte.toUnsignedInt(buffer.get(offset + FLAGS_OFFSET));
  }

  public boolean endOfBatch() {
    return (flags() & FLAG_END_OF_BATCH) != 0;
  }

  public int numOrders() {
    return Short.toUnsignedInt(buffer.getShort(offset + NUM_ORDERS_OFFSET));
  }

  public float price() {
    return buffer.getFloat(offset + PRICE_OFFSET);
  }

  public long quantity() {
    return Codec.uint32(buffer, offset + QUANTITY_OFFSET);
  }
}
