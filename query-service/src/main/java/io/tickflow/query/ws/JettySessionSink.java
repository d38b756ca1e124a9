package io.tickflow.query.ws;

import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A {@link MessageSink} over a Jetty WebSocket session: asynchronous writes with completion callbacks. */
final class JettySessionSink implements MessageSink {

  private final Session session;

  JettySessionSink(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text, Runnable onSent, Consumer<Throwable> onFailed) {
    session.sendText(text, Callback.from(onSent, onFailed));
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, reason, Callback.NOOP);
  }
}
