package io.tickflow.query.ws;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * How many WebSocket frames a client has sent, pings and pongs among them. Javalin passes control frames to no
 * handler (Jetty answers a ping itself), so a client kept alive by its library's ping frames, or one answering only
 * the server's pings, looked silent and was cut off. Jetty's WebSocket connection counts every whole frame it parses;
 * it replaces the HTTP connection on the same network endpoint at the upgrade, so the endpoint is taken from the
 * upgrade request and its connection read at each look.
 */
final class ReceivedFrames implements LongSupplier {

  private static final String ATTRIBUTE = ReceivedFrames.class.getName();

  private final EndPoint endPoint;

  private ReceivedFrames(EndPoint endPoint) {
    this.endPoint = endPoint;
  }

  /** Keeps the upgrade's network endpoint with the request, for {@link #of(WsContext)} once the WebSocket is open. */
  static void remember(Context upgrade) {
    upgrade.attribute(ATTRIBUTE, new ReceivedFrames(endPoint(upgrade.req())));
  }

  private static EndPoint endPoint(HttpServletRequest request) {
    return ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection()
        .getEndPoint();
  }

  /** The count of the client's frames, remembered at its upgrade. */
  static LongSupplier of(WsContext ws) {
    return Objects.requireNonNull(ws.<ReceivedFrames>attribute(ATTRIBUTE), "no upgrade remembered");
  }

  /** Frames received so far; -1 where the connection keeps no count. */
  @Override
  public long getAsLong() {
    return endPoint.getConnection().getMessagesIn();
  }
}
