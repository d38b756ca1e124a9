package io.tickflow.query.ws;

/** An {@link OutboxListener} that ignores everything; tests override what they follow. */
interface QuietListener extends OutboxListener {

  @Override
  default void sent(int messages) {
  }

  @Override
  default void conflated(Channel channel) {
  }

  @Override
  default void slowConsumer() {
  }

  @Override
  default void writeFailed(Throwable error) {
  }
}
