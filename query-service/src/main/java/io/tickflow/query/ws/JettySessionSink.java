package io.tickflow.query.ws;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A {@link MessageSink} over a Jetty WebSocket session: asynchronous writes with completion callbacks. Writes through
 * Jetty's core session (under the same session), which takes text frames as UTF-8 bytes, where the WebSocket API
 * takes strings and encodes each again, and which can gather frames into one buffer ("batch" frames) and write them
 * together at a flush, where the API writes every message to the socket on its own.
 */
final class JettySessionSink implements MessageSink {

  private final Session session;
  private final CoreSession core;

  JettySessionSink(Session session) {
    this.session = session;
    this.core = ((WebSocketSession) session).getCoreSession();
  }

  @Override
  public void send(List<byte[]> messages, Runnable onSent, Consumer<Throwable> onFailed) {
    Callback done = Callback.from(onSent, onFailed);
    if (messages.size() == 1) {
      core.sendFrame(text(messages.get(0)), done, false);
      return;
    }
    messages.forEach(message -> core.sendFrame(text(message), Callback.NOOP, true));
    core.flush(done);
  }

  private static Frame text(byte[] message) {
    return new Frame(OpCode.TEXT).setPayload(ByteBuffer.wrap(message));
  }

  @Override
  public void ping() {
    session.sendPing(ByteBuffer.allocate(0), org.eclipse.jetty.websocket.api.Callback.NOOP);
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
  }
}
