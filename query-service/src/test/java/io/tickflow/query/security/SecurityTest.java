package io.tickflow.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.query.TestServer;
import io.tickflow.query.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API keys, rights, rate limits and CORS on a real server. */
class SecurityTest {

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("security.enabled", "true",
        "security.api.keys", "reader-key:read,ops-key:read+stream+ops",
        "security.rate.limit.per.second", "1", "security.rate.limit.burst", "3",
        "cors.allowed.origins", "https://dash.example.com"), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldAnswer401WhenKeyIsMissingOrUnknown() {
    assertThat(server.get("/api/v1/symbols").statusCode()).isEqualTo(401);
    assertThat(server.get("/api/v1/symbols", "X-API-Key", "nope").statusCode()).isEqualTo(401);
  }

  @Test
  void shouldAnswer403WhenKeyLacksTheRight() {
    HttpResponse<String> response = server.get("/metrics", "X-API-Key", "reader-key");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("This API key lacks the 'ops' right needed for /metrics");
    assertThat(server.get("/metrics", "X-API-Key", "ops-key").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRequireKeyWhenPathHasTrailingSlash() {
    // Javalin ignores trailing slashes when routing, so /metrics/ is served by the /metrics route.
    assertThat(server.get("/metrics/").statusCode()).isEqualTo(401);
    // Javalin routes no other form: the key is checked on matched routes, and an unmatched path serves nothing.
    assertThat(server.get("/metrics//").statusCode()).isEqualTo(404);
    assertThat(server.get("/metrics/", "X-API-Key", "reader-key").statusCode()).isEqualTo(403);
    Assertions.assertThatThrownBy(() -> WsTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/")))
        .isInstanceOf(CompletionException.class).hasStackTraceContaining("status code 401");
  }

  @Test
  void shouldAcceptKeyAsQueryParameter() {
    assertThat(server.get("/api/v1/symbols?api_key=reader-key").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldLeaveHealthAndPageOpen() {
    assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(server.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer429WithRetryAfterWhenKeyExceedsItsRate() {
    for (int i = 0; i < 3; i++) {
      assertThat(server.get("/api/v1/symbols", "X-API-Key", "reader-key").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> limited = server.get("/api/v1/symbols", "X-API-Key", "reader-key");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(server.get("/api/v1/symbols", "X-API-Key", "ops-key").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseWebSocketUpgradeWithoutStreamRight() {
    Assertions.assertThatThrownBy(() -> WsTestClient.connect(
            URI.create("ws://127.0.0.1:" + server.port() + "/ws?api_key=reader-key")))
        .isInstanceOf(CompletionException.class).hasStackTraceContaining("status code 403");
    try (WsTestClient client = WsTestClient.connect(
        URI.create("ws://127.0.0.1:" + server.port() + "/ws?api_key=ops-key"))) {
      client.send("{\"type\":\"ping\",\"id\":7}");
    }
  }

  @Test
  void shouldAnswerCorsPreflightWithoutKeyWhenOriginIsAllowed() {
    // Browsers send the preflight without the X-API-Key header it asks about.
    HttpResponse<String> preflight = server.send("OPTIONS", "/api/v1/symbols", "Origin", "https://dash.example.com",
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-api-key");

    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase(
        "x-api-key");
    assertThat(server.send("OPTIONS", "/api/v1/symbols", "Origin", "https://evil.example.com",
            "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-api-key")
        .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void shouldRefuseSubscribeWhenKeyExceedsItsRate() throws Exception {
    // Each subscribe loads a snapshot (store reads, maybe a forwarded request): a loop of them must not be free.
    try (WsTestClient client = WsTestClient.connect(
        URI.create("ws://127.0.0.1:" + server.port() + "/ws?api_key=ops-key"))) {
      for (String symbol : new String[] {"AA", "BB", "CC"}) {
        client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"" + symbol
            + "\",\"timeframe\":\"1m\"}");
      }

      JsonNode error = client.next("error", Duration.ofSeconds(10));
      assertThat(error.path("code").asText()).isEqualTo("rate_limited");
      assertThat(error.path("sub").asText()).isEqualTo("bars:CC:1m");
      assertThat(error.path("retryAfter").asInt()).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseWebSocketFromOriginCorsDoesNotAllow() throws Exception {
    // Browsers let any page open a WebSocket anywhere: the origin list must hold for /ws as it does for REST.
    Assertions.assertThatThrownBy(() -> connect("https://evil.example.com"))
        .isInstanceOf(ExecutionException.class).hasStackTraceContaining("status code 403");
    connect("https://dash.example.com").abort();
    connect("http://127.0.0.1:" + server.port()).abort();
  }

  @Test
  void shouldMatchWebSocketOriginAsCorsDoesWhenOriginsHaveWildcardOrSlash() throws Exception {
    server.close();
    server = TestServer.start(Map.of("cors.allowed.origins", "https://*.example.com, https://dash.example.org/"),
        Clock.systemUTC());

    connect("https://dash.example.com").abort();
    connect("https://dash.example.org").abort();
    Assertions.assertThatThrownBy(() -> connect("https://a.b.example.com"))
        .isInstanceOf(ExecutionException.class).hasStackTraceContaining("status code 403");
    Assertions.assertThatThrownBy(() -> connect("http://dash.example.com"))
        .isInstanceOf(ExecutionException.class).hasStackTraceContaining("status code 403");
  }

  private WebSocket connect(String origin) throws Exception {
    return server.client.newWebSocketBuilder().header("Origin", origin).header("X-API-Key", "ops-key")
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() { })
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldAllowConfiguredCorsOrigin() {
    HttpResponse<String> response = server.get("/api/v1/symbols", "X-API-Key", "ops-key",
        "Origin", "https://dash.example.com");

    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example.com");
    assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElse("").split(","))
        .containsExactlyInAnyOrder("X-Tickflow-Truncated", "Link", "X-Tickflow-Scope", "X-Tickflow-Served-By",
            "X-Tickflow-Instance", "Retry-After");
    assertThat(server.get("/api/v1/symbols", "X-API-Key", "ops-key", "Origin", "https://evil.example.com")
        .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  /**
   * A page of an allowed origin must be able to read why it was refused, and when to retry: without the CORS headers
   * the browser hides the answer, and fetch fails as if the network had.
   */
  @Test
  void shouldLetAnAllowedOriginReadARefusal() {
    String origin = "https://dash.example.com";
    for (int i = 0; i < 3; i++) {
      server.get("/api/v1/symbols", "X-API-Key", "reader-key");
    }
    HttpResponse<String> limited = server.get("/api/v1/symbols", "X-API-Key", "reader-key", "Origin", origin);

    for (HttpResponse<String> refused : new HttpResponse[] {server.get("/api/v1/symbols", "Origin", origin),
        server.get("/metrics", "X-API-Key", "reader-key", "Origin", origin), limited}) {
      assertThat(refused.statusCode()).isIn(401, 403, 429);
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).as(refused.body()).hasValue(origin);
    }
    assertThat(limited.statusCode()).isEqualTo(429);
  }
}
