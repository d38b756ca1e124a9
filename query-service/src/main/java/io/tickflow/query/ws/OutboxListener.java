package io.tickflow.query.ws;

/**
 * What an {@link Outbox} reports: metrics and the connection's fate. May run under the outbox lock, so it must not
 * call back into the outbox.
 */
public interface OutboxListener {

  /** Messages handed to the socket in one write. */
  void sent(int messages);

  void conflated(Channel channel);

  /** The queue overflowed; the outbox has already told the client and closed the connection. */
  void slowConsumer();

  void writeFailed(Throwable error);
}
