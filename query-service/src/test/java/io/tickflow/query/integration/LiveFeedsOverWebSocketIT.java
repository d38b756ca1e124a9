package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.data.BarView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.ws.Channel;
import io.tickflow.query.ws.RecordingClient;
import io.tickflow.query.ws.StreamChecks;
import io.tickflow.query.ws.SubscriptionKey;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket promises of docs/api.md on the live feeds as they run: a query-service instance with its embedded
 * Streams app on a real broker, random trades, quotes and depth of a few symbols produced in bursts
 * ({@link RandomMarket}), and clients, batched or not, that subscribe and unsubscribe at random moments meanwhile,
 * while one follows everything throughout; halfway a second instance joins and takes its share of the tasks, with a
 * client of its own. Each life of a subscription is checked against what was produced and what the Streams app
 * committed: trades from the one after the snapshot's (or before: updates may repeat it) on, each once, in order, up
 * to the last; bars never going back a version and ending at the final bars; quotes and books at their latest state;
 * seq without gap, nothing after {@code unsubscribed}, no error but 'unavailable' while the tasks move (answered by
 * subscribing again, as clients must). Seeded: the seed is logged and named in a failure;
 * {@code -Dtickflow.it.seed=<seed>} replays its data and client actions (the threads' timing differs from run to
 * run).
 */
@Tag("integration")
class LiveFeedsOverWebSocketIT {

  private static final Logger log = LoggerFactory.getLogger(LiveFeedsOverWebSocketIT.class);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int BURSTS = 120;
  private static final int RECENT_TRADES = (Integer) QueryServiceConfig.CONFIG_DEF.defaultValues()
      .get(QueryServiceConfig.RECENT_TRADES_CONFIG);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 4;
  private static final List<String> TIMEFRAMES = MarketScenario.TIMEFRAMES.keySet().stream().sorted().toList();

  private final long seed = Long.getLong("tickflow.it.seed", ThreadLocalRandom.current().nextLong());
  private final Random random = new Random(seed);
  private final RandomMarket market = new RandomMarket(random);
  private final LifeChecks lifeChecks = new LifeChecks(market, new Formats().json());
  private final List<SubscriptionKey> keys = allKeys();
  private final List<RecordingClient> clients = new ArrayList<>();
  /** Per client, the index of its first message after the second instance started. */
  private final Map<RecordingClient, Integer> rebalanceFrom = new HashMap<>();
  /** Per client, the indexes of the 'unavailable' errors answered with a new subscribe. */
  private final Map<RecordingClient, Set<Integer>> retried = new HashMap<>();
  private QueryServiceApp second;

