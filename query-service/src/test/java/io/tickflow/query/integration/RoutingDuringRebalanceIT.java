package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.http.BarsBody;
import io.tickflow.query.http.InstancesBody;
import io.tickflow.query.http.RoutedQuery;
import io.tickflow.query.http.SymbolsBody;
import io.tickflow.query.routing.InstanceInfo;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's routing rule under a seeded random schedule: up to three query-service instances of one application
 * (two partitions, one standby replica, static members as in {@link TwoInstancesIT}) are stopped, started again on
 * their state or on a fresh one, and joined by an extra one while trades, quotes and depth flow in and a client asks
 * random instances for random keys. Every answer is checked against a {@link MarketReference} computed apart:
 * <ul>
 *   <li>it is 200, 404 or 503, a 503 with Retry-After, a per-symbol answer naming a live instance and how it served;
 *   <li>every bar shown is a version the trades make (the bar of its window's first revision + 1 trades), final
 *       only when complete and closed; every quote and book one the depth and quotes made;
 *   <li>an answer holds every final bar the final bars topic (committed with the stores' changelogs, exactly once)
 *       held before the request, and no 404 for a symbol with final bars: an active owner's, and a standby's too, as
 *       a standby answers here only once it has read all of its changelogs ({@code query.standby.max.lag} 1, the
 *       commit marker), measured after the request arrived;
 *   <li>no instance shows a version of a key older than one it showed before (within one life of it);
 *   <li>while the group still has a stopped instance as owner, the others answer its keys from standby, saying so;
 *   <li>at the end, every instance answers every key as the reference says.
 * </ul>
 * The seed is printed; rerun one with {@code -Dtickflow.routing.seed=...}.
 */
@Tag("integration")
class RoutingDuringRebalanceIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SEED_PROPERTY = "tickflow.routing.seed";
  private static final int STEPS = 28;
  private static final List<String> SLOT_NAMES = List.of("a", "b", "c");
  private static final String UNKNOWN_SYMBOL = "SYMZ";
  private static final String FINAL_BARS = TickflowTopics.BARS_FINAL;

  private final ObjectMapper json = new Formats().json();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
  /** The final bars the topic holds, by symbol and timeframe, then by start. */
  private final Map<String, NavigableMap<Instant, BarView>> finalBars = new ConcurrentHashMap<>();
  /** Per instance life and key, the newest version it showed. */
  private final Map<String, Long> shown = new ConcurrentHashMap<>();
  private final Map<String, Slot> slots = new TreeMap<>();
  private volatile MarketReference reference = MarketReference.EMPTY;
  private volatile boolean querying = true;
  private volatile boolean following = true;
  private EmbeddedKafkaBroker broker;
  private Path stateDirs;

  @AfterEach
  void stopAll() {
    querying = false;
    following = false;
    slots.values().forEach(Slot::stop);
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldAnswerEveryKeyHonestlyWhileInstancesStopStartAndJoin(@TempDir Path stateDirs) throws Exception {
    long seed = Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong());
    System.out.println("RoutingDuringRebalanceIT seed: -D" + SEED_PROPERTY + "=" + seed);
    this.stateDirs = stateDirs;
    Random random = new Random(seed);
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
    }
    for (String name : SLOT_NAMES) {
      slots.put(name, new Slot(name, freePort()));
    }
    slots.get("a").start(false);
    slots.get("b").start(false);
    await().atMost(WAIT).until(() -> running().stream().allMatch(slot -> slot.life.app().ready()));

    RandomMarket market = new RandomMarket(new Random(random.nextLong()));
    Thread follower = thread("final-bars", this::followFinalBars);
    Thread client = thread("client", () -> queryLoop(new Random(random.nextLong())));
    for (int step = 0; step < STEPS && violations.isEmpty(); step++) {
      step(random, market, step);
    }
    produce(market.closingTrades(), List.of(), List.of());
    querying = false;
    client.join(WAIT.toMillis());
    assertThat(violations).as("seed %s; answers by kind: %s", seed, seen).isEmpty();

    settle();
    following = false;
    follower.join(WAIT.toMillis());
    assertThat(violations).as("seed %s", seed).isEmpty();
    System.out.println("RoutingDuringRebalanceIT seed " + seed + " answers: " + new TreeMap<>(seen));
  }

  // ---- the schedule

  /** One step: mostly market data, sometimes an instance stops, starts again or joins. */
  private void step(Random random, RandomMarket market, int step) throws Exception {
    int roll = random.nextInt(20);
    List<Slot> up = running();
    List<Slot> down = slots.values().stream().filter(slot -> slot.life == null).toList();
    if (roll < 3 && up.size() >= 2) {
      Slot slot = up.get(random.nextInt(up.size()));
      log(step, "stop " + slot.name);
      stopChecked(slot, up.stream().filter(other -> other != slot).findFirst().orElseThrow());
    } else if (roll < 6 && !down.isEmpty()) {
      Slot slot = down.get(random.nextInt(down.size()));
      boolean fresh = random.nextBoolean();
      log(step, "start " + slot.name + (fresh ? " on a fresh state dir" : " on its state dir"));
      slot.start(fresh);
    } else if (roll < 8) {
      log(step, "closing trades, then wait for the final bars topic");
      produce(market.closingTrades(), List.of(), List.of());
      awaitFinalBarsTopic();
    } else {
      produce(market.trades(), market.quotes(), market.depth());
    }
  }

  private static void log(int step, String what) {
    System.out.println("RoutingDuringRebalanceIT step " + step + ": " + what);
  }

  /** Publishes the reference with the records first: whatever an answer shows, the reference then holds. */
  private void produce(List<Trade> trades, List<Quote> quotes, List<DepthUpdate> depth) {
    reference = reference.with(trades, quotes, depth);
    MarketScenario.produceTrades(broker, trades);
    MarketScenario.produce(broker, TickflowTopics.RAW_QUOTES, Quote.class, quotes);
    MarketScenario.produce(broker, TickflowTopics.RAW_DEPTH, DepthUpdate.class, depth);
  }

  private void awaitFinalBarsTopic() {
    MarketReference now = reference;
    await().atMost(WAIT).until(() -> allFinalBarsInTopic(now) || !violations.isEmpty());
  }

  private boolean allFinalBarsInTopic(MarketReference now) {
    for (String symbol : RandomMarket.SYMBOLS) {
      for (String timeframe : MarketScenario.TIMEFRAMES.keySet()) {
        NavigableMap<Instant, BarView> inTopic = finalBars.getOrDefault(symbol + ":" + timeframe, new TreeMap<>());
        boolean all = now.expectedBars(symbol, timeframe).values().stream().filter(BarView::closed)
            .allMatch(bar -> bar.equals(inTopic.get(bar.start())));
        if (!all) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Stops an instance cleanly. Its static membership keeps it the owner of its partitions until its session times
   * out: meanwhile {@code other}, as long as its metadata still shows the assignment from before, must answer the
   * stopped instance's keys from a standby replica and say so (or 503). The keys it owned are those it answered as
   * owner while both instances' metadata showed one assignment: in a rebalance (an instance just started) one of them
   * may already have the next one, where {@code other} owns some of those keys.
   */
  private void stopChecked(Slot slot, Slot other) throws IOException {
    Optional<Map<String, Set<String>>> before = assignment(other);
    List<String> owned = new ArrayList<>();
    for (String symbol : RandomMarket.SYMBOLS) {
      HttpResponse<String> latest = get(slot, latestPath(symbol, "1m"));
      if (latest.statusCode() == 200 && slot.server.equals(header(latest, RoutedQuery.INSTANCE_HEADER))
          && "active".equals(header(latest, RoutedQuery.SERVED_BY_HEADER))) {
        owned.add(symbol);
      }
    }
    if (!before.equals(assignment(slot)) || !before.equals(assignment(other))) {
      before = Optional.empty();
    }
    slot.stop();
    for (String symbol : owned) {
      HttpResponse<String> latest = get(other, latestPath(symbol, "1m"));
      if (before.isPresent() && before.equals(assignment(other)) && latest.statusCode() != 503) {
        seen.computeIfAbsent("standby probe", kind -> new AtomicLong()).incrementAndGet();
        expect("standby probe " + symbol, "standby".equals(header(latest, RoutedQuery.SERVED_BY_HEADER))
            && !slot.server.equals(header(latest, RoutedQuery.INSTANCE_HEADER)), latest);
      }
    }
  }

  /** Which instance owns which partitions, as {@code slot}'s metadata says; empty while it has none. */
  private Optional<Map<String, Set<String>>> assignment(Slot slot) throws IOException {
    HttpResponse<String> response = get(slot, "/api/v1/instances");
    if (response.statusCode() != 200) {
      return Optional.empty();
    }
    return Optional.of(json.readValue(response.body(), InstancesBody.class).instances().stream()
        .collect(Collectors.toMap(InstanceInfo::server, InstanceInfo::activePartitions)));
  }

  // ---- the client

  /** Asks random running instances for random keys until told to stop, checking every answer. */
  private void queryLoop(Random random) {
    while (querying && violations.isEmpty()) {
      List<Slot> up = running();
      Slot slot = up.get(random.nextInt(up.size()));
      Life life = slot.life;
      if (life == null) {
        continue;
      }
      Query query = randomQuery(random);
      HttpResponse<String> response;
      try {
        response = get(slot, query.path());
      } catch (IOException e) {
        // Only an instance stopping under the request may leave it unanswered.
        expect(query.path() + " to " + slot.name + ": " + e, slot.life != life, null);
        continue;
      }
      check(query, slot, response);
    }
  }

  /**
   * A request, and what was known before it was sent: the final bars the topic held of its key, the symbols the topic
   * held final bars of, the life of each instance, the stops of the instances closed then.
   */
  private record Query(String kind, String symbol, String timeframe, Instant from, Instant to,
                       NavigableMap<Instant, BarView> knownFinal, Set<String> knownSymbols, Map<String, Life> lives,
                       Set<String> downs) {

    String path() {
      return switch (kind) {
        case "bars" -> "/api/v1/bars/" + symbol + "?tf=" + timeframe + "&limit=5000&from=" + Formats.instant(from)
            + "&to=" + Formats.instant(to);
        case "latest" -> latestPath(symbol, timeframe);
        case "quote" -> "/api/v1/quotes/" + symbol;
        case "book" -> "/api/v1/book/" + symbol;
        case "symbols" -> "/api/v1/symbols";
        default -> "/api/v1/instances";
      };
    }

    boolean perSymbol() {
      return symbol != null;
    }
  }

  private Query randomQuery(Random random) {
    String kind = List.of("bars", "bars", "latest", "quote", "book", "symbols", "instances").get(random.nextInt(7));
    Set<String> knownSymbols = finalBars.entrySet().stream().filter(series -> !series.getValue().isEmpty())
        .map(series -> series.getKey().split(":")[0]).collect(Collectors.toSet());
    if (kind.equals("symbols") || kind.equals("instances")) {
      return new Query(kind, null, null, null, null, new TreeMap<>(), knownSymbols, lives(), downs());
    }
    String symbol = random.nextInt(15) == 0 ? UNKNOWN_SYMBOL
        : RandomMarket.SYMBOLS.get(random.nextInt(RandomMarket.SYMBOLS.size()));
    String timeframe = random.nextBoolean() ? "1m" : "5m";
    long minutes = Math.max(1, Duration.between(MarketScenario.T0, reference.streamTime()).toMinutes() + 10);
    Instant from = MarketScenario.T0.plus(Duration.ofMinutes(random.nextLong(minutes)));
    Instant to = from.plus(Duration.ofMinutes(1 + random.nextInt(120)));
    NavigableMap<Instant, BarView> series = finalBars.getOrDefault(symbol + ":" + timeframe, new TreeMap<>());
    return new Query(kind, symbol, timeframe, from, to, new TreeMap<>(series), knownSymbols, lives(), downs());
  }

  private void check(Query query, Slot asked, HttpResponse<String> response) {
    int status = response.statusCode();
    seen.computeIfAbsent(query.kind() + " " + status + servedBy(response), kind -> new AtomicLong())
        .incrementAndGet();
    String what = query.path() + " to " + asked.name;
    if (!expect(what + ": status", status == 200 || status == 404 || status == 503, response)) {
      return;
    }
    if (status == 503) {
      expect(what + ": Retry-After on a 503", header(response, "Retry-After").matches("[1-9][0-9]*"), response);
      return;
    }
    MarketReference now = reference;
    if (query.perSymbol()) {
      checkRouting(what, query, response);
    }
    try {
      switch (query.kind()) {
        case "bars" -> checkBars(what, query, response, now);
        case "latest" -> checkLatest(what, query, response, now);
        case "quote" -> checkState(what, query, response, now, QuoteView.class);
        case "book" -> checkState(what, query, response, now, BookView.class);
        case "symbols" -> checkSymbols(what, query, response, now);
        default -> checkInstances(what, asked, response);
      }
    } catch (IOException e) {
      expect(what + ": an answer that is not the documented JSON: " + e, false, response);
    }
  }

  /**
   * A per-symbol answer names the live instance whose stores answered and how; an instance says 404 only for a
   * symbol whose bars it does not hold, as active owner or as standby.
   */
  private void checkRouting(String what, Query query, HttpResponse<String> response) {
    String instance = header(response, RoutedQuery.INSTANCE_HEADER);
    String servedBy = header(response, RoutedQuery.SERVED_BY_HEADER);
    expect(what + ": served-by header", servedBy.equals("active") || servedBy.equals("standby"), response);
    Optional<Slot> answering = slots.values().stream().filter(slot -> slot.server.equals(instance)).findFirst();
    expect(what + ": instance header names an instance", answering.isPresent(), response);
    answering.ifPresent(slot -> expect(what + ": answered by an instance stopped all along",
        !query.downs().contains(slot.downSince()), response));
    boolean barsRead = query.kind().equals("bars") || query.kind().equals("latest");
    if (response.statusCode() == 404 && barsRead) {
      boolean held = query.kind().equals("bars") ? query.knownSymbols().contains(query.symbol())
          : !query.knownFinal().isEmpty();
      expect(what + ": 404 from the " + servedBy + " of a symbol with final bars", !held, response);
    }
  }

  private void checkBars(String what, Query query, HttpResponse<String> response, MarketReference now)
      throws IOException {
    if (response.statusCode() != 200) {
      return;
    }
    BarsBody body = json.readValue(response.body(), BarsBody.class);
    TreeMap<Instant, BarView> answered = new TreeMap<>();
    for (BarView bar : body.bars()) {
      checkBar(what, query, bar, response, now);
      expect(what + ": bar start within the range", !bar.start().isBefore(query.from())
          && !bar.start().isAfter(query.to()), response);
      expect(what + ": bars oldest first, once each", answered.isEmpty() || bar.start().isAfter(answered.lastKey()),
          response);
      answered.put(bar.start(), bar);
    }
    expect(what + ": not truncated", !body.truncated(), response);
    query.knownFinal().subMap(query.from(), true, query.to(), true).forEach((start, bar) ->
        expect(what + ": the answer holds the final bar " + bar + " the topic held before",
            bar.equals(answered.get(start)), response));
  }

  private void checkLatest(String what, Query query, HttpResponse<String> response, MarketReference now)
      throws IOException {
    if (response.statusCode() != 200) {
      return;
    }
    BarView bar = json.readValue(response.body(), BarView.class);
    checkBar(what, query, bar, response, now);
    if (!query.knownFinal().isEmpty()) {
      expect(what + ": the latest bar is not older than a final one of the topic",
          !bar.start().isBefore(query.knownFinal().lastKey()), response);
    }
    newerThanShown(what, query, response, "latest:" + query.symbol() + ":" + query.timeframe(),
        bar.start().toEpochMilli() * 1000 + LifeChecks.rank(bar));
  }

  /** A bar is one the trades make, of the key asked, and no older than the same instance showed before. */
  private void checkBar(String what, Query query, BarView bar, HttpResponse<String> response, MarketReference now) {
    expect(what + ": a bar of the key asked", bar.symbol().equals(query.symbol())
        && bar.timeframe().equals(query.timeframe()), response);
    now.problemOf(bar).ifPresent(problem -> expect(what + ": " + problem, false, response));
    newerThanShown(what, query, response, "bar:" + bar.symbol() + ":" + bar.timeframe() + ":" + bar.start(),
        LifeChecks.rank(bar));
  }

  /** A quote or book is one of the states the records made, no older than the same instance showed before. */
  private <T> void checkState(String what, Query query, HttpResponse<String> response, MarketReference now,
                              Class<T> type) throws IOException {
    if (response.statusCode() != 200) {
      return;
    }
    T state = json.readValue(response.body(), type);
    int index = state instanceof QuoteView quote ? now.quoteIndex(query.symbol(), quote)
        : now.bookIndex(query.symbol(), (BookView) state);
    if (expect(what + ": a state the records made", index >= 0, response)) {
      newerThanShown(what, query, response, query.kind() + ":" + query.symbol(), index);
    }
  }

  /** Symbols of records sent, and every symbol the final bars topic held before the request. */
  private void checkSymbols(String what, Query query, HttpResponse<String> response, MarketReference now)
      throws IOException {
    if (response.statusCode() != 200) {
      return;
    }
    List<String> symbols = json.readValue(response.body(), SymbolsBody.class).symbols();
    expect(what + ": only symbols of records sent " + now.symbols(), now.symbols().containsAll(symbols), response);
    if (!expect(what + ": every symbol the final bars topic held " + query.knownSymbols(),
        symbols.containsAll(query.knownSymbols()), response)) {
      running().forEach(slot -> diagnose(slot, "/api/v1/symbols?scope=local"));
      running().forEach(slot -> diagnose(slot, "/api/v1/instances"));
    }
  }

  private void checkInstances(String what, Slot asked, HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      return;
    }
    InstancesBody body = json.readValue(response.body(), InstancesBody.class);
    Set<String> servers = slots.values().stream().map(slot -> slot.server).collect(Collectors.toSet());
    expect(what + ": self is the instance asked", body.self().equals(asked.server), response);
    expect(what + ": only instances of the application", body.instances().stream()
        .allMatch(instance -> servers.contains(instance.server())), response);
    expect(what + ": one self", body.instances().stream().filter(InstanceInfo::self)
        .map(InstanceInfo::server).toList().equals(List.of(asked.server)), response);
  }

  /**
   * Within one life of the answering instance, a key's version never goes back. Skipped when the instance stopped
   * or started around the answer: a new life, on a fresh state dir, may show less while it restores.
   */
  private void newerThanShown(String what, Query query, HttpResponse<String> response, String key, long version) {
    String instance = header(response, RoutedQuery.INSTANCE_HEADER);
    Optional<Slot> answering = slots.values().stream().filter(slot -> slot.server.equals(instance)).findFirst();
    Life life = answering.map(slot -> slot.life).orElse(null);
    if (life == null || life != query.lives().get(answering.get().name) || response.statusCode() != 200) {
      return;
    }
    String shownKey = instance + "#" + life.number() + ":" + key;
    Long before = shown.get(shownKey);
    expect(what + ": " + key + " older (" + version + ") than the same instance showed (" + before + ")",
        before == null || before <= version, response);
    shown.merge(shownKey, version, Math::max);
  }

  /** Adds what an instance answers now to the violations, to tell why one happened. */
  private void diagnose(Slot slot, String path) {
    try {
      HttpResponse<String> response = get(slot, path);
      violations.add("then " + slot.name + " " + path + ": " + response.statusCode() + " " + response.body());
    } catch (IOException e) {
      violations.add("then " + slot.name + " " + path + ": " + e);
    }
  }

  private boolean expect(String what, boolean holds, HttpResponse<String> response) {
    if (!holds) {
      violations.add(what + (response == null ? "" : " — " + response.statusCode() + " " + response.headers().map()
          + " " + response.body()));
    }
    return holds;
  }

  // ---- the end

  /** Once the schedule ends and every instance is ready, every instance answers every key as the reference says. */
  private void settle() {
    MarketReference now = reference;
    await().atMost(WAIT).untilAsserted(() -> {
      List<Slot> up = running();
      assertThat(up).allMatch(slot -> slot.life.app().ready());
      for (Slot slot : up) {
        settled(slot, now, up);
      }
    });
  }

  private void settled(Slot slot, MarketReference now, List<Slot> up) throws IOException {
    Instant to = now.streamTime().plus(Duration.ofHours(1));
    for (String symbol : RandomMarket.SYMBOLS) {
      for (String timeframe : MarketScenario.TIMEFRAMES.keySet()) {
        TreeMap<Instant, BarView> expected = now.expectedBars(symbol, timeframe);
        BarsBody bars = answer(slot, "/api/v1/bars/" + symbol + "?tf=" + timeframe + "&limit=5000&from="
            + Formats.instant(MarketScenario.T0) + "&to=" + Formats.instant(to), BarsBody.class);
        assertThat(bars.bars()).as("%s bars", slot.name).containsExactlyElementsOf(expected.values());
        assertThat(answer(slot, latestPath(symbol, timeframe), BarView.class))
            .isEqualTo(expected.lastEntry().getValue());
      }
      assertThat(stateOf(slot, "/api/v1/quotes/" + symbol, QuoteView.class)).as("%s quote %s", slot.name, symbol)
          .isEqualTo(now.latestQuote(symbol));
      assertThat(stateOf(slot, "/api/v1/book/" + symbol, BookView.class)).as("%s book %s", slot.name, symbol)
          .isEqualTo(now.latestBook(symbol));
    }
    assertThat(answer(slot, "/api/v1/symbols", SymbolsBody.class).symbols())
        .containsExactlyElementsOf(new TreeSet<>(now.symbols()));
    InstancesBody instances = answer(slot, "/api/v1/instances", InstancesBody.class);
    assertThat(instances.instances()).extracting(InstanceInfo::server)
        .containsExactlyInAnyOrderElementsOf(up.stream().map(running -> running.server).toList());
  }

  /** A 200's body; any other status fails the assertion (settling retries it). */
  private <T> T answer(Slot slot, String path, Class<T> type) throws IOException {
    HttpResponse<String> response = get(slot, path);
    assertThat(response.statusCode()).as("%s %s: %s", slot.name, path, response.body()).isEqualTo(200);
    return json.readValue(response.body(), type);
  }

  private <T> Optional<T> stateOf(Slot slot, String path, Class<T> type) throws IOException {
    HttpResponse<String> response = get(slot, path);
    assertThat(response.statusCode()).as("%s %s", slot.name, path).isIn(200, 404);
    return response.statusCode() == 404 ? Optional.empty() : Optional.of(json.readValue(response.body(), type));
  }

  // ---- the final bars topic

  /** Follows the final bars topic, checking each bar against the reference, until the client and settling end. */
  private void followFinalBars() {
    AvroDeserializer<Bar> bars = new AvroDeserializer<>(Bar.class);
    Map<String, Object> config = new HashMap<>(broker.consumerConfig());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(FINAL_BARS, WAIT).stream()
          .map(info -> new TopicPartition(FINAL_BARS, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (following) {
        consumer.poll(Duration.ofMillis(100)).forEach(record -> {
          BarView bar = BarView.of(bars.deserialize(FINAL_BARS, record.value()), Optional.empty());
          reference.problemOfFinal(bar).ifPresent(problem -> expect("final bars topic: " + problem, false, null));
          finalBars.computeIfAbsent(bar.symbol() + ":" + bar.timeframe(), key -> new ConcurrentSkipListMap<>())
              .put(bar.start(), bar);
        });
      }
    }
  }

  // ---- instances

  /** One instance's place: a name, a port kept across its lives (its advertised address), its current life. */
  private final class Slot {
    private final String name;
    private final int port;
    private final String server;
    private final AtomicInteger lives = new AtomicInteger();
    private volatile Life life;
    /** The name and number of the stop the instance is closed since; empty while starting, running or stopping. */
    private volatile String downSince = "";
    private Path stateDir;

    Slot(String name, int port) {
      this.name = name;
      this.port = port;
      this.server = "127.0.0.1:" + port;
      this.stateDir = stateDirs.resolve(name + "-0");
      this.downSince = name + "#0";
    }

    String downSince() {
      return downSince;
    }

    void start(boolean freshState) {
      int number = lives.incrementAndGet();
      downSince = "";
      if (freshState) {
        stateDir = stateDirs.resolve(name + "-" + number);
      }
      Map<String, Object> settings = QueryInstances.settings(broker, "tickflow-routing-it", stateDir);
      settings.put(QueryServiceConfig.HTTP_PORT_CONFIG, Integer.toString(port));
      settings.put(QueryServiceConfig.STANDBY_MAX_LAG_CONFIG, "1");
      settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
      settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
      settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), name);
      life = new Life(QueryInstances.start(settings), number);
    }

    /** Closes the instance cleanly; the client stops choosing it first. */
    void stop() {
      Life stopping = life;
      life = null;
      if (stopping != null) {
        stopping.app().close();
        downSince = name + "#" + stopping.number();
      }
    }
  }

  /** One run of an instance, from its start to its stop. */
  private record Life(QueryServiceApp app, int number) {
  }

  private List<Slot> running() {
    return slots.values().stream().filter(slot -> slot.life != null).toList();
  }

  /** The stops (each as {@link Slot#downSince}) of the instances that are closed now, not stopping or starting. */
  private Set<String> downs() {
    return slots.values().stream().map(Slot::downSince).filter(down -> !down.isEmpty()).collect(Collectors.toSet());
  }

  private Map<String, Life> lives() {
    Map<String, Life> lives = new HashMap<>();
    slots.forEach((name, slot) -> lives.put(name, slot.life));
    return Collections.unmodifiableMap(lives);
  }

  // ---- plumbing

  private static String latestPath(String symbol, String timeframe) {
    return "/api/v1/bars/" + symbol + "/latest?tf=" + timeframe;
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  private static String servedBy(HttpResponse<String> response) {
    return response.headers().firstValue(RoutedQuery.SERVED_BY_HEADER).map(value -> " " + value).orElse("");
  }

  private HttpResponse<String> get(Slot slot, String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + slot.server + path))
        .timeout(Duration.ofSeconds(15)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Thread thread(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (RuntimeException | AssertionError e) {
        violations.add(name + " failed: " + e);
      }
    }, "routing-it-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
