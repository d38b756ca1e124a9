package io.tickflow.scid;

import java.nio.ByteBuffer;

/** Fluent flyweight writing one 24-byte market depth record, symmetrical with {@link DepthRecordDecoder}. */
public final class DepthRecordEncoder {

  private static final int UINT16_MAX = 0xFFFF;

  private ByteBuffer buffer;
  private int offset;

  /** Points this encoder at {@code offset} and zeroes the record, so the reserved bytes are 0. */
  public DepthRecordEncoder wrap(ByteBuffer buffer, int offset) {
    Codec.checkWrap(buffer, offset, DepthRecordDecoder.ENCODED_LENGTH);
    this.buffer = buffer;
    this.offset = offset;
    buffer.putLong(offset, 0L).putLong(offset + 8, 0L).putLong(offset + 16, 0L);
    return this;
  }

  public DepthRecordEncoder rawDateTime(long bits) {
    buffer.putLong(offset + DepthRecordDecoder.DATE_TIME_OFFSET, bits);
    return this;
  }

  public DepthRecordEncoder command(DepthCommand command) {
    return commandCode(command.code());
  }

  /** Raw command byte; also lets tests write codes Sierra Chart does not define. */
  public DepthRecordEncoder commandCode(int code) {
    buffer.put(offset + DepthRecordDecoder.COMMAND_OFFSET, (byte) code);
    return this;
  }

  public DepthRecordEncoder flags(int flags) {
    buffer.put(offset + DepthRecordDecoder.FLAGS_OFFSET, (byte) flags);
    return this;
  }

  public DepthRecordEncoder endOfBatch(boolean end) {
    return flags(end ? DepthRecordDecoder.FLAG_END_OF_BATCH : 0);
  }

  public DepthRecordEncoder numOrders(int value) {
    if (value < 0 || value > UINT16_MAX) {
      throw new IllegalArgumentException("numOrders " + value + " does not fit uint16");
    }
    buffer.putShort(offset + DepthRecordDecoder.NUM_ORDERS_OFFSET, (short) value);
    return this;
  }

  public DepthRecordEncoder price(float value) {
    buffer.putFloat(offset + DepthRecordDecoder.PRICE_OFFSET, value);
    return this;
  }

  public DepthRecordEncoder quantity(long value) {
    buffer.putInt(offset + DepthRecordDecoder.QUANTITY_OFFSET, Codec.checkUint32(value));
    return this;
  }
}
