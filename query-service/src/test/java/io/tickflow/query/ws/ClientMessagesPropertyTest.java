package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.TestServer;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.QuoteView;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * What a client sends over {@code /ws}, at random, against a model of docs/api.md (WebSocket section), on a real
 * server with a real WebSocket client: subscribes and unsubscribes of every channel (by id or by fields, duplicates,
 * symbols spelt as different feeds spell them, unknown symbols, the subscription limit reached), malformed messages
 * (not JSON, not one object, unknown types and channels, fields missing or of the wrong type, bad symbols and
 * timeframes, unicode), binary and empty frames, pings with ids of every JSON kind, heartbeats, live updates published
 * between them, and an end: a close at a random point or after all has arrived, or a message over 64 KiB. Checked:
 * the answers to the client's messages, in order and exactly (type, code, subscription, the rule a bad request
 * breaks); each subscription's snapshot then updates numbered 1, 2, 3 ... and nothing after its {@code unsubscribed};
 * every trade published while it surely held the subscription, in order, and the conflated channels ending at their
 * latest state; close code 1009 for the oversize message; and nothing left of the client in the server after the
 * close. The hub's own interleavings are {@link LiveHubPropertyTest}'s; here the server runs its threads freely and
 * the test synchronizes with pings, so no timing is asserted.
 */
class ClientMessagesPropertyTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SUBSCRIPTIONS = 3;
  private static final String MESSAGE_RULE = "messages are single JSON objects with a 'type'";
  private static final String TYPE_RULE = "type must be one of: subscribe, unsubscribe, ping, heartbeat";
  private static final String CHANNEL_RULE = "channel must be one of: bars, trades, quotes, book";
  private static final String SYMBOL_RULE = "symbol must be 1 to 64 characters, also in canonical form (upper case), "
      + "not blank, and hold no control, format, line separator, replacement (U+FFFD) or unpaired surrogate character";
  private static final String TIMEFRAME_RULE = "timeframe must be one of: 1m, 5m, 15m, 1h, 1d, T100";
  private static final String BINARY_RULE = MESSAGE_RULE + " in text frames; binary frames are not read";

  /** Spellings of each canonical symbol, as feeds and clients write them; the futures year is this decade's. */
  private static final Map<String, List<String>> SPELLINGS = spellings();
  private static final List<String> SYMBOLS = List.copyOf(SPELLINGS.keySet());
  private static final List<Channel> CHANNELS = List.of(Channel.values());
  private static final List<String> TIMEFRAMES = List.of("1m", "5m");
  private static final List<String> SLOTS = List.of("", "w1", "w2");

  /**
   * Messages the docs call bad requests, with the rule the error names; the connection stays open after each:
   * {@link WebSocketTest}'s, and these.
   */
  private static final List<List<String>> BAD = Stream.concat(
      WebSocketTest.badMessages().map(arguments -> List.of((String) arguments.get()[0], (String) arguments.get()[1])),
      Stream.of(
          List.of("not json", MESSAGE_RULE),
          List.of("[{\"type\":\"ping\"}]", MESSAGE_RULE),
          List.of("null", MESSAGE_RULE),
          List.of("{\"type\":\"ping\"", MESSAGE_RULE),
          List.of("{}", TYPE_RULE),
          List.of("{\"type\":\"Subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\"}", TYPE_RULE),
          List.of("{\"type\":\"pïng\"}", TYPE_RULE),
          List.of("{\"type\":\"subscribe\",\"symbol\":\"ES\"}", CHANNEL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":\"bärs\",\"symbol\":\"ES\"}", CHANNEL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":[\"bars\"],\"symbol\":\"ES\"}", CHANNEL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":\"trades\"}", SYMBOL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"  \"}", SYMBOL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"E\\u0001S\"}", SYMBOL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + "S".repeat(65) + "\"}",
              SYMBOL_RULE),
          List.of("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"\"}", TIMEFRAME_RULE),
          List.of("{\"type\":\"unsubscribe\"}", CHANNEL_RULE),
          List.of("{\"type\":\"unsubscribe\",\"sub\":5}", "sub must be a subscription id, as in 'subscribed'"),
          List.of("{\"type\":\"unsubscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"2m\"}",
              TIMEFRAME_RULE))).toList();

  /** Ping ids: "any JSON value", answered as sent. */
  private static final List<String> PING_IDS = List.of("1", "\"a\"", "null", "{\"x\":[1,\"€\"]}", "\"😀 ∑\"", "1.5",
      "-0", "12345678901234567890123", "true", "[]", "\"\"", "0.1", "1e400", "1E2", "-1.50",
      "123456789012345678901234567890.123456789");

  private static TestServer server;

  enum Kind { SUBSCRIBE, UNSUBSCRIBE_BY_FIELDS, UNSUBSCRIBE_BY_ID, BAD, BINARY, PING, HEARTBEAT, PUBLISH, SYNC }

  /** How the connection ends. */
  enum End { CLOSE_AT_ONCE, CLOSE_WHEN_QUIET, TOO_BIG }

  /** One thing the client or the feed does; the numbers choose among what exists, modulo its size. */
  record Step(Kind kind, int a, int b, int c) {
  }

  record Plan(boolean batch, List<Step> steps, End end) {
  }

  @BeforeContainer
  static void start() {
    // Heartbeats often, so that they come between the answers; the timeout never ends a run.
    server = TestServer.start(Map.of("ws.max.subscriptions", Integer.toString(MAX_SUBSCRIPTIONS),
        "ws.heartbeat.interval.ms", "50", "ws.heartbeat.timeout.ms", "600000"), Clock.systemUTC());
    Instant start = Instant.now().minusSeconds(120);
    server.data.putBar(new BarView("ES", "1m", start, start.plusSeconds(60), null, 1, 1, 1, 1, 1, 0, 1, 1, 1, false,
        0));
    server.data.putQuote(new QuoteView("ES", 1.0, 1L, 1.25, 2L, start));
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 60)
  void shouldAnswerEveryClientMessageAsDocumented(@ForAll("plans") Plan plan) throws Exception {
    Run run = new Run(plan);
    try (WsTestClient client = WsTestClient.connect(
        URI.create("ws://127.0.0.1:" + server.port() + "/ws?batch=" + plan.batch()))) {
      run.client = client;
      plan.steps().forEach(run::play);
      switch (plan.end()) {
        case CLOSE_AT_ONCE -> client.close();
        case CLOSE_WHEN_QUIET -> {
          run.sync();
          run.awaitQuiet();
          run.check(true);
        }
        case TOO_BIG -> {
          client.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(64 * 1024) + "\"}");
          assertThat(client.closeCode(WAIT)).as("close code for a message over 64 KiB").isEqualTo(1009);
          run.check(false);
        }
        default -> throw new AssertionError(plan.end());
      }
    }
    checkNothingLeft();
    Statistics.label("end").collect(plan.end());
    Statistics.label("answers").collect(run.expected.stream()
        .map(answer -> answer.get(0).equals("error") ? answer.get(1) : answer.get(0)).distinct().sorted().toList());
  }

  /** No client, subscriber or connected gauge left once the connection closed (the server outlives the tries). */
  private static void checkNothingLeft() {
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(server.hub.clients()).as("clients in the hub").isEmpty();
      for (Channel channel : Channel.values()) {
        assertThat(server.hub.subscribed(channel)).as("keys followed on %s", channel).isEmpty();
      }
      assertThat(server.metrics.scrape()).as("metrics").contains("tickflow_ws_clients 0.0");
    });
  }

  @Provide
  Arbitrary<Plan> plans() {
    Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(Kind.SUBSCRIBE)),
        Tuple.of(3, Arbitraries.just(Kind.UNSUBSCRIBE_BY_FIELDS)),
        Tuple.of(3, Arbitraries.just(Kind.UNSUBSCRIBE_BY_ID)),
        Tuple.of(3, Arbitraries.just(Kind.BAD)),
        Tuple.of(1, Arbitraries.just(Kind.BINARY)),
        Tuple.of(2, Arbitraries.just(Kind.PING)),
        Tuple.of(1, Arbitraries.just(Kind.HEARTBEAT)),
        Tuple.of(8, Arbitraries.just(Kind.PUBLISH)),
        Tuple.of(2, Arbitraries.just(Kind.SYNC)));
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
    Arbitrary<Step> steps = Combinators.combine(kinds, pick, pick, pick).as(Step::new);
    return Combinators.combine(Arbitraries.of(true, false), steps.list().ofMinSize(1).ofMaxSize(40),
        Arbitraries.frequency(Tuple.of(1, End.CLOSE_AT_ONCE), Tuple.of(4, End.CLOSE_WHEN_QUIET),
            Tuple.of(1, End.TOO_BIG))).as(Plan::new);
  }

  private static Map<String, List<String>> spellings() {
    int year = Instant.now().atOffset(ZoneOffset.UTC).getYear();
    Map<String, List<String>> spellings = new LinkedHashMap<>();
    spellings.put("ES", List.of("ES", "es", " ES ", "ES-CME"));
    spellings.put(String.format("ESZ%02d", year % 100),
        List.of("ESZ" + year % 10, String.format("ESZ%02d", year % 100), "esz" + year, "ESZ" + year % 10 + "-CME"));
    spellings.put("ÉS", List.of("ÉS", "és"));
    spellings.put("E:S", List.of("E:S"));
    return spellings;
  }

  /** A subscription the client was told it holds, and what was published to its key meanwhile. */
  private static final class Life {
    final SubscriptionKey key;
    /** Published while the subscription might have existed on the server, per slot, in order. */
    final Map<String, List<Integer>> possible = new LinkedHashMap<>();
    /** Published while it surely existed (the server had answered its subscribe, not yet read its unsubscribe). */
    final Set<Integer> certain = new LinkedHashSet<>();
    boolean acknowledged;
    boolean ended;

    Life(SubscriptionKey key) {
      this.key = key;
    }
  }

  /** The client, the model of what it holds, and the answers it must get. */
  private static final class Run {
    final Plan plan;
    WsTestClient client;
    /** The subscriptions held by the model, by id: a subscribe's answer is decided when it is sent. */
    final Map<String, Life> held = new LinkedHashMap<>();
    /** Every life of every id, in order. */
    final Map<String, List<Life>> lives = new HashMap<>();
    /** The answers due, in order: type, code or ping id, subscription id, message. */
    final List<List<String>> expected = new ArrayList<>();
    /** Lives whose subscribe or unsubscribe the server may not have read yet: unsure until the next sync. */
    final List<Life> unsure = new ArrayList<>();
    final List<JsonNode> received = new ArrayList<>();
    int nextValue;
    int pings;

    Run(Plan plan) {
      this.plan = plan;
    }

    void play(Step step) {
      switch (step.kind()) {
        case SUBSCRIBE -> subscribe(key(step), spelling(step), step.c() % 4 == 0);
        case UNSUBSCRIBE_BY_FIELDS -> unsubscribe(key(step), spelling(step));
        case UNSUBSCRIBE_BY_ID -> unsubscribeById(step);
        case BAD -> {
          List<String> bad = BAD.get(step.a() % BAD.size());
          send(bad.get(0));
          expected.add(List.of("error", "bad_request", "", bad.get(1)));
        }
        case BINARY -> {
          byte[] frame = step.a() % 2 == 0 ? new byte[0] : "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8);
          client.sendBinary(frame);
          expected.add(List.of("error", "bad_request", "", BINARY_RULE));
        }
        case PING -> {
          String id = PING_IDS.get(step.a() % PING_IDS.size());
          send("{\"type\":\"ping\",\"id\":" + id + (step.b() % 2 == 0 ? "" : ",\"extra\":[1]") + "}");
          expected.add(List.of("pong", id, "", ""));
        }
        case HEARTBEAT -> send("{\"type\":\"heartbeat\"" + (step.a() % 2 == 0 ? "" : ",\"n\":1") + "}");
        case PUBLISH -> publish(step);
        case SYNC -> sync();
        default -> throw new AssertionError(step);
      }
    }

    SubscriptionKey key(Step step) {
      Channel channel = CHANNELS.get(step.a() % CHANNELS.size());
      String symbol = SYMBOLS.get(step.b() % SYMBOLS.size());
      return channel == Channel.BARS ? SubscriptionKey.bars(symbol, TIMEFRAMES.get(step.c() % TIMEFRAMES.size()))
          : SubscriptionKey.of(channel, symbol);
    }

    static String spelling(Step step) {
      List<String> spellings = SPELLINGS.get(SYMBOLS.get(step.b() % SYMBOLS.size()));
      return spellings.get(step.c() / 7 % spellings.size());
    }

    /** The subscribe or unsubscribe message by fields; the first timeframe is the default, so it may be left out. */
    static String fields(String type, SubscriptionKey key, String spelling, boolean extra) {
      StringBuilder message = new StringBuilder("{\"type\":\"" + type + "\",\"channel\":\"" + key.channel().label()
          + "\",\"symbol\":" + quoted(spelling));
      if (key.timeframe() != null && !(key.timeframe().equals("1m") && spelling.length() % 2 == 0)) {
        message.append(",\"timeframe\":\"").append(key.timeframe()).append('"');
      }
      if (extra) {
        message.append(",\"note\":{\"any\":[1,2]}");
      }
      return message.append('}').toString();
    }

    void subscribe(SubscriptionKey key, String spelling, boolean extra) {
      send(fields("subscribe", key, spelling, extra));
      String id = key.id();
      if (held.containsKey(id)) {
        expected.add(List.of("error", "already_subscribed", id, ""));
      } else if (held.size() >= MAX_SUBSCRIPTIONS) {
        expected.add(List.of("error", "too_many_subscriptions", id, ""));
      } else {
        Life life = new Life(key);
        held.put(id, life);
        lives.computeIfAbsent(id, any -> new ArrayList<>()).add(life);
        unsure.add(life);
        expected.add(List.of("subscribed", "", id, ""));
      }
    }

    void unsubscribe(SubscriptionKey key, String spelling) {
      send(fields("unsubscribe", key, spelling, false));
      unsubscribed(key.id());
    }

    /** By an id the client holds, or one it does not (never subscribed, or spelt otherwise than the server did). */
    void unsubscribeById(Step step) {
      String id = step.a() % 3 != 0 && !held.isEmpty()
          ? List.copyOf(held.keySet()).get(step.b() % held.size())
          : List.of("bars:ES:1m", "trades:es", "quotes:ESZ" + (Instant.now().atOffset(ZoneOffset.UTC).getYear() % 10),
              "book:ES:1m", "nothing").get(step.b() % 5);
      send("{\"type\":\"unsubscribe\",\"sub\":" + quoted(id) + "}");
      unsubscribed(id);
    }

    void unsubscribed(String id) {
      Life life = held.remove(id);
      if (life == null) {
        expected.add(List.of("error", "not_subscribed", id, ""));
      } else {
        life.ended = true;
        unsure.add(life);
        expected.add(List.of("unsubscribed", "", id, ""));
      }
    }

    /** A live update of one key, maybe after a sync so that the server surely holds what the model holds. */
    void publish(Step step) {
      if (step.c() % 3 == 0) {
        sync();
      }
      SubscriptionKey key = step.a() % 4 == 0 || held.isEmpty() ? key(step)
          : held.values().stream().toList().get(step.b() % held.size()).key;
      String slot = key.channel() == Channel.BARS ? SLOTS.get(step.c() % SLOTS.size()) : "";
      int value = nextValue++;
      for (List<Life> ofId : lives.values()) {
        for (Life life : ofId) {
          if (life.key.equals(key) && !(life.ended && !unsure.contains(life))) {
            life.possible.computeIfAbsent(slot, any -> new ArrayList<>()).add(value);
            if (!unsure.contains(life) && !life.ended) {
              life.certain.add(value);
            }
          }
        }
      }
      server.hub.publish(List.of(new LiveUpdate(key, slot, "{\"v\":" + value + "}")));
      // Handed to the subscribers the server holds when a writer thread delivers it: waited for, so that they are
      // those the model has now, not also those of subscribes sent after this.
      try {
        server.hub.awaitDelivered();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Pings and waits for the pong: the server has read every message before, and queued its answers. */
    void sync() {
      String id = "\"sync-" + pings++ + "\"";
      send("{\"type\":\"ping\",\"id\":" + id + "}");
      expected.add(List.of("pong", id, "", ""));
      await().atMost(WAIT).until(() -> {
        receive();
        return received.stream().anyMatch(message -> message.path("type").asText().equals("pong")
            && message.path("id").toString().equals(id));
      });
      unsure.clear();
    }

    void receive() {
      received.addAll(StreamChecks.messages(client.drain(), plan.batch() ? Framing.ARRAY : Framing.MESSAGES));
    }

    /** Waits until every held subscription has its snapshot and the latest state of each slot published to it. */
    void awaitQuiet() {
      await().atMost(WAIT).untilAsserted(() -> {
        receive();
        for (Life life : held.values()) {
          List<JsonNode> messages = ofLife(life);
          assertThat(messages).as("messages of %s", life.key.id()).isNotEmpty();
          for (List<Integer> values : life.possible.values()) {
            int latest = values.get(values.size() - 1);
            if (life.certain.contains(latest)) {
              assertThat(messages).as("latest of a slot of %s", life.key.id())
                  .anyMatch(message -> message.path("data").path("v").asInt(-1) == latest);
            }
          }
        }
      });
    }

    List<JsonNode> ofLife(Life life) {
      List<Life> ofId = lives.get(life.key.id());
      List<List<JsonNode>> got = StreamChecks.lives(life.key.id(), life.key.id(), received);
      int index = ofId.indexOf(life);
      return index < got.size() ? got.get(index) : List.of();
    }

    void send(String text) {
      client.send(text);
    }

    /**
     * Checks the answers in order (all of them when {@code complete}, else a prefix: a close cuts them), and each
     * subscription's messages.
     */
    void check(boolean complete) {
      receive();
      List<JsonNode> answers = received.stream().filter(message -> !isStream(message)).toList();
      if (complete) {
        assertThat(answers).as("answers to the client's messages").hasSameSizeAs(expected);
      } else {
        assertThat(answers.size()).as("answers before the close").isLessThanOrEqualTo(expected.size());
      }
      for (int i = 0; i < answers.size(); i++) {
        checkAnswer(i, answers.get(i), expected.get(i));
      }
      for (Map.Entry<String, List<Life>> ofId : lives.entrySet()) {
        List<List<JsonNode>> got = StreamChecks.lives(ofId.getKey(), ofId.getKey(), received);
        assertThat(got.size()).as("lives of %s", ofId.getKey()).isLessThanOrEqualTo(ofId.getValue().size());
        for (int i = 0; i < got.size(); i++) {
          checkLife(ofId.getValue().get(i), got.get(i), complete);
        }
      }
    }

    static boolean isStream(JsonNode message) {
      return List.of("snapshot", "update", "heartbeat").contains(message.path("type").asText());
    }

    void checkAnswer(int index, JsonNode answer, List<String> expected) {
      String where = "answer " + index + " " + answer + ", expected " + expected;
      assertThat(answer.path("type").asText()).as(where).isEqualTo(expected.get(0));
      if (expected.get(0).equals("pong")) {
        assertThat(WsTestClient.sameValue(expected.get(1), answer.get("id"))).as(where).isTrue();
        return;
      }
      if (expected.get(0).equals("error")) {
        assertThat(answer.path("code").asText()).as(where).isEqualTo(expected.get(1));
        assertThat(answer.path("message").asText()).as(where).isNotEmpty();
      }
      if (expected.get(2).isEmpty()) {
        assertThat(answer.has("sub")).as(where).isFalse();
      } else {
        assertThat(answer.path("sub").asText()).as(where).isEqualTo(expected.get(2));
      }
      if (!expected.get(3).isEmpty()) {
        assertThat(answer.path("message").asText()).as(where).isEqualTo(expected.get(3));
      }
    }

    /** A snapshot, then updates of what was published to it: every sure trade in order; conflated states' latest. */
    void checkLife(Life life, List<JsonNode> messages, boolean complete) {
      String where = life.key.id();
      List<JsonNode> updates = messages.isEmpty() ? List.of() : messages.subList(1, messages.size());
      boolean open = complete && !life.ended;
      if (life.key.channel() == Channel.TRADES) {
        List<Integer> possible = life.possible.getOrDefault("", List.of());
        List<Integer> values = updates.stream().map(StreamChecks::value).toList();
        assertThat(values).as("%s: trades delivered, of %s", where, possible).isSubsetOf(possible);
        if (!values.isEmpty()) {
          int from = possible.indexOf(values.get(0));
          assertThat(values).as("%s: trades in order, none skipped", where)
              .isEqualTo(possible.subList(from, from + values.size()));
        }
        if (complete) {
          assertThat(values).as("%s: every trade published while it surely held the subscription", where)
              .containsAll(life.certain);
        }
        updates.forEach(update -> assertThat(update.get("conflated").asLong()).as(where).isZero());
      } else {
        StreamChecks.conflated(where, life.possible, updates, false, open);
      }
    }

    static String quoted(String text) {
      try {
        return JSON.writeValueAsString(text);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
