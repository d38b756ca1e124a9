package io.tickflow.query.ws;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where an {@link Outbox} writes: a WebSocket session in production. Sending is asynchronous; exactly one of the
 * callbacks runs when the write completes, possibly on the calling thread.
 */
public interface MessageSink {

  /**
   * Writes {@code messages} (UTF-8 JSON text, not to be modified after the call) in order, one WebSocket text message
   * each, in as few writes to the socket as it can.
   */
  void send(List<byte[]> messages, Runnable onSent, Consumer<Throwable> onFailed);

  /** Sends a WebSocket ping frame, outside the order of the messages: a control frame may go between them. */
  void ping();

  /** Closes the connection with a WebSocket close code and a reason (at most 123 bytes). */
  void close(int code, String reason);
}