  @Test
  void shouldKeepTheWebSocketPromisesOnTheLiveFeedsWhileClientsComeAndGo(@TempDir Path stateDir) {
    log.info("Seed {} (replay: -Dtickflow.it.seed={})", seed, seed);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (Admin admin = broker.admin()) {
        new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
      }
      try (QueryServiceApp first = instance(broker, stateDir, "a")) {
        await().atMost(WAIT).until(first::ready);
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(RecordingClient.connect(first.port(), (i + seed) % 2 == 0));
        }
        run(broker, stateDir, first);
      } finally {
        clients.forEach(RecordingClient::close);
        if (second != null) {
          second.close();
        }
      }
    } catch (AssertionError | ConditionTimeoutException e) {
      throw new AssertionError("seed " + seed + " (replay: -Dtickflow.it.seed=" + seed + "): " + e.getMessage(), e);
    }
  }

  /**
   * An instance of the one application: with a standby of each task, as in production, and every instance taken as
   * caught up, so that the second one gets its share of the tasks at once (a rebalance moving them) rather than after
   * the ten minutes of a probing rebalance.
   */
  private static QueryServiceApp instance(EmbeddedKafkaBroker broker, Path stateDir, String name) {
    Map<String, Object> settings = QueryInstances.settings(broker, "live-feeds-it", stateDir.resolve(name));
    settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
    settings.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, Long.toString(Long.MAX_VALUE));
    return QueryInstances.start(settings);
  }

  /**
   * The first client follows every key throughout; the others come and go around the bursts. Halfway, a second
   * instance joins (the tasks move while bursts go on) with a client of its own.
   */
  private void run(EmbeddedKafkaBroker broker, Path stateDir, QueryServiceApp first) {
    RecordingClient witness = clients.get(0);
    keys.forEach(witness::subscribe);
    await().atMost(WAIT).until(() -> keys.stream().allMatch(key -> witness.messages().stream().anyMatch(message ->
        message.path("type").asText().equals("snapshot") && message.path("sub").asText().equals(key.id()))));
    for (int burst = 0; burst < BURSTS; burst++) {
      if (burst == BURSTS / 2) {
        clients.forEach(client -> rebalanceFrom.put(client, client.messages().size()));
        second = instance(broker, stateDir, "b");
        RecordingClient late = RecordingClient.connect(second.port(), random.nextBoolean());
        rebalanceFrom.put(late, 0);
        clients.add(late);
      }
      MarketScenario.produceTrades(broker, market.trades());
      churn();
      MarketScenario.produce(broker, TickflowTopics.RAW_QUOTES, Quote.class, market.quotes());
      MarketScenario.produce(broker, TickflowTopics.RAW_DEPTH, DepthUpdate.class, market.depth());
      churn();
      if (random.nextBoolean()) {
        // Now and then the feeds catch up, so that subscriptions also start on a quiet market.
        await().atMost(WAIT).until(() -> RandomMarket.SYMBOLS.stream().allMatch(symbol -> lastTrade(witness, symbol)
            == last(market.acceptedSequences(symbol))));
      }
    }
    MarketScenario.produceTrades(broker, market.closingTrades());
    await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      retryUnavailable();
      check(broker);
      checkRecentTrades(first, committedTrades(broker));
    });
    assertThat(second.streamsApp().streams().metadataForLocalThreads()).as("tasks the second instance took")
        .anyMatch(thread -> !thread.activeTasks().isEmpty());
    log.info("Checked {} messages to {} clients; {} 'unavailable' while the tasks moved", clients.stream()
        .mapToInt(client -> client.messages().size()).sum(), clients.size(), retried.values().stream().mapToInt(Set::size).sum());
  }

  /**
   * Subscribes again where a snapshot was 'unavailable' (the tasks were moving), as docs/api.md tells clients to, unless
   * the client has moved on.
   */
  private void retryUnavailable() {
    for (RecordingClient client : clients) {
      Map<String, Integer> lastOfSub = new HashMap<>();
      List<JsonNode> received = client.messages();
      for (int i = 0; i < received.size(); i++) {
        lastOfSub.put(received.get(i).path("sub").asText(), i);
      }
      for (SubscriptionKey key : keys) {
        Integer last = lastOfSub.get(key.id());
        if (last != null && isError(received.get(last), "unavailable") && client.follows(key)
            && retried.computeIfAbsent(client, c -> new HashSet<>()).add(last)) {
          client.subscribe(key);
        }
      }
    }
  }

  private static boolean isError(JsonNode message, String code) {
    return message.path("type").asText().equals("error") && message.path("code").asText().equals(code);
  }

  /**
   * A few random subscribes and unsubscribes, some at once undone; and client 1 toggles every trades key, so that many
   * short lives begin while trades flow (the seam between snapshot and updates).
   */
  private void churn() {
    retryUnavailable();
    keys.stream().filter(key -> key.channel() == Channel.TRADES).forEach(key -> toggle(clients.get(1), key));
    for (int n = random.nextInt(6); n > 0; n--) {
      RecordingClient client = clients.get(1 + random.nextInt(clients.size() - 1));
      SubscriptionKey key = keys.get(random.nextInt(keys.size()));
      toggle(client, key);
      if (random.nextInt(8) == 0) {
        toggle(client, key);
      }
    }
  }

  private static void toggle(RecordingClient client, SubscriptionKey key) {
    if (client.follows(key)) {
      client.unsubscribe(key);
    } else {
      client.subscribe(key);
    }
  }

  private void check(EmbeddedKafkaBroker broker) {
    Map<String, List<Integer>> committedTrades = committedTrades(broker);
    for (String symbol : RandomMarket.SYMBOLS) {
      assertThat(committedTrades.getOrDefault(symbol, List.of())).as("%s trades committed", symbol)
          .isEqualTo(market.acceptedSequences(symbol));
    }
    checkBarTopics(broker);
    for (int i = 0; i < clients.size(); i++) {
      RecordingClient client = clients.get(i);
      List<JsonNode> received = client.messages();
      checkErrors("client " + i, received, rebalanceFrom.getOrDefault(client, received.size()));
      for (SubscriptionKey key : keys) {
        String where = "client " + i + " (" + client.framing() + ") " + key.id();
        List<List<JsonNode>> lives = StreamChecks.lives(where, key.id(), received);
        for (int life = 0; life < lives.size(); life++) {
          boolean toEnd = life == lives.size() - 1 && client.follows(key);
          lifeChecks.check(where + " life " + life, key, lives.get(life), toEnd);
        }
      }
    }
  }

  /**
   * No error but, once the tasks move ({@code from} on), 'unavailable', and what it leads to: the failed
   * subscription is gone, so the client's unsubscribe finds none, and a retry may cross its own subscribe.
   */
  private static void checkErrors(String where, List<JsonNode> received, int from) {
    Set<String> failed = new HashSet<>();
    for (int i = 0; i < received.size(); i++) {
      JsonNode message = received.get(i);
      if (isError(message, "unavailable") && i >= from) {
        failed.add(message.path("sub").asText());
      } else if (message.path("type").asText().equals("error")) {
        assertThat(failed).as("%s: %s", where, message).contains(message.path("sub").asText());
        assertThat(message.path("code").asText()).as("%s: %s", where, message)
            .isIn("not_subscribed", "already_subscribed");
      }
    }
  }

  /** The bars the Streams app committed: the final ones and, after the last, the open bar's latest revision. */
  private void checkBarTopics(EmbeddedKafkaBroker broker) {
    Map<String, TreeMap<Instant, BarView>> committed = new HashMap<>();
    AvroDeserializer<Bar> bars = new AvroDeserializer<>(Bar.class);
    for (String topic : List.of(TickflowTopics.BARS_LIVE, TickflowTopics.BARS_FINAL)) {
      TopicReader.readAll(broker, topic, WAIT).forEach(record -> {
        BarView bar = BarView.of(bars.deserialize(topic, record.value()), Optional.empty());
        committed.computeIfAbsent(bar.symbol() + ":" + bar.timeframe(), series -> new TreeMap<>())
            .merge(bar.start(), bar, (held, newer) -> LifeChecks.rank(newer) >= LifeChecks.rank(held) ? newer : held);
      });
    }
    for (String symbol : RandomMarket.SYMBOLS) {
      for (String timeframe : TIMEFRAMES) {
        assertThat(LifeChecks.differences(committed.getOrDefault(symbol + ":" + timeframe, new TreeMap<>()),
            market.expectedBars(symbol, timeframe))).as("%s %s bars committed", symbol, timeframe).isEmpty();
      }
    }
  }

  /**
   * The time and sales of the instance that read every trade from its start: each symbol's latest committed trades
   * (as many as it keeps), newest first.
   */
  private static void checkRecentTrades(QueryServiceApp instance, Map<String, List<Integer>> committedTrades)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String symbol : RandomMarket.SYMBOLS) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + instance.port() + "/api/v1/trades/" + symbol + "?limit=5000")).build(),
          HttpResponse.BodyHandlers.ofString());
      List<Integer> sequences = new ArrayList<>();
      JSON.readTree(response.body()).path("trades").forEach(trade -> sequences.add(trade.path("sequence").asInt()));
      List<Integer> newestFirst = new ArrayList<>(committedTrades.getOrDefault(symbol, List.of()));
      Collections.reverse(newestFirst);
      assertThat(sequences).as("%s recent trades", symbol)
          .isEqualTo(newestFirst.subList(0, Math.min(newestFirst.size(), RECENT_TRADES)));
    }
  }

  private static Map<String, List<Integer>> committedTrades(EmbeddedKafkaBroker broker) {
    AvroDeserializer<Trade> trades = new AvroDeserializer<>(Trade.class);
    Map<String, List<Integer>> bySymbol = new HashMap<>();
    TopicReader.readAll(broker, TickflowTopics.TRADES, WAIT).forEach(record -> {
      Trade trade = trades.deserialize(TickflowTopics.TRADES, record.value());
      bySymbol.computeIfAbsent(trade.getSymbol(), symbol -> new ArrayList<>()).add(trade.getSequence());
    });
    return bySymbol;
  }

  /** The sequence of the last trade the client got of the symbol, -1 before any. */
  private static int lastTrade(RecordingClient client, String symbol) {
    List<JsonNode> received = client.messages();
    for (int i = received.size() - 1; i >= 0; i--) {
      JsonNode message = received.get(i);
      if (message.path("sub").asText().equals("trades:" + symbol) && !message.path("data").isMissingNode()) {
        return message.get("data").path("sequence").asInt(-1);
      }
    }
    return -1;
  }

  private static int last(List<Integer> values) {
    return values.isEmpty() ? -1 : values.get(values.size() - 1);
  }

  private static List<SubscriptionKey> allKeys() {
    List<SubscriptionKey> all = new ArrayList<>();
    for (String symbol : RandomMarket.SYMBOLS) {
      all.add(SubscriptionKey.of(Channel.TRADES, symbol));
      all.add(SubscriptionKey.of(Channel.QUOTES, symbol));
      all.add(SubscriptionKey.of(Channel.BOOK, symbol));
      TIMEFRAMES.forEach(timeframe -> all.add(SubscriptionKey.bars(symbol, timeframe)));
    }
    return List.copyOf(all);
  }
}
