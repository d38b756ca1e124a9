package io.tickflow.dtc.codec;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.io.ExpandableDirectBufferOutputStream;

/**
 * Encodes outgoing messages into a growing batch of wire bytes in the connection's encoding: the binary struct,
 * or its JSON form followed by the 0x00 terminator. A connection starts binary, so ENCODING_REQUEST and
 * ENCODING_RESPONSE (always binary) are written before switching {@link #encoding(DtcEncoding)}. Transport-agnostic: the caller copies {@link #array()} up to
 * {@link #length()} to its socket and then {@link #reset()}s. Not thread-safe.
 *
 * <pre>{@code writer.end(writer.begin(heartbeat).currentDateTime(now));}</pre>
 */
public final class DtcMessageWriter {
  private static final byte JSON_TERMINATOR = 0;

  private final ExpandableArrayBuffer batch = new ExpandableArrayBuffer(4096);
  private final ExpandableDirectBufferOutputStream jsonOut = new ExpandableDirectBufferOutputStream();
  private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[DtcFlyweight.MAX_MESSAGE_LENGTH]);
  private final DtcJson json = new DtcJson();
  private DtcEncoding encoding = DtcEncoding.BINARY;
  private int length;

  /** Sets the encoding of the messages begun from now on. */
  public void encoding(DtcEncoding newEncoding) {
    if (!newEncoding.isSupported()) {
      throw new IllegalArgumentException("unsupported encoding " + newEncoding);
    }
    this.encoding = newEncoding;
  }

  public DtcEncoding encoding() {
    return encoding;
  }

  /** Starts a message: the flyweight is wrapped for encoding with the header's defaults, ready for its setters. */
  public <T extends DtcFlyweight<T>> T begin(T flyweight) {
    return encoding == DtcEncoding.BINARY ? flyweight.wrapForEncode(batch, length)
        : flyweight.wrapForEncode(scratch, 0);
  }

  /** Completes the message last {@link #begin begun} with this flyweight, in the current encoding. */
  public void end(DtcFlyweight<?> flyweight) {
    if (encoding == DtcEncoding.BINARY) {
      length += flyweight.length();
      return;
    }
    jsonOut.wrap(batch, length);
    json.write(flyweight.buffer(), flyweight.offset(), flyweight.length(), jsonOut, false);
    length += jsonOut.position();
    batch.putByte(length++, JSON_TERMINATOR);
  }

  public byte[] array() {
    return batch.byteArray();
  }

  /** Bytes ready in {@link #array()}. */
  public int length() {
    return length;
  }

  public void reset() {
    length = 0;
  }
}
