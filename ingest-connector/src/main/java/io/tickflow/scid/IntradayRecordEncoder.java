package io.tickflow.scid;

import java.nio.ByteBuffer;

/**
 * Fluent flyweight writing one 40-byte {@code s_IntradayRecord}, symmetrical with {@link IntradayRecordDecoder}.
 * Used by the fixture writer, the simulator and the benchmarks. Not thread-safe.
 */
public final class IntradayRecordEncoder {

  private ByteBuffer buffer;
  private int offset;

  public IntradayRecordEncoder wrap(ByteBuffer buffer, int offset) {
    Codec.checkWrap(buffer, offset, IntradayRecordDecoder.ENCODED_LENGTH);
    this.buffer = buffer;
    this.offset = offset;
    return this;
  }

  public IntradayRecordEncoder rawDateTime(long bits) {
    buffer.putLong(offset + IntradayRecordDecoder.DATE_TIME_OFFSET, bits);
    return this;
  }

  public IntradayRecordEncoder openBits(int bits) {
    buffer.putInt(offset + IntradayRecordDecoder.OPEN_OFFSET, bits);
    return this;
  }

  public IntradayRecordEncoder open(float value) {
    buffer.putFloat(offset + IntradayRecordDecoder.OPEN_OFFSET, value);
    return this;
  }

  public IntradayRecordEncoder high(float value) {
    buffer.putFloat(offset + IntradayRecordDecoder.HIGH_OFFSET, value);
    return this;
  }

  public IntradayRecordEncoder low(float value) {
    buffer.putFloat(offset + IntradayRecordDecoder.LOW_OFFSET, value);
    return this;
  }

  public IntradayRecordEncoder close(float value) {
    buffer.putFloat(offset + IntradayRecordDecoder.CLOSE_OFFSET, value);
    return this;
  }

  public IntradayRecordEncoder numTrades(long value) {
    return uint32(IntradayRecordDecoder.NUM_TRADES_OFFSET, value);
  }

  public IntradayRecordEncoder totalVolume(long value) {
    return uint32(IntradayRecordDecoder.TOTAL_VOLUME_OFFSET, value);
  }

  public IntradayRecordEncoder bidVolume(long value) {
    return uint32(IntradayRecordDecoder.BID_VOLUME_OFFSET, value);
  }

  public IntradayRecordEncoder askVolume(long value) {
    return uint32(IntradayRecordDecoder.ASK_VOLUME_OFFSET, value);
  }

  /**
   * Writes a one-tick record as Sierra Chart does: Open = the kind's marker, High = ask, Low = bid,
   * Close = price, one trade, and the whole size on the aggressor's side ({@code buyer} = lifted the ask).
   */
  public IntradayRecordEncoder trade(RecordKind kind, long rawDateTime, float price, float bid, float ask,
                     long size, boolean buyer) {
    if (!kind.isTrade()) {
      throw new IllegalArgumentException("not a trade kind: " + kind);
    }
    return rawDateTime(rawDateTime).openBits(kind.openBits()).high(ask).low(bid).close(price)
        .numTrades(1).totalVolume(size).bidVolume(buyer ? 0 : size).askVolume(buyer ? size : 0);
  }

  private IntradayRecordEncoder uint32(int fieldOffset, long value) {
    buffer.putInt(offset + fieldOffset, Codec.checkUint32(value));
    return this;
  }
}
