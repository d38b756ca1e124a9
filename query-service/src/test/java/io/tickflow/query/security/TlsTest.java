package io.tickflow.query.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS served by Jetty from a PKCS12 key store made with the JDK's keytool, on loopback. */
class TlsTest {

  private static final String PASSWORD = "changeit-test";

  @TempDir
  static Path dir;
  private static Path keyStore;

  @BeforeAll
  static void createKeyStore() throws Exception {
    keyStore = dir.resolve("query.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "query", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
  }

  @Test
  void shouldServeHttpsAndWssAndNoPlainHttpWhenTlsIsEnabled() throws Exception {
    try (TestServer server = TestServer.start(tls(PASSWORD), Clock.systemUTC())) {
      HttpClient client = HttpClient.newBuilder().sslContext(trusting()).build();

      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + server.port() + "/api/v1/symbols")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(firstWssMessage(client, server.port(), Duration.ZERO)).contains("\"type\":\"pong\"");
      assertThat(plainHttpAnswer(server.port())).doesNotStartWith("HTTP/1.1 200");
    }
  }

  /** Over TLS too, the pongs of a client's WebSocket layer show it alive: the frames are counted below the TLS. */
  @Test
  void shouldKeepAQuietWssClientWhoseWebSocketLayerAnswersPings() throws Exception {
    Map<String, String> props = new java.util.HashMap<>(tls(PASSWORD));
    props.put(QueryServiceConfig.WS_HEARTBEAT_INTERVAL_CONFIG, "200");
    props.put(QueryServiceConfig.WS_HEARTBEAT_TIMEOUT_CONFIG, "1500");
    try (TestServer server = TestServer.start(props, Clock.systemUTC())) {
      HttpClient client = HttpClient.newBuilder().sslContext(trusting()).build();

      assertThat(firstWssMessage(client, server.port(), Duration.ofMillis(2500))).contains("\"type\":\"pong\"");
    }
  }

  @Test
  void shouldNamePasswordSettingWhenKeyStorePasswordIsWrong() {
    assertThatThrownBy(() -> QueryServiceConfig.of(tls("wrong-password")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(QueryServiceConfig.TLS_KEYSTORE_PASSWORD_CONFIG)
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void shouldNamePathSettingWhenKeyStoreIsMissing() {
    Map<String, String> props = new java.util.HashMap<>(tls(PASSWORD));
    props.put(QueryServiceConfig.TLS_KEYSTORE_PATH_CONFIG, dir.resolve("missing.p12").toString());

    assertThatThrownBy(() -> QueryServiceConfig.of(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(QueryServiceConfig.TLS_KEYSTORE_PATH_CONFIG);
  }

  private static Map<String, String> tls(String password) {
    return Map.of("tls.enabled", "true", "tls.keystore.path", keyStore.toString(), "tls.keystore.password", password,
        "http.host", "127.0.0.1", "http.port", "0");
  }

  private static SSLContext trusting() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** The answer to a ping message sent after {@code quiet}, in which the client sends nothing. */
  private static String firstWssMessage(HttpClient client, int port, Duration quiet) throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + port + "/ws"),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            // Heartbeats, every 200 ms in the quiet test, are not the answer.
            if (!data.toString().contains("\"type\":\"heartbeat\"")) {
              first.complete(data.toString());
            }
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    Thread.sleep(quiet.toMillis());
    socket.sendText("{\"type\":\"ping\",\"id\":1}", true).get(10, TimeUnit.SECONDS);
    try {
      return first.get(10, TimeUnit.SECONDS);
    } finally {
      socket.abort();
    }
  }

  /** What a plain-HTTP request to the TLS port gets: anything but a served page. */
  private static String plainHttpAnswer(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      socket.getOutputStream().write("GET /api/v1/symbols HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }
}
