package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.query.TestServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live-stream promises of docs/api.md (WebSocket section) on a real server with real clients on real threads:
 * random publishes over several symbols and channels to clients that read at once (batched or not), one that
 * subscribes and unsubscribes at random meanwhile, and two that stop reading (one following trades, one only
 * conflated channels). No timing is asserted: the test waits for the streams to quiesce and checks content against
 * the published values.
 */
class LiveStreamServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int CAPACITY = 50;
  private static final int ROUNDS = 30;
  private static final List<SubscriptionKey> KEYS = List.of(
      SubscriptionKey.bars("ES", "1m"), SubscriptionKey.of(Channel.TRADES, "ES"),
      SubscriptionKey.of(Channel.QUOTES, "ES"), SubscriptionKey.of(Channel.BOOK, "ES"),
      SubscriptionKey.bars("NQ", "1m"), SubscriptionKey.of(Channel.TRADES, "NQ"),
      SubscriptionKey.of(Channel.QUOTES, "NQ"), SubscriptionKey.of(Channel.BOOK, "NQ"));
  /**
   * Followed by the paused clients only, so that they fall behind: socket buffers take megabytes before a write
   * waits, so {@link #FILLER_UPDATES} updates of this state with {@link #FILLER_PAD} each fill them.
   */
  private static final SubscriptionKey FILLER = SubscriptionKey.of(Channel.QUOTES, "FILL");
  private static final String FILLER_PAD = "x".repeat(50_000);
  private static final int FILLER_UPDATES = 400;
  private static final SubscriptionKey PACE = SubscriptionKey.of(Channel.TRADES, "ES");

  /** What was published, per key and slot, in order. */
  private final Map<SubscriptionKey, Map<String, List<Integer>>> published = new HashMap<>();
  private int nextValue;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void shouldKeepEveryClientsPromisesWhenClientsOfRandomSpeedsFollowRandomStreams(long seed) throws Exception {
    Random random = new Random(seed);
    try (TestServer server = TestServer.start(Map.of("ws.queue.capacity", Integer.toString(CAPACITY),
            "ws.heartbeat.interval.ms", "600000", "ws.heartbeat.timeout.ms", "1200000"), Clock.systemUTC());
         RecordingClient fast = RecordingClient.connect(server.port(), random.nextBoolean());
         RecordingClient fastToo = RecordingClient.connect(server.port(), random.nextBoolean());
         RecordingClient churn = RecordingClient.connect(server.port(), random.nextBoolean());
         Paused pausedTrades = Paused.of(server, random.nextBoolean());
         Paused pausedStates = Paused.of(server, random.nextBoolean())) {
      KEYS.forEach(key -> {
        fast.subscribe(key);
        fastToo.subscribe(key);
      });
      churn.subscribe(PACE);
      pausedTrades.subscribe(FILLER);
      pausedTrades.subscribe(SubscriptionKey.of(Channel.TRADES, "ES"));
      pausedTrades.subscribe(SubscriptionKey.of(Channel.QUOTES, "ES"));
      for (SubscriptionKey key : List.of(FILLER, SubscriptionKey.bars("ES", "1m"), SubscriptionKey.of(Channel.QUOTES,
          "NQ"), SubscriptionKey.of(Channel.BOOK, "ES"))) {
        pausedStates.subscribe(key);
      }
      // Everything published from here on is handed to these subscriptions: the reference is all of it.
      await().atMost(WAIT).until(() -> server.hub.clients().stream()
          .mapToInt(client -> client.subscriptions().size()).sum() == 2 * KEYS.size() + 1 + 3 + 4);
      for (int i = 0; i < FILLER_UPDATES; i++) {
        server.hub.publish(List.of(update(FILLER, "")));
      }

      for (int round = 0; round < ROUNDS; round++) {
        for (int batch = random.nextInt(8); batch > 0; batch--) {
          server.hub.publish(randomUpdates(random));
          churn(churn, random);
        }
        // The round ends with a trade the readers follow: waiting for it keeps them from falling a queue behind.
        int pace = publish(server, PACE, "");
        await().atMost(WAIT).until(() -> got(fast, PACE, pace) && got(fastToo, PACE, pace));
      }
      pausedTrades.resume();
      pausedStates.resume();

      for (RecordingClient reader : List.of(fast, fastToo)) {
        await().atMost(WAIT).until(() -> KEYS.stream().allMatch(key -> atLatest(reader.messages(), key, published(key))));
        KEYS.forEach(key -> checkFollowedThroughout(reader.framing() + " reader", key, reader.messages()));
      }
      // Conflated and never more than the capacity behind: it gets the latest state of each, and stays connected.
      await().atMost(WAIT).until(() -> pausedStates.subscriptions.stream()
          .allMatch(key -> atLatest(pausedStates.messages(), key, published(key))));
      pausedStates.subscriptions.forEach(key -> checkFollowedThroughout(
          pausedStates.framing + " paused client of conflated channels", key, pausedStates.messages()));
      assertThat(pausedStates.messages()).as("the paused client fell behind (else this test proves less)")
          .anyMatch(message -> message.path("conflated").asLong() > 0);
      checkPausedTradesClient(pausedTrades);
      await().atMost(WAIT).pollDelay(Duration.ofMillis(200)).until(churn::quiet);
      checkChurn(churn);
    }
  }

  private List<LiveUpdate> randomUpdates(Random random) {
    List<LiveUpdate> updates = new ArrayList<>();
    for (int i = 1 + random.nextInt(10); i > 0; i--) {
      SubscriptionKey key = KEYS.get(random.nextInt(KEYS.size()));
      String slot = key.channel() == Channel.BARS ? "w" + random.nextInt(3) : "";
      updates.add(update(key, slot));
    }
    return updates;
  }

  private int publish(TestServer server, SubscriptionKey key, String slot) {
    LiveUpdate update = update(key, slot);
    server.hub.publish(List.of(update));
    return nextValue - 1;
  }

  private LiveUpdate update(SubscriptionKey key, String slot) {
    int value = nextValue++;
    published.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(slot, s -> new ArrayList<>())
        .add(value);
    String pad = key.equals(FILLER) ? ",\"pad\":\"" + FILLER_PAD + "\"" : "";
    return new LiveUpdate(key, slot, "{\"v\":" + value + pad + "}");
  }

  private Map<String, List<Integer>> published(SubscriptionKey key) {
    return published.getOrDefault(key, Map.of());
  }

  /** A subscription held from before the first publish to the end: every update, or its latest state. */
  private void checkFollowedThroughout(String where, SubscriptionKey key, List<JsonNode> received) {
    List<List<JsonNode>> lives = StreamChecks.lives(where + " " + key.id(), key.id(), received);
    assertThat(lives).as(where + " " + key.id()).hasSize(1);
    List<JsonNode> updates = lives.get(0).subList(1, lives.get(0).size());
    if (key.channel().conflatable()) {
      StreamChecks.conflated(where + " " + key.id(), published(key), updates, true, true);
    } else {
      assertThat(updates.stream().map(StreamChecks::value).toList()).as(where + " " + key.id() + ": every trade")
          .isEqualTo(published(key).getOrDefault("", List.of()));
    }
  }

  /** Every trade in order, or a prefix of them then the slow_consumer error (the close ends its reading). */
  private void checkPausedTradesClient(Paused client) {
    List<Integer> trades = published(SubscriptionKey.of(Channel.TRADES, "ES")).get("");
    await().atMost(WAIT).until(() -> client.messages().stream()
        .anyMatch(message -> message.path("code").asText().equals("slow_consumer"))
        || atLatest(client.messages(), SubscriptionKey.of(Channel.TRADES, "ES"), Map.of("", trades)));
    List<JsonNode> received = client.messages();
    String where = client.framing + " paused trades client";
    List<List<JsonNode>> lives = StreamChecks.lives(where, "trades:ES", received);
    List<Integer> delivered = lives.isEmpty() || lives.get(0).isEmpty() ? List.of()
        : lives.get(0).subList(1, lives.get(0).size()).stream().map(StreamChecks::value).toList();
    JsonNode last = received.get(received.size() - 1);
    if (last.path("code").asText().equals("slow_consumer")) {
      assertThat(trades.subList(0, Math.min(delivered.size(), trades.size()))).as(where + ": a prefix")
          .isEqualTo(delivered);
    } else {
      assertThat(delivered).as(where + ": every trade").isEqualTo(trades);
    }
    StreamChecks.lives(where, "quotes:ES", received);
  }

  /** Lives that began while updates flowed: the start is unknown, the rest is checked as for the others. */
  private void checkChurn(RecordingClient churn) {
    List<JsonNode> received = churn.messages();
    for (SubscriptionKey key : KEYS) {
      String where = churn.framing() + " churning reader " + key.id();
      List<List<JsonNode>> lives = StreamChecks.lives(where, key.id(), received);
      for (int i = 0; i < lives.size(); i++) {
        List<JsonNode> life = lives.get(i);
        List<JsonNode> updates = life.isEmpty() ? List.of() : life.subList(1, life.size());
        boolean last = i == lives.size() - 1 && churn.follows(key);
        if (key.channel().conflatable()) {
          StreamChecks.conflated(where + " life " + i, published(key), updates, false, last);
        } else if (!updates.isEmpty()) {
          // A run of consecutive trades, from whichever came first after the subscribe.
          List<Integer> trades = published(key).get("");
          int from = trades.indexOf(StreamChecks.value(updates.get(0)));
          assertThat(updates.stream().map(StreamChecks::value).toList()).as(where + " life " + i)
              .isEqualTo(trades.subList(from, Math.min(trades.size(), from + updates.size())));
          if (last) {
            assertThat(from + updates.size()).as(where + ": up to the last trade").isEqualTo(trades.size());
          }
        }
      }
    }
  }

  /** Subscribes to or unsubscribes from a random key, but the one it paces on. */
  private static void churn(RecordingClient client, Random random) {
    SubscriptionKey key = KEYS.get(random.nextInt(KEYS.size()));
    if (key.equals(PACE)) {
      return;
    }
    if (client.follows(key)) {
      client.unsubscribe(key);
    } else {
      client.subscribe(key);
    }
  }

  private static boolean got(RecordingClient client, SubscriptionKey key, int value) {
    return client.messages().stream().anyMatch(message -> message.path("sub").asText().equals(key.id())
        && message.path("data").path("v").asInt(-1) == value);
  }

  /** Whether each slot's last update received is the slot's latest value. */
  private static boolean atLatest(List<JsonNode> messages, SubscriptionKey key, Map<String, List<Integer>> published) {
    Set<Integer> received = new TreeSet<>();
    messages.stream().filter(message -> message.path("sub").asText().equals(key.id())
        && message.path("type").asText().equals("update"))
        .forEach(message -> received.add(StreamChecks.value(message)));
    return published.values().stream().allMatch(values -> received.contains(values.get(values.size() - 1)));
  }

  /** A client that reads nothing until resumed, over a small socket buffer. */
  private static final class Paused implements AutoCloseable {
    final SlowWsClient client;
    final Framing framing;
    final List<SubscriptionKey> subscriptions = new ArrayList<>();
    private final List<JsonNode> frames = new ArrayList<>();

    private Paused(SlowWsClient client, Framing framing) {
      this.client = client;
      this.framing = framing;
    }

    static Paused of(TestServer server, boolean batch) throws IOException {
      return new Paused(SlowWsClient.connect(server.port(), "/ws?batch=" + batch), batch ? Framing.ARRAY
          : Framing.MESSAGES);
    }

    void subscribe(SubscriptionKey key) throws IOException {
      client.send(RecordingClient.subscribeMessage("subscribe", key));
      subscriptions.add(key);
    }

    void resume() {
      client.resume();
    }

    synchronized List<JsonNode> messages() {
      frames.addAll(client.drain());
      return StreamChecks.messages(frames, framing);
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }
}
