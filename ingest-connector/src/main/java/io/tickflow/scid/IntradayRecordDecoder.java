package io.tickflow.scid;

import java.nio.ByteBuffer;

/**
 * Flyweight over one 40-byte {@code s_IntradayRecord} in a little-endian buffer. One instance is wrapped over every
 * record in turn, so reading allocates nothing. Not thread-safe.
 */
public final class IntradayRecordDecoder {

  public static final int ENCODED_LENGTH = 40;
  static final int DATE_TIME_OFFSET = 0;
  static final int OPEN_OFFSET = 8;
  static final int HIGH_OFFSET = 12;
  static final int LOW_OFFSET = 16;
  static final int CLOSE_OFFSET = 20;
  static final int NUM_TRADES_OFFSET = 24;
  static final int TOTAL_VOLUME_OFFSET = 28;
  static final int BID_VOLUME_OFFSET = 32;
  static final int ASK_VOLUME_OFFSET = 36;

  private ByteBuffer buffer;
  private int offset;

  /**
   * Points this decoder at the record starting at {@code offset}.
   *
   * @throws IllegalArgumentException if the buffer is not little-endian or the record does not fit in it
   */
  public IntradayRecordDecoder wrap(ByteBuffer buffer, int offset) {
    Codec.checkWrap(buffer, offset, ENCODED_LENGTH);
    this.buffer = buffer;
    this.offset = offset;
    return this;
  }

  /** Raw SCDateTime bits; convert with the file's {@link DateTimeEncoding}. */
  public long rawDateTime() {
    return buffer.getLong(offset + DATE_TIME_OFFSET);
  }

  public int openBits() {
    return buffer.getInt(offset + OPEN_OFFSET);
  }

  public RecordKind kind() {
    return RecordKind.ofOpenBits(openBits());
  }

  /** Bar open; a marker (not a price) for trade records. */
  public float open() {
    return buffer.getFloat(offset + OPEN_OFFSET);
  }

  /** Bar high, or the ask at trade time for trade records. */
  public float high() {
    return buffer.getFloat(offset + HIGH_OFFSET);
  }

  /** Bar low, or the bid at trade time for trade records. */
  public float low() {
    return buffer.getFloat(offset + LOW_OFFSET);
  }

  /** Bar close, or the trade price for trade records. */
  public float close() {
    return buffer.getFloat(offset + CLOSE_OFFSET);
  }

  public long numTrades() {
    return Codec.uint32(buffer, offset + NUM_TRADES_OFFSET);
  }

  public long totalVolume() {
    return Codec.uint32(buffer, offset + TOTAL_VOLUME_OFFSET);
  }

  /** Volume traded at the bid (seller was the aggressor). */
  public long bidVolume() {
    return Codec.uint32(buffer, offset + BID_VOLUME_OFFSET);
  }

  /** Volume traded at the ask (buyer was the aggressor). */
  public long askVolume() {
    return Codec.uint32(buffer, offset + ASK_VOLUME_OFFSET);
  }
}
