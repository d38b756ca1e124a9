package io.tickflow.dtc.codec;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns received bytes into binary messages whatever the encoding: frames with a {@link DtcFramer} and converts
 * JSON messages to their binary struct image with {@link DtcJson}, so handlers only ever see binary flyweight
 * input. Unknown types (binary or JSON) are skipped and counted; a JSON message that cannot be decoded goes to the
 * handler's {@link DtcFramer.FrameHandler#onMalformedMessage}. Not thread-safe: one per connection.
 */
public final class DtcStreamDecoder {
  private final DtcFramer framer;
  private final DtcJson json = new DtcJson();
  private final UnsafeBuffer converted = new UnsafeBuffer(new byte[DtcFlyweight.MAX_MESSAGE_LENGTH]);
  private final Router router = new Router();
  private DtcFramer.FrameHandler target;
  private long unknownMessages;

  /**
   * @param maxFrameLength longest accepted frame (see {@link DtcFramer})
   * @param readChunk      room for one read beyond a partial frame
   */
  public DtcStreamDecoder(int maxFrameLength, int readChunk) {
    this.framer = new DtcFramer(maxFrameLength, readChunk);
  }

  /** Switches the encoding of the bytes not yet decoded; may be called from the handler. */
  public void encoding(DtcEncoding encoding) {
    framer.encoding(encoding);
  }

  public DtcEncoding encoding() {
    return framer.encoding();
  }

  public int writableBytes() {
    return framer.writableBytes();
  }

  public int pendingBytes() {
    return framer.pendingBytes();
  }

  /** Binary and JSON messages of unknown type skipped so far. */
  public long unknownMessages() {
    return unknownMessages;
  }

  /** @see DtcFramer#append(ByteBuffer) */
  public int append(ByteBuffer src) {
    return framer.append(src);
  }

  /**
   * Delivers every complete message as binary, in order, until none is left or the handler refuses one.
   *
   * @return the number of frames consumed (delivered, or skipped as unknown JSON)
   * @throws DtcCodecException on a protocol error; the connection must be closed
   */
  public int poll(DtcFramer.FrameHandler handler) {
    target = handler;
    return framer.poll(router);
  }

  /** Decides per frame: a binary frame (ENCODING_RESPONSE) may switch the stream to JSON mid-poll. */
  private final class Router implements DtcFramer.FrameHandler {
    @Override
    public boolean onFrame(DirectBuffer buffer, int offset, int length) {
      if (framer.encoding() != DtcEncoding.JSON) {
        return target.onFrame(buffer, offset, length);
      }
      final int binaryLength;
      try {
        binaryLength = json.read(buffer, offset, length, converted, 0);
      } catch (DtcCodecException e) {
        target.onMalformedMessage(e);
        return true;
      }
      if (binaryLength == DtcJson.UNKNOWN_TYPE) {
        onUnknownType(json.lastType(), length, -1);
        return true;
      }
      return target.onFrame(converted, 0, binaryLength);
    }

    @Override
    public void onUnknownType(int type, int size, long streamOffset) {
      unknownMessages++;
      target.onUnknownType(type, size, streamOffset);
    }
  }
}
