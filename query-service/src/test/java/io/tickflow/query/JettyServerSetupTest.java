package io.tickflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.tickflow.query.format.Formats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Javalin's Jetty as the query service sets it up, with a real server and real clients. */
class JettyServerSetupTest {

  private static final int CONNECTIONS = 40;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Javalin javalin;
  private SessionHandler sessions;

  @BeforeEach
  void start() {
    QueryServiceConfig config = QueryServiceConfig.of(Map.of(QueryServiceConfig.HTTP_PORT_CONFIG, "0",
        QueryServiceConfig.HTTP_HOST_CONFIG, "127.0.0.1"));
    javalin = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.host = config.httpHost();
      cfg.jetty.port = config.httpPort();
      JettyServerSetup.apply(cfg, config, new Formats());
      cfg.routes.ws("/ws", ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
    }).start();
    sessions = javalin.jettyServer().server().getDescendant(SessionHandler.class);
  }

  @AfterEach
  void stop() {
    javalin.stop();
  }

  @Test
  void shouldKeepNoHttpSessionWhenWebSocketClientsComeAndGo() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < CONNECTIONS; i++) {
      WebSocket socket = client.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + javalin.port() + "/ws"), new WebSocket.Listener() { })
          .get(5, TimeUnit.SECONDS);
      socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    assertThat(sessions.getSessionsCreated()).as("Javalin opens a session per upgrade").isEqualTo(CONNECTIONS);
    assertThat(currentSessions()).isZero();
  }

  @Test
  void shouldSetNoSessionCookieWhenUpgradingToWebSocket() throws IOException {
    String answer = rawUpgrade("/ws");

    assertThat(answer).startsWith("HTTP/1.1 101");
    assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("set-cookie", "jsessionid");
  }

  @Test
  void shouldDropTheHttpSessionsOfUpgradesOfUnknownPathsWhenTheyExpire() throws IOException {
    for (int i = 0; i < CONNECTIONS; i++) {
      assertThat(rawUpgrade("/no/such/ws")).startsWith("HTTP/1.1 404");
    }
    assertThat(sessions.getSessionsCreated()).as("Javalin opens a session per upgrade").isEqualTo(CONNECTIONS);

    // The house keeper's scavenge, run by hand instead of waiting for its 10 minutes.
    Awaitility.await().atMost(JettyServerSetup.SESSION_MAX_INACTIVE.plus(WAIT)).until(() -> {
      sessions.scavenge();
      return currentSessions() == 0;
    });
  }

  private long currentSessions() {
    return ((DefaultSessionCache) sessions.getSessionCache()).getSessionsCurrent();
  }

  /** The status line and headers of a WebSocket upgrade request of {@code path}, sent as a browser sends it. */
  private String rawUpgrade(String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), javalin.port())) {
      socket.setSoTimeout(10_000);
      String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] head = new byte[4096];
      int read = in.read(head);
      return new String(head, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
    }
  }
}
