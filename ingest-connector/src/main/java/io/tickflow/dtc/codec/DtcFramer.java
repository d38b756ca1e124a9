package io.tickflow.dtc.codec;

import io.tickflow.dtc.codec.message.DtcMessages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts a DTC byte stream into whole messages, whatever the read boundaries: binary frames by their Size field, JSON
 * messages by their 0x00 terminator. It owns a fixed buffer of {@code maxFrameLength + readChunk} bytes, so memory
 * is bounded; a caller appends what it read, then {@link #poll}s frames out.
 *
 * <p>Protocol errors (a Size below the 4-byte header or above the maximum, a JSON message without terminator within
 * the maximum) throw {@link DtcCodecException}; the stream cannot be resynchronised after that, so the caller must
 * close the connection. Binary frames of unknown type are skipped by their Size and counted. Not thread-safe.
 */
public final class DtcFramer {
  private static final byte JSON_TERMINATOR = 0;

  /** Receives whole frames. The view is valid only during the call. */
  public interface FrameHandler {
    /**
     * @return {@code false} to refuse the frame for now (backpressure): the framer keeps it and stops; the next
     *     {@link #poll} offers it again
     */
    boolean onFrame(DirectBuffer buffer, int offset, int length);

    /** A binary frame of a type the codec does not know was skipped. */
    default void onUnknownType(int type, int size, long streamOffset) {
    }

    /**
     * A JSON message was framed but could not be decoded (not JSON, no Type, a value of the wrong kind). Unlike a
     * bad binary Size this leaves the stream in step, as the next message starts after the terminator; the
     * default still treats it as fatal, a handler may skip it instead.
     */
    default void onMalformedMessage(DtcCodecException error) {
      throw error;
    }
  }

  private final UnsafeBuffer buffer;
  private final int maxFrameLength;
  private DtcEncoding encoding = DtcEncoding.BINARY;
  private int readPosition;
  private int writePosition;
  private int jsonScanPosition;
  private long consumedBefore;
  private long unknownFrames;

  /**
   * @param maxFrameLength longest accepted frame, 4..65535 (binary Size is a uint16)
   * @param readChunk      room kept for one network read beyond a partial frame, at least 1
   */
  public DtcFramer(int maxFrameLength, int readChunk) {
    if (maxFrameLength < DtcFlyweight.HEADER_LENGTH || maxFrameLength > DtcFlyweight.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("maxFrameLength must be in [" + DtcFlyweight.HEADER_LENGTH + ", "
          + DtcFlyweight.MAX_MESSAGE_LENGTH + "], was " + maxFrameLength);
    }
    if (readChunk < 1) {
      throw new IllegalArgumentException("readChunk must be >= 1, was " + readChunk);
    }
    this.maxFrameLength = maxFrameLength;
    this.buffer = new UnsafeBuffer(new byte[maxFrameLength + readChunk]);
  }

  /** Switches framing for the bytes not yet polled (after ENCODING_RESPONSE; may be called from a handler). */
  public void encoding(DtcEncoding newEncoding) {
    if (!newEncoding.isSupported()) {
      throw new IllegalArgumentException("unsupported encoding " + newEncoding);
    }
    this.encoding = newEncoding;
    this.jsonScanPosition = readPosition;
  }

  public DtcEncoding encoding() {
    return encoding;
  }

  /** Bytes that {@link #append} can take now. */
  public int writableBytes() {
    return buffer.capacity() - writePosition;
  }

  /** Bytes received but not yet delivered (a partial frame, or frames refused by the handler). */
  public int pendingBytes() {
    return writePosition - readPosition;
  }

  /** Binary frames of unknown type skipped so far. */
  public long unknownFrames() {
    return unknownFrames;
  }

  /**
   * Copies as much of {@code src} as fits (advancing its position).
   *
   * @return the number of bytes copied
   */
  public int append(ByteBuffer src) {
    final int length = Math.min(src.remaining(), writableBytes());
    buffer.putBytes(writePosition, src, src.position(), length);
    src.position(src.position() + length);
    writePosition += length;
    return length;
  }

  /**
   * Delivers every complete frame in order until none is left or the handler refuses one.
   *
   * @return the number of frames delivered
   * @throws DtcCodecException on a protocol error; the framer is unusable afterwards
   */
  public int poll(FrameHandler handler) {
    int delivered = 0;
    boolean accepted = true;
    while (accepted) {
      // Read before the handler runs: it may switch the encoding for the frames after this one.
      final boolean json = encoding == DtcEncoding.JSON;
      final int frameLength = json ? nextJsonFrame() : nextBinaryFrame(handler);
      if (frameLength <= 0) {
        break;
      }
      accepted = handler.onFrame(buffer, readPosition, frameLength);
      if (accepted) {
        consume(json ? frameLength + 1 : frameLength);
        delivered++;
      }
    }
    compact();
    return delivered;
  }

  /** @return the length of the next deliverable binary frame, or 0 when more bytes are needed */
  private int nextBinaryFrame(FrameHandler handler) {
    while (pendingBytes() >= DtcFlyweight.HEADER_LENGTH) {
      final int size = buffer.getShort(readPosition + DtcFlyweight.SIZE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
      final int type = buffer.getShort(readPosition + DtcFlyweight.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
      if (size < DtcFlyweight.HEADER_LENGTH) {
        throw new DtcCodecException("invalid size " + size + " below the header length "
            + DtcFlyweight.HEADER_LENGTH, streamOffset(), type, size);
      }
      if (size > maxFrameLength) {
        throw new DtcCodecException("invalid size " + size + " above the maximum frame length "
            + maxFrameLength, streamOffset(), type, size);
      }
      if (pendingBytes() < size) {
        return 0;
      }
      if (DtcMessages.isKnown(type)) {
        return size;
      }
      unknownFrames++;
      handler.onUnknownType(type, size, streamOffset());
      consume(size);
    }
    return 0;
  }

  /** @return the length of the next JSON message without its terminator, or 0 when more bytes are needed */
  private int nextJsonFrame() {
    // The scan stops at the maximum: a longer message is an error whether or not its terminator came in the same
    // read, as a binary Size above it is.
    while (jsonScanPosition < writePosition && jsonScanPosition - readPosition <= maxFrameLength) {
      if (buffer.getByte(jsonScanPosition) == JSON_TERMINATOR) {
        if (jsonScanPosition == readPosition) {
          consume(1); // an empty message between terminators carries nothing
          continue;
        }
        return jsonScanPosition - readPosition;
      }
      jsonScanPosition++;
    }
    if (pendingBytes() > maxFrameLength) {
      throw new DtcCodecException("JSON message without terminator within the maximum frame length "
          + maxFrameLength, streamOffset(), -1, pendingBytes());
    }
    return 0;
  }

  private void consume(int length) {
    readPosition += length;
    jsonScanPosition = Math.max(jsonScanPosition, readPosition);
  }

  private long streamOffset() {
    return consumedBefore + readPosition;
  }

  private void compact() {
    if (readPosition == 0) {
      return;
    }
    final int pending = pendingBytes();
    if (pending > 0) {
      buffer.putBytes(0, buffer, readPosition, pending);
    }
    consumedBefore += readPosition;
    jsonScanPosition -= readPosition;
    writePosition = pending;
    readPosition = 0;
  }
}
