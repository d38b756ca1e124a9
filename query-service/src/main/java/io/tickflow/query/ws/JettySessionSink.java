package io.tickflow.query.ws;

import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/** A {@link MessageSink} over a Jetty WebSocket session: asynchronous writes with completion callbacks. */
final class JettySessionSink implements MessageSink {

  private final Session session;

  JettySessionSink(Session session) {
    this.session = session;
  }

  @Override
  public void send(List<String> texts, Runnable onSent, Consumer<Throwable> onFailed) {
    if (texts.size() == 1) {
      session.sendText(texts.get(0), Callback.from(onSent, onFailed));
      return;
    }
    // Jetty's WebSocket API writes every message to the socket on its own; its core (under the same session) can
    // gather frames into one buffer ("batch" frames) and write them together at a flush, which is what we need.
    CoreSession core = ((WebSocketSession) session).getCoreSession();
    texts.forEach(text -> core.sendFrame(new Frame(OpCode.TEXT).setPayload(text),
        org.eclipse.jetty.util.Callback.NOOP, true));
    core.flush(org.eclipse.jetty.util.Callback.from(onSent, onFailed));
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, reason, Callback.NOOP);
  }
}
