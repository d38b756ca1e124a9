package io.tickflow.dtc.client;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The bounded handoff from the network thread (single producer) to the polling thread (single consumer): message
 * bytes are copied into an Agrona ring buffer, so nothing is allocated per message and memory is fixed. A full
 * queue is a {@code false} from {@link #offer}, which the network thread turns into "stop reading the socket".
 */
final class MessageQueue {
  private final OneToOneRingBuffer ring;
  private final MessageHandler adapter = this::deliver;
  private DtcMessageHandler handler;

  MessageQueue(int capacity) {
    ring = new OneToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
  }

  /** Network thread only. DTC types are all >= 1, as the ring requires. */
  boolean offer(int type, DirectBuffer buffer, int offset, int length) {
    return ring.write(type, buffer, offset, length);
  }

  /** Polling thread only. */
  int drain(DtcMessageHandler target, int limit) {
    handler = target;
    return ring.read(adapter, limit);
  }

  private void deliver(int type, MutableDirectBuffer buffer, int offset, int length) {
    handler.onMessage(type, buffer, offset, length);
  }

  int size() {
    return ring.size();
  }
}
