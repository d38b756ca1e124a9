package io.tickflow.query.ws;

import java.util.function.Consumer;

/**
 * Where an {@link Outbox} writes: a WebSocket session in production. Sending is asynchronous; exactly one of the
 * callbacks runs when the write completes, possibly on the calling thread.
 */
public interface MessageSink {

  void send(String text, Runnable onSent, Consumer<Throwable> onFailed);

  /** Closes the connection with a WebSocket close code and a reason (at most 123 bytes). */
  void close(int code, String reason);
}
