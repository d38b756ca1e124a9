package io.tickflow.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.TestServer;
import io.tickflow.query.alerts.SettableClock;
import io.tickflow.query.ws.WsTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Random sequences of requests from several keys with random rights, over every kind of endpoint (REST reads,
 * /metrics, /api/v1/instances, health, the page and its files, /ws as a plain request and as an upgrade, WebSocket
 * subscribes), at random instants of a settable clock, with and without CORS origins: each answer is compared with
 * a reference of the rules docs/api.md (Security, Errors) states, computed here independently: 401 without a known
 * key, 403 without the path's right, else a token of the key's bucket (exact arithmetic) or 429 with the whole
 * seconds until the next token; the CORS headers for allowed and refused origins, preflights without a key; allowed
 * answers equal to those of the same server without security. No log line may hold a key.
 */
class SecurityModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALLOWED = "https://dash.example.com";
  private static final String WILDCARD_MATCH = "https://app.example.org";
  private static final String REFUSED = "https://evil.example.com";
  private static final String SECRET_CHARS = "abcdefghijkXYZ0123456789&#+%=/:-_.~";
  private static final List<String> CORS_SETTINGS = List.of("", "*", ALLOWED + ",https://*.example.org");
  private static final List<String> OPEN_PATHS = List.of("/health/live", "/health/ready", "/", "/index.html",
      "/app.js", "/style.css");
  private static final Map<String, Right> GUARDED_PATHS = guardedPaths();
  private static final Set<String> ERROR_CODES = Set.of("unauthorized", "forbidden", "rate_limited");

  private static Map<String, Right> guardedPaths() {
    Map<String, Right> paths = new LinkedHashMap<>();
    for (String path : List.of("/api/v1/symbols", "/api/v1/timeframes", "/api/v1/bars/ES", "/api/v1/bars/ES/latest",
        "/api/v1/quotes/ES", "/api/v1/trades/ES/latest", "/api/v1/book/ES", "/api/v1/feed-health",
        "/api/v1/symbols/")) {
      paths.put(path, Right.READ);
    }
    paths.put("/metrics", Right.OPS);
    paths.put("/metrics/", Right.OPS);
    paths.put("/api/v1/instances", Right.OPS);
    paths.put("/ws", Right.STREAM);
    return paths;
  }

  /** Where a request carries its key: the documented places, and two that the docs do not list. */
  private enum Placement { HEADER, QUERY, NONE, BEARER, SUBPROTOCOL }

  /** A configured key, or one the server does not know, with the reference's bucket. */
  private record Client(String secret, Set<Right> rights, boolean known) {
  }

  private final Map<String, BigDecimal> tokens = new HashMap<>();
  private final Map<String, Instant> lastTake = new HashMap<>();
  private BigDecimal perSecond;
  private int burst;
  private String cors;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void shouldAnswerEveryRequestAsTheDocumentedRulesSay(long seed) throws Exception {
    Random random = new Random(seed);
    cors = CORS_SETTINGS.get((int) (seed % CORS_SETTINGS.size()));
    double rate = List.of(0.25, 0.5, 1.0, 2.0, 3.0, 0.3, 7.0).get(random.nextInt(7));
    perSecond = new BigDecimal(rate);
    burst = 1 + random.nextInt(4);
    List<Client> clients = clients(random);
    String keys = clients.stream().filter(Client::known)
        .map(c -> c.secret() + ":" + c.rights().stream().map(Right::label).collect(Collectors.joining("+")))
        .collect(Collectors.joining(","));
    SettableClock clock = new SettableClock(Instant.parse("2026-11-27T12:00:00Z"));
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    Map<String, String> open = Map.of("cors.allowed.origins", cors);
    Map<String, String> secured = Map.of("security.enabled", "true", "security.api.keys", keys,
        "security.rate.limit.per.second", Double.toString(rate), "security.rate.limit.burst",
        Integer.toString(burst), "cors.allowed.origins", cors);
    try (TestServer server = TestServer.start(secured, clock); TestServer baseline = TestServer.start(open, clock)) {
      long retryAfter = 0;
      for (int step = 0; step < 70; step++) {
        retryAfter = advance(random, clock, retryAfter);
        // Mostly configured keys in documented places, so that buckets run dry.
        Client client = clients.get(random.nextInt(random.nextInt(4) == 0 ? clients.size() : clients.size() - 3));
        String context = "seed " + seed + " step " + step + " at " + clock.instant() + " rate " + rate + " burst "
            + burst + " cors '" + cors + "' key " + client;
        int kind = random.nextInt(10);
        if (kind < 5) {
          retryAfter = restRequest(server, baseline, random, client, clock, context).orElse(retryAfter);
        } else if (kind < 6) {
          openRequest(server, baseline, random, client, context);
        } else if (kind < 7) {
          preflight(server, random, context);
        } else if (kind < 9) {
          retryAfter = upgrade(server, random, client, clock, context).orElse(retryAfter);
        } else {
          retryAfter = subscribe(server, random, client, clock, context).orElse(retryAfter);
        }
      }
    } finally {
      root.detachAppender(logs);
    }
    for (ILoggingEvent event : logs.list) {
      for (Client client : clients) {
        assertThat(event.getFormattedMessage() + event.getThrowableProxy()).as("a log line holds a key")
            .doesNotContain(client.secret());
      }
    }
  }

  private static List<Client> clients(Random random) {
    List<Client> clients = new ArrayList<>();
    int count = 2 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      Set<Right> rights = EnumSet.noneOf(Right.class);
      for (Right right : Right.values()) {
        if (random.nextBoolean()) {
          rights.add(right);
        }
      }
      if (rights.isEmpty()) {
        rights.add(Right.values()[random.nextInt(Right.values().length)]);
      }
      clients.add(new Client("k" + i + secret(random), rights, true));
    }
    // Near misses of a real key: a prefix, another case, one more character.
    String real = clients.get(0).secret();
    clients.add(new Client(real.substring(0, real.length() - 1), Set.of(), false));
    clients.add(new Client(real.toUpperCase(Locale.ROOT), Set.of(), false));
    clients.add(new Client(real + "x", Set.of(), false));
    return clients;
  }

  private static String secret(Random random) {
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < 6 + random.nextInt(10); i++) {
      secret.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
    }
    return secret.toString();
  }

  /** Moves the clock: not at all, a little, a lot, or exactly the last Retry-After (a client obeying it). */
  private static long advance(Random random, SettableClock clock, long retryAfter) {
    Duration step = switch (random.nextInt(5)) {
      case 0, 1 -> Duration.ZERO;
      case 2 -> Duration.ofMillis(1 + random.nextInt(700));
      case 3 -> Duration.ofMillis(random.nextInt(6_000));
      default -> Duration.ofSeconds(retryAfter);
    };
    clock.set(clock.instant().plus(step));
    return retryAfter;
  }

  /** The reference's answer for a key on a path needing {@code right}: 401, 403, or the bucket's verdict. */
  private Verdict verdict(Client client, Placement placement, Right right, Instant now) {
    if (placement == Placement.NONE || placement == Placement.BEARER || placement == Placement.SUBPROTOCOL
        || !client.known()) {
      return new Verdict(401, 0);
    }
    if (!client.rights().contains(right)) {
      return new Verdict(403, 0);
    }
    return take(client.secret(), now);
  }

  /** A token bucket of {@code burst} tokens refilled at {@code perSecond}, in exact arithmetic. */
  private Verdict take(String secret, Instant now) {
    BigDecimal have = tokens.getOrDefault(secret, BigDecimal.valueOf(burst));
    Instant last = lastTake.getOrDefault(secret, now);
    BigDecimal elapsed = new BigDecimal(Duration.between(last, now).toNanos()).movePointLeft(9);
    have = have.add(elapsed.multiply(perSecond)).min(BigDecimal.valueOf(burst));
    lastTake.put(secret, now);
    if (have.compareTo(BigDecimal.ONE) >= 0) {
      tokens.put(secret, have.subtract(BigDecimal.ONE));
      return new Verdict(200, 0);
    }
    tokens.put(secret, have);
    BigDecimal wait = BigDecimal.ONE.subtract(have).divide(perSecond, MathContext.DECIMAL128)
        .setScale(0, RoundingMode.CEILING);
    return new Verdict(429, Math.max(1, wait.longValueExact()));
  }

  /**
   * @param status 200 for allowed (the answer is then the unsecured server's), else the refusal's
   * @param retryAfter the seconds of a 429
   */
  private record Verdict(int status, long retryAfter) {
  }

  private Optional<Long> restRequest(TestServer server, TestServer baseline, Random random, Client client,
                                     SettableClock clock, String context) {
    List<String> paths = new ArrayList<>(GUARDED_PATHS.keySet());
    String path = paths.get(random.nextInt(paths.size()));
    Placement placement = placement(random, Placement.SUBPROTOCOL.ordinal());
    String method = random.nextInt(5) == 0 ? "HEAD" : "GET";
    Optional<String> origin = origin(random);
    List<String> headers = new ArrayList<>();
    String target = place(path, client, placement, headers);
    origin.ifPresent(o -> headers.addAll(List.of("Origin", o)));
    HttpResponse<String> response = server.send(method, target, headers.toArray(String[]::new));
    Verdict expected = verdict(client, placement, GUARDED_PATHS.get(path), clock.instant());
    String what = context + ": " + method + " " + target + " " + headers;
    if (expected.status() == 200) {
      HttpResponse<String> reference = baseline.send(method, path);
      assertThat(response.statusCode()).as(what).isEqualTo(reference.statusCode());
      if (!path.startsWith("/metrics") && !path.equals("/api/v1/instances")) {
        assertThat(response.body()).as(what).isEqualTo(reference.body());
      }
      if (path.startsWith("/api/v1/") && reference.statusCode() == 200) {
        assertThat(response.headers().allValues("Vary").stream().flatMap(v -> List.of(v.split(",")).stream())
            .map(String::trim)).as(what).contains("Accept", "Accept-Encoding");
      }
    } else {
      assertRefusal(response.statusCode(), response.headers().map(), method.equals("HEAD") ? null
          : response.body(), expected, what);
    }
    assertCors(response.headers().map(), origin, what);
    return expected.status() == 429 ? Optional.of(expected.retryAfter()) : Optional.empty();
  }

  private void openRequest(TestServer server, TestServer baseline, Random random, Client client, String context) {
    String path = OPEN_PATHS.get(random.nextInt(OPEN_PATHS.size()));
    Placement placement = placement(random, Placement.SUBPROTOCOL.ordinal());
    Optional<String> origin = origin(random);
    List<String> headers = new ArrayList<>();
    String target = place(path, client, placement, headers);
    origin.ifPresent(o -> headers.addAll(List.of("Origin", o)));
    HttpResponse<String> response = server.send("GET", target, headers.toArray(String[]::new));
    HttpResponse<String> reference = baseline.send("GET", path);
    String what = context + ": GET " + target + " " + headers;
    // Open, whatever key or origin: no token taken, the same answer as without security.
    assertThat(response.statusCode()).as(what).isEqualTo(reference.statusCode());
    assertThat(response.body()).as(what).isEqualTo(reference.body());
    assertCors(response.headers().map(), origin, what);
  }

  /** A browser's preflight: no key, never a token, the CORS answer for its origin. */
  private void preflight(TestServer server, Random random, String context) {
    List<String> paths = new ArrayList<>(GUARDED_PATHS.keySet());
    String path = paths.get(random.nextInt(paths.size()));
    String origin = List.of(ALLOWED, WILDCARD_MATCH, REFUSED).get(random.nextInt(3));
    HttpResponse<String> response = server.send("OPTIONS", path, "Origin", origin,
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-api-key");
    String what = context + ": preflight of " + path + " from " + origin;
    // Without CORS origins no OPTIONS is served: a known path and another method than GET or HEAD.
    assertThat(response.statusCode()).as(what).isEqualTo(cors.isEmpty() ? 405 : 200);
    Map<String, List<String>> headers = response.headers().map();
    assertCors(headers, Optional.of(origin), what);
    if (allowedOrigin(origin)) {
      assertThat(header(headers, "Access-Control-Allow-Headers").orElse("")).as(what).containsIgnoringCase(
          "x-api-key");
      assertThat(header(headers, "Access-Control-Allow-Methods").orElse("")).as(what).contains("GET");
    }
  }

  private Optional<Long> upgrade(TestServer server, Random random, Client client, SettableClock clock,
                                 String context) throws IOException {
    Placement placement = placement(random, Placement.values().length);
    List<String> headers = new ArrayList<>();
    String target = place("/ws", client, placement, headers);
    RawResponse response = rawUpgrade(server.port(), target, headers);
    Verdict expected = verdict(client, placement, Right.STREAM, clock.instant());
    String what = context + ": upgrade " + target + " " + headers;
    if (expected.status() == 200) {
      assertThat(response.status()).as(what).isEqualTo(101);
    } else {
      assertRefusal(response.status(), response.headers(), response.body(), expected, what);
    }
    return expected.status() == 429 ? Optional.of(expected.retryAfter()) : Optional.empty();
  }

  /** A subscribe takes a token of the key it connected with, as a request does (the upgrade took one too). */
  private Optional<Long> subscribe(TestServer server, Random random, Client client, SettableClock clock,
                                   String context) throws Exception {
    Verdict upgrade = verdict(client, Placement.QUERY, Right.STREAM, clock.instant());
    if (upgrade.status() != 200) {
      return Optional.empty();
    }
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws?api_key=" + encode(client.secret()));
    try (WsTestClient ws = WsTestClient.connect(uri)) {
      String symbol = "S" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
      ws.send("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"" + symbol + "\"}");
      Verdict expected = take(client.secret(), clock.instant());
      JsonNode answer = nextControl(ws);
      String what = context + ": subscribe " + symbol;
      if (expected.status() == 200) {
        assertThat(answer.path("type").asText()).as(what + " " + answer).isEqualTo("subscribed");
        return Optional.empty();
      }
      assertThat(answer.path("code").asText()).as(what + " " + answer).isEqualTo("rate_limited");
      assertThat(answer.path("retryAfter").asLong()).as(what + " " + answer).isEqualTo(expected.retryAfter());
      return Optional.of(expected.retryAfter());
    }
  }

  private static JsonNode nextControl(WsTestClient ws) throws InterruptedException {
    while (true) {
      JsonNode message = ws.next(Duration.ofSeconds(10));
      if (Set.of("subscribed", "error").contains(message.path("type").asText())) {
        return message;
      }
    }
  }

  private static void assertRefusal(int status, Map<String, List<String>> headers, String body, Verdict expected,
                                    String what) {
    assertThat(status).as(what).isEqualTo(expected.status());
    Optional<String> retryAfter = header(headers, "Retry-After");
    if (expected.status() == 429) {
      assertThat(retryAfter).as(what).hasValue(Long.toString(expected.retryAfter()));
    } else {
      assertThat(retryAfter).as(what).isEmpty();
    }
    if (expected.status() == 401) {
      assertThat(header(headers, "WWW-Authenticate")).as(what + ": a 401 names how to authenticate").isPresent();
    }
    if (body != null) {
      JsonNode error = parse(body, what);
      assertThat(error.path("status").asInt()).as(what).isEqualTo(expected.status());
      assertThat(error.path("error").asText()).as(what).isIn(ERROR_CODES);
      assertThat(error.path("message").asText()).as(what).isNotBlank();
    }
  }

  private static JsonNode parse(String body, String what) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(what + ": not JSON: " + body, e);
    }
  }

  /** CORS as configured: the allowed origin echoed ('*' for any), nothing for others, and Vary names Origin. */
  private void assertCors(Map<String, List<String>> headers, Optional<String> origin, String what) {
    Optional<String> allowOrigin = header(headers, "Access-Control-Allow-Origin");
    if (origin.isEmpty() || !allowedOrigin(origin.get())) {
      assertThat(allowOrigin).as(what).isEmpty();
    } else {
      assertThat(allowOrigin).as(what).hasValue(cors.equals("*") ? "*" : origin.get());
      assertThat(header(headers, "Access-Control-Expose-Headers").orElse("")).as(what).contains("Retry-After");
    }
    if (!cors.isEmpty() && !cors.equals("*")) {
      // The answer depends on Origin: a shared cache must not hand one origin's answer to another.
      assertThat(headers.getOrDefault("vary", List.of()).stream().flatMap(v -> List.of(v.split(",")).stream())
          .map(String::trim)).as(what + " " + headers).contains("Origin");
    }
  }

  private boolean allowedOrigin(String origin) {
    return !cors.isEmpty() && (cors.equals("*") || origin.equals(ALLOWED) || origin.equals(WILDCARD_MATCH));
  }

  private static Optional<String> origin(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Optional.of(ALLOWED);
      case 1 -> Optional.of(WILDCARD_MATCH);
      case 2 -> Optional.of(REFUSED);
      default -> Optional.empty();
    };
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream()).findFirst();
  }

  /** The header or the query parameter three times in four, else any of the first {@code count} places. */
  private static Placement placement(Random random, int count) {
    return random.nextInt(4) == 0 ? Placement.values()[random.nextInt(count)] : Placement.values()[random.nextInt(2)];
  }

  /** The request target for {@code path} with the key placed; headers to send are added to {@code headers}. */
  private static String place(String path, Client client, Placement placement, List<String> headers) {
    switch (placement) {
      case HEADER -> headers.addAll(List.of(AccessControl.HEADER, client.secret()));
      case QUERY -> {
        return path + "?" + AccessControl.QUERY_PARAM + "=" + encode(client.secret());
      }
      case BEARER -> headers.addAll(List.of("Authorization", "Bearer " + client.secret()));
      case SUBPROTOCOL -> headers.addAll(List.of("Sec-WebSocket-Protocol", client.secret()));
      case NONE -> { }
      default -> throw new IllegalStateException();
    }
    return path;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private record RawResponse(int status, Map<String, List<String>> headers, String body) {
  }

  /** An upgrade request as a browser sends it; the JDK's WebSocket client hides a refusal's headers and body. */
  private static RawResponse rawUpgrade(int port, String target, List<String> headers) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
      for (int i = 0; i < headers.size(); i += 2) {
        request.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
      }
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> parsed = new HashMap<>();
      int length = 0;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        parsed.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
      }
      String body = status == 101 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
      return new RawResponse(status, parsed, body);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.UTF_8).trim();
  }
}
