package io.tickflow.dtc.codec;

/**
 * A malformed DTC frame or message: the one exception type of the codec. It carries where the problem is (byte
 * offset in the stream or buffer), the message type when known (-1 otherwise) and the frame size when known (-1
 * otherwise), so a caller can log and count it without parsing the text.
 */
public final class DtcCodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final int type;
  private final int size;

  public DtcCodecException(String reason, long offset, int type, int size) {
    super(reason + " (type " + type + ", size " + size + ", at offset " + offset + ")");
    this.offset = offset;
    this.type = type;
    this.size = size;
  }

  public DtcCodecException(String reason, long offset, int type, int size, Throwable cause) {
    this(reason, offset, type, size);
    initCause(cause);
  }

  /** Byte offset of the offending frame. */
  public long offset() {
    return offset;
  }

  /** DTC message type of the offending frame, or -1 when it could not be read. */
  public int type() {
    return type;
  }

  /** Size of the offending frame in bytes, or -1 when it could not be read. */
  public int size() {
    return size;
  }
}
