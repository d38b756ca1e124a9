package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.query.TestServer;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.QuoteView;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The /ws protocol on a real server with a real WebSocket client. */
class WebSocketTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String NUMBER_RULE = "numbers must have an exponent within +-2147483647";
  private static final Instant T0 = Instant.parse("2024-01-02T14:30:00Z");

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("ws.heartbeat.interval.ms", "200", "ws.heartbeat.timeout.ms", "1500",
        "ws.max.subscriptions", "2"), Clock.systemUTC());
    server.data.putBar(bar(0, 4700));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static BarView bar(int minute, double close) {
    Instant start = Instant.now().minusSeconds(3600).plusSeconds(60L * minute);
    return new BarView("ES", "1m", start, start.plusSeconds(60), null, close, close, close, close, 1, 0, 1, 1, close,
        false, 0);
  }

  @Test
  void shouldSendSnapshotThenOrderedUpdatesWhenSubscribedToBars() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"1m\"}");

      assertThat(client.next("subscribed", WAIT).get("sub").asText()).isEqualTo("bars:ES:1m");
      JsonNode snapshot = client.next("snapshot", WAIT);
      assertThat(snapshot.get("seq").asLong()).isEqualTo(1);
      assertThat(snapshot.get("data").get("bars").get(0).get("close").asDouble()).isEqualTo(4700.0);
      // One update at a time: bars are conflated when a client is behind, which is tested on its own.
      for (int i = 1; i <= 3; i++) {
        server.hub.publish(
            List.of(LiveUpdate.of(SubscriptionKey.bars("ES", "1m"), "{\"close\":" + (4700 + i) + "}")));
        JsonNode update = client.next("update", WAIT);
        assertThat(update.get("seq").asLong()).isEqualTo(1 + i);
        assertThat(update.get("data").get("close").asInt()).isEqualTo(4700 + i);
      }
    }
  }

  @Test
  void shouldSubscribeToTheCanonicalSymbolWhenGivenAFeedSpelling() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"esh4-cme\"}");
      assertThat(client.next("subscribed", WAIT).get("sub").asText()).isEqualTo("quotes:ESH24");

      client.send("{\"type\":\"unsubscribe\",\"channel\":\"quotes\",\"symbol\":\"ESH2024\"}");
      assertThat(client.next("unsubscribed", WAIT).get("sub").asText()).isEqualTo("quotes:ESH24");
    }
  }

  @Test
  void shouldSendOnlyTheNewSnapshotWhenResubscribedWhileTheOldOneLoaded() throws Exception {
    server.data.putQuote(new QuoteView("ES", 4700.0, 1L, 4700.25, 2L, T0));
    String subscribe = "{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"ES\"}";
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      server.data.holdReads();
      client.send(subscribe);
      client.next("subscribed", WAIT);
      client.send("{\"type\":\"unsubscribe\",\"channel\":\"quotes\",\"symbol\":\"ES\"}");
      client.next("unsubscribed", WAIT);
      server.data.releaseReads();
      client.send(subscribe);

      List<String> seen = new ArrayList<>();
      JsonNode message;
      do {
        message = client.next(WAIT);
        seen.add(message.get("type").asText() + message.path("seq").asText(""));
      } while (!message.get("type").asText().equals("subscribed"));
      client.next("snapshot", WAIT);
      client.send("{\"type\":\"ping\",\"id\":1}");
      do {
        message = client.next(WAIT);
        seen.add(message.get("type").asText() + message.path("seq").asText(""));
      } while (!message.get("type").asText().equals("pong"));

      // The ended subscription's snapshot, once loaded, is no one's: the client must see one snapshot, the new one's.
      assertThat(seen).filteredOn(type -> !type.equals("heartbeat")).containsExactly("subscribed", "pong");
    }
  }

  @Test
  void shouldDeliverUpdatesPublishedTogetherAsSeparateMessagesInOrder() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"1m\"}");
      client.next("snapshot", WAIT);

      // Distinct windows, so none is conflated: the server writes them together, the client reads each apart.
      List<LiveUpdate> updates = new ArrayList<>();
      for (int minute = 1; minute <= 100; minute++) {
        updates.add(new LiveUpdate(SubscriptionKey.bars("ES", "1m"), "w" + minute, "{\"minute\":" + minute + "}"));
      }
      server.hub.publish(updates);

      for (int minute = 1; minute <= 100; minute++) {
        JsonNode update = client.next("update", WAIT);
        assertThat(update.get("seq").asLong()).isEqualTo(1 + minute);
        assertThat(update.get("data").get("minute").asInt()).isEqualTo(minute);
      }
    }
  }

  @Test
  void shouldDeliverTheMessagesOfEachWriteAsOneArrayWhenTheClientAsksForBatches() throws Exception {
    try (WsTestClient client = WsTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws?batch=true"))) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"1m\"}");
      List<JsonNode> opening = new ArrayList<>();
      while (opening.stream().noneMatch(message -> message.path("type").asText().equals("snapshot"))) {
        JsonNode frame = client.next(WAIT);
        assertThat(frame.isArray()).as("every WebSocket message is an array: %s", frame).isTrue();
        frame.forEach(opening::add);
      }

      List<LiveUpdate> updates = new ArrayList<>();
      for (int minute = 1; minute <= 100; minute++) {
        updates.add(new LiveUpdate(SubscriptionKey.bars("ES", "1m"), "w" + minute, "{\"minute\":" + minute + "}"));
      }
      server.hub.publish(updates);

      List<JsonNode> received = new ArrayList<>();
      int frames = 0;
      while (received.size() < 100) {
        JsonNode frame = client.next(WAIT);
        assertThat(frame.isArray()).as("every WebSocket message is an array: %s", frame).isTrue();
        frame.forEach(message -> {
          if (message.path("type").asText().equals("update")) {
            received.add(message);
          }
        });
        frames++;
      }
      assertThat(frames).as("WebSocket messages carrying 100 updates published together").isLessThan(100);
      for (int minute = 1; minute <= 100; minute++) {
        JsonNode update = received.get(minute - 1);
        assertThat(update.get("seq").asLong()).isEqualTo(1 + minute);
        assertThat(update.get("data").get("minute").asInt()).isEqualTo(minute);
      }
    }
  }

  @Test
  void shouldRefuseTheUpgradeWith400WhenBatchIsNotABoolean() {
    assertThatThrownBy(() -> WsTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws?batch=yes")))
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            error -> assertThat(error.getResponse().statusCode()).isEqualTo(400));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/ws?batch=yes|HTTP/1.1 400 |{\"status\":400,\"error\":\"bad_request\",\"message\":\"batch must be true or false, was 'yes'\",\"parameter\":\"batch\"}",
      "/ws?batch=true&batch=false|HTTP/1.1 400 |{\"status\":400,\"error\":\"bad_request\",\"message\":\"batch is given 2 times; give it at most once\",\"parameter\":\"batch\"}",
      "/ws?batched=true|HTTP/1.1 400 |{\"status\":400,\"error\":\"bad_request\",\"message\":\"batched is not a parameter of /ws; it takes: batch, api_key\",\"parameter\":\"batched\"}",
      "/websocket|HTTP/1.1 404 |{\"status\":404,\"error\":\"not_found\",\"message\":\"WebSocket handler not found\"}"})
  void shouldExplainARefusedUpgradeInJson(String pathAndQuery, String statusLine, String body) throws Exception {
    String response = WsTestClient.upgradeResponse(server.port(), pathAndQuery);

    assertThat(response).startsWith(statusLine).containsIgnoringCase("Content-Type: application/json").endsWith(body);
  }

  @Test
  void shouldSendNullSnapshotAndKeepSubscriptionWhenSymbolHasNoDataYet() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"NQ\"}");

      assertThat(client.next("snapshot", WAIT).get("data").isNull()).isTrue();
      server.hub.publish(List.of(LiveUpdate.of(SubscriptionKey.of(Channel.QUOTES, "NQ"), "{\"bidPrice\":1}")));
      assertThat(client.next("update", WAIT).get("seq").asLong()).isEqualTo(2);
    }
  }

  @Test
  void shouldAnswerPingWithPongCarryingTheId() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"ping\",\"id\":42}");

      JsonNode pong = client.next("pong", WAIT);
      assertThat(pong.get("id").asInt()).isEqualTo(42);
      assertThat(pong.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    }
  }

  /** A client may number its pings with any JSON value: numbers too big or too precise for a double included. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"42", "1e400", "1E2", "-1.50", "123456789012345678901234567890.123456789",
      "{\"at\":[0.1,\"€\"]}"})
  void shouldAnswerPingWithTheSameIdWhateverItsJsonValue(String id) throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"ping\",\"id\":" + id + "}");

      JsonNode pong = client.next("pong", WAIT);
      assertThat(WsTestClient.sameValue(id, pong.get("id"))).as("id of %s", pong).isTrue();
    }
  }

  @Test
  void shouldAnswerErrorsWithCodesWhenMessagesAreBad() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("not json");
      assertThat(client.next("error", WAIT).get("code").asText()).isEqualTo("bad_request");
      client.send("{\"type\":\"subscribe\",\"channel\":\"news\",\"symbol\":\"ES\"}");
      assertThat(client.next("error", WAIT).get("message").asText())
          .isEqualTo("channel must be one of: bars, trades, quotes, book");
      client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"7m\"}");
      assertThat(client.next("error", WAIT).get("message").asText())
          .isEqualTo("timeframe must be one of: 1m, 5m, 15m, 1h, 1d, T100");
      client.send("{\"type\":\"unsubscribe\",\"channel\":\"trades\",\"symbol\":\"ES\"}");
      assertThat(client.next("error", WAIT).get("code").asText()).isEqualTo("not_subscribed");
    }
  }

  static Stream<Arguments> badMessages() {
    String message = "messages are single JSON objects with a 'type'";
    String symbol = "symbol must be 1 to 64 characters, also in canonical form (upper case), "
        + "not blank, and hold no control, format, line separator, replacement (U+FFFD) or unpaired surrogate character";
    return Stream.of(
        Arguments.of("", message),
        Arguments.of("[1,2]", message),
        Arguments.of("42", message),
        Arguments.of("{\"type\":\"ping\",\"id\":1}{\"type\":\"ping\",\"id\":2}", message),
        Arguments.of("{\"type\":\"ping\",\"id\":1} trailing", message),
        Arguments.of("{\"type\":\"ping\",\"id\":1e9999999999}", NUMBER_RULE),
        Arguments.of("{\"type\":[\"ping\"]}", "type must be one of: subscribe, unsubscribe, ping, heartbeat"),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":123}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":true}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"\\u00A0\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"\u3000\u2007\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"\\uD800\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"A\\uDC00\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"ES\u200BZ6\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"\\uFEFFES\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\\u202E\"}", symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"" + "ß".repeat(64) + "\"}",
            symbol),
        Arguments.of("{\"type\":\"unsubscribe\",\"channel\":\"bars\",\"symbol\":\"" + "ß".repeat(64) + "\"}",
            symbol),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":1}",
            "timeframe must be one of: 1m, 5m, 15m, 1h, 1d, T100"),
        Arguments.of("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"ES\",\"timeframe\":\"1m\"}",
            "timeframe applies to channel bars only"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badMessages")
  void shouldAnswerBadRequestAndKeepTheConnectionWhenAMessageIsMalformed(String sent, String error)
      throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send(sent);

      JsonNode answer = nextNotHeartbeat(client);
      assertThat(answer.get("type").asText()).as("answer to %s: %s", sent, answer).isEqualTo("error");
      assertThat(answer.get("code").asText()).isEqualTo("bad_request");
      assertThat(answer.get("message").asText()).isEqualTo(error);
      client.send("{\"type\":\"ping\",\"id\":7}");
      assertThat(nextNotHeartbeat(client).get("id").asInt()).as("the connection still serves").isEqualTo(7);
    }
  }

  @Test
  void shouldAnswerBadRequestWhenAFrameIsBinary() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.sendBinary("{\"type\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8));

      JsonNode answer = nextNotHeartbeat(client);
      assertThat(answer.get("type").asText()).isEqualTo("error");
      assertThat(answer.get("message").asText())
          .isEqualTo("messages are single JSON objects with a 'type' in text frames; binary frames are not read");
    }
  }

  @Test
  void shouldCloseWith1009WhenAMessageIsLongerThan64KiB() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      String head = "{\"type\":\"ping\",\"id\":\"";
      String id = "x".repeat(64 * 1024 - head.length() - 2);
      client.send(head + id + "\"}");
      assertThat(client.next("pong", WAIT).get("id").asText()).isEqualTo(id);

      client.send(head + id + "x\"}");

      assertThat(client.closeCode(WAIT)).isEqualTo(1009);
    }
  }

  /** RFC 6455 8.1: a text frame that is not UTF-8 fails the connection with 1007; the JDK client cannot send one. */
  @Test
  void shouldCloseWith1007WhenATextFrameIsNotUtf8() throws Exception {
    try (SlowWsClient client = SlowWsClient.connect(server.port())) {
      client.resume();

      client.sendText(new byte[] {'{', (byte) 0xc3, '}'});

      assertThat(client.closeCode(WAIT)).isEqualTo(1007);
    }
  }

  /** The next message other than the server's heartbeats (every 200 ms here). */
  private static JsonNode nextNotHeartbeat(WsTestClient client) throws InterruptedException {
    JsonNode message = client.next(WAIT);
    while (message.path("type").asText().equals("heartbeat")) {
      message = client.next(WAIT);
    }
    return message;
  }

  @Test
  void shouldRefuseSubscriptionsBeyondTheLimit() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"ES\"}");
      client.send("{\"type\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"ES\"}");
      client.send("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"ES\"}");

      JsonNode error = client.next("error", WAIT);
      assertThat(error.get("code").asText()).isEqualTo("too_many_subscriptions");
      assertThat(error.get("sub").asText()).isEqualTo("quotes:ES");

      // At the limit, repeating a subscription is still told as what it is.
      client.send("{\"type\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"ES\"}");
      JsonNode repeated = client.next("error", WAIT);
      assertThat(repeated.get("code").asText()).isEqualTo("already_subscribed");
      assertThat(repeated.get("sub").asText()).isEqualTo("book:ES");
    }
  }

  /** A client holds the ids the server sent it: it may end a subscription by its id, as the doc names it. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{\"type\":\"unsubscribe\",\"channel\":\"trades\",\"symbol\":\"ES\"}",
      "{\"type\":\"unsubscribe\",\"sub\":\"trades:ES\"}",
      "{\"type\":\"unsubscribe\",\"sub\":\"trades:ES\",\"channel\":null,\"timeframe\":null}"})
  void shouldStopUpdatesWhenUnsubscribedByItsFieldsOrItsId(String unsubscribe) throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"es\"}");
      client.next("snapshot", WAIT);
      client.send(unsubscribe);
      assertThat(client.next("unsubscribed", WAIT).get("sub").asText()).isEqualTo("trades:ES");

      assertThat(server.hub.hasSubscribers(SubscriptionKey.of(Channel.TRADES, "ES"))).isFalse();
    }
  }

  @Test
  void shouldSayWhenAnUnsubscribedIdIsUnknownOrGivenWithFields() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      client.send("{\"type\":\"unsubscribe\",\"sub\":\"bars:ES:1m\"}");
      JsonNode unknown = nextNotHeartbeat(client);
      assertThat(unknown.get("code").asText()).isEqualTo("not_subscribed");
      assertThat(unknown.get("sub").asText()).isEqualTo("bars:ES:1m");

      client.send("{\"type\":\"unsubscribe\",\"sub\":\"trades:ES\",\"channel\":\"trades\",\"symbol\":\"ES\"}");
      assertThat(nextNotHeartbeat(client).get("message").asText())
          .isEqualTo("unsubscribe takes a subscription id (sub) or the fields of its subscribe, not both");
    }
  }

  @Test
  void shouldTellTheHeartbeatIntervalWhenSendingAHeartbeat() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      // A client that hears nothing for a few intervals knows the connection is dead, even if no close comes.
      assertThat(client.next("heartbeat", WAIT).get("intervalMillis").asLong()).isEqualTo(200);
    }
  }

  /** A client that answers nothing, not even the server's WebSocket pings, is dead to the server. */
  @Test
  void shouldSendHeartbeatsAndDisconnectAClientThatAnswersNothing() throws Exception {
    try (SlowWsClient client = SlowWsClient.connect(server.port())) {
      client.resume();

      assertThat(client.closeCode(WAIT)).isEqualTo(WsEndpoint.CLOSE_HEARTBEAT_TIMEOUT);
      assertThat(client.drain()).extracting(message -> message.path("type").asText()).contains("heartbeat");
    }
    assertThat(server.metrics.scrape()).contains("tickflow_ws_disconnects_total{reason=\"heartbeat_timeout\"} 1.0");
  }

  /**
   * WebSocket ping frames, many client libraries' keep-alive, show a client alive though Javalin passes them to no
   * handler. This client answers none of the server's pings: its own pings alone keep it.
   */
  @Test
  void shouldKeepAClientThatSendsOnlyWebSocketPingFrames() throws Exception {
    try (SlowWsClient client = SlowWsClient.connect(server.port())) {
      client.resume();
      long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
      while (System.nanoTime() < end) {
        client.sendPing();
        Thread.sleep(100);
      }

      assertThat(client.closed()).isFalse();
      client.send("{\"type\":\"ping\",\"id\":7}");
      await().atMost(WAIT).until(() -> client.drain().stream().anyMatch(message -> message.path("type").asText()
          .equals("pong") && message.path("id").asInt() == 7));
    }
  }

  /**
   * A client that sends nothing, but whose WebSocket layer answers the server's pings (the JDK's does, as browsers
   * do), is alive: it stays connected past the timeout.
   */
  @Test
  void shouldKeepAQuietClientWhoseWebSocketLayerAnswersPings() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      Thread.sleep(2500);

      assertThat(client.closed()).isFalse();
      client.send("{\"type\":\"ping\",\"id\":1}");
      assertThat(client.next("pong", WAIT).get("id").asInt()).isEqualTo(1);
    }
  }

  @Test
  void shouldKeepClientThatSendsHeartbeats() throws Exception {
    try (WsTestClient client = WsTestClient.connect(server.port())) {
      long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
      while (System.nanoTime() < end) {
        client.send("{\"type\":\"heartbeat\"}");
        client.next("heartbeat", WAIT);
      }
      client.send("{\"type\":\"ping\",\"id\":1}");
      assertThat(client.next("pong", WAIT).get("id").asInt()).isEqualTo(1);
    }
  }
}
