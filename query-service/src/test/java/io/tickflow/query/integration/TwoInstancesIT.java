package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.format.Formats;
import io.tickflow.query.http.BarsBody;
import io.tickflow.query.http.RoutedQuery;
import io.tickflow.query.routing.RequestForwarder;
import io.tickflow.query.ws.SlowWsClient;
import io.tickflow.query.ws.WsTestClient;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.TickflowStores;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 on the real Streams app: two query-service instances ({@link QueryServiceApp}, one application id, two
 * partitions per topic, one standby replica) over a real broker. Every key is answered correctly by both
 * instances (forwarded to its owner when needed); WebSocket clients get snapshots and ordered updates from the
 * Streams output, a slow client is conflated without holding a fast one back; when one instance stops, the other
 * keeps answering from its standby replicas and says so, once they are within {@code query.standby.max.lag} of
 * their changelogs (503 before). The methods run in order on one shared cluster.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Trades of the history: one per symbol a minute (every sixth step) for three days. */
  private static final int HISTORY_STEPS = 3 * 8640;
  /** The step of three days and ten minutes after T0, the one-minute window the live phase updates. */
  private static final int LIVE_STEP = HISTORY_STEPS + 60;
  private static final int LIVE_REVISIONS = 5;
  /** Records a standby may be behind and answer. */
  private static final int STANDBY_MAX_LAG = 100;
  private static final String SYMBOL_STATE_CHANGELOG = "tickflow-query-it-" + TickflowStores.SYMBOL_STATE
      + "-changelog";
  private static final String RANGE = "&from=" + MarketScenario.T0 + "&to="
      + MarketScenario.T0.plus(Duration.ofDays(3).plusHours(1));

  private final Formats formats = new Formats();
  private final ObjectMapper json = formats.json();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MarketScenario scenario = new MarketScenario();
  private EmbeddedKafkaBroker broker;
  private QueryServiceApp a;
  private QueryServiceApp b;

  @BeforeAll
  void startCluster(@TempDir Path stateDirs) {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
    }
    a = instance("a", stateDirs);
    b = instance("b", stateDirs);
    // Both join before any data exists: with nothing to restore, the assignment is balanced at once.
    await().atMost(WAIT).until(() -> a.ready() && b.ready() && everyInstanceOwnsPartitions());

    MarketScenario.produce(broker, TickflowTopics.SECURITY_DEFINITIONS, SecurityDefinition.class,
        MarketScenario.definitions());
    MarketScenario.produceTrades(broker, scenario.tradesAt(0, HISTORY_STEPS, 6));
    MarketScenario.produce(broker, TickflowTopics.RAW_QUOTES, Quote.class, MarketScenario.quotes());
    MarketScenario.produce(broker, TickflowTopics.RAW_DEPTH, DepthUpdate.class, MarketScenario.depth());
    Trade last = scenario.trades().get(scenario.trades().size() - 1);
    await().atMost(WAIT).until(() -> MarketScenario.SYMBOLS.stream().allMatch(symbol ->
        get(a, "/api/v1/trades/" + symbol + "/latest").body()
            .contains("\"time\":\"" + Formats.instant(last.getEventTime()) + "\"")
            && get(a, "/api/v1/book/" + symbol).statusCode() == 200
            && get(a, "/api/v1/quotes/" + symbol).body().equals(toJson(MarketScenario.latestQuote(symbol)))
            && get(b, "/api/v1/instruments/" + symbol).statusCode() == 200));
  }

  private QueryServiceApp instance(String name, Path stateDirs) {
    Map<String, Object> settings = QueryInstances.settings(broker, "tickflow-query-it", stateDirs.resolve(name));
    settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
    settings.put(QueryServiceConfig.STANDBY_MAX_LAG_CONFIG, Integer.toString(STANDBY_MAX_LAG));
    settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
    // Static members stay in the group when closed, as a crashed instance does until the session times out: the
    // window in which a standby answers for a stopped owner.
    settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), name);
    // Snapshots of every bar (4,320 one-minute bars a symbol): megabytes, more than the socket buffers hold.
    settings.put(QueryServiceConfig.WS_SNAPSHOT_BARS_CONFIG, "5000");
    return QueryInstances.start(settings);
  }

  private boolean everyInstanceOwnsPartitions() throws IOException {
    HttpResponse<String> response = get(a, "/api/v1/instances");
    if (response.statusCode() != 200) {
      return false;
    }
    JsonNode instances = json.readTree(response.body()).get("instances");
    boolean all = instances.size() == 2;
    for (JsonNode instance : instances) {
      all &= !instance.get("activePartitions").isEmpty() && !instance.get("standbyPartitions").isEmpty();
    }
    return all;
  }

  @AfterAll
  void stopCluster() {
    b.close();
    a.close();
    broker.close();
  }

  @Test
  @Order(1)
  void shouldAnswerEveryKeyCorrectlyOnBothInstancesWhenKeysAreSpreadOverThem() throws Exception {
    Set<String> answeredBy = new HashSet<>();
    for (QueryServiceApp instance : List.of(a, b)) {
      for (String symbol : MarketScenario.SYMBOLS) {
        for (String timeframe : MarketScenario.TIMEFRAMES.keySet()) {
          TreeMap<Instant, BarView> expected = scenario.expectedBars(symbol, timeframe);
          HttpResponse<String> bars = get(instance, "/api/v1/bars/" + symbol + "?tf=" + timeframe + "&limit=5000" + RANGE);
          assertThat(bars.statusCode()).isEqualTo(200);
          assertThat(json.readValue(bars.body(), BarsBody.class).bars()).containsExactlyElementsOf(expected.values());
          answeredBy.add(bars.headers().firstValue(RoutedQuery.INSTANCE_HEADER).orElseThrow());
          assertThat(json.readValue(get(instance, "/api/v1/bars/" + symbol + "/latest?tf=" + timeframe).body(),
              BarView.class)).isEqualTo(expected.lastEntry().getValue());
        }
        assertThat(json.readValue(get(instance, "/api/v1/trades/" + symbol + "/latest").body(), TradeView.class))
            .isEqualTo(TradeView.of(lastTrade(symbol)));
        assertThat(json.readValue(get(instance, "/api/v1/quotes/" + symbol).body(), QuoteView.class))
            .isEqualTo(MarketScenario.latestQuote(symbol));
        // As a feed may spell it: the Streams app's symbol rules make it the same key.
        String spelling = symbol.toLowerCase(Locale.ROOT) + "-cme";
        assertThat(json.readValue(get(instance, "/api/v1/quotes/" + spelling).body(), QuoteView.class))
            .isEqualTo(MarketScenario.latestQuote(symbol));
        assertThat(json.readValue(get(instance, "/api/v1/book/" + symbol).body(), BookView.class))
            .isEqualTo(MarketScenario.book(symbol));
      }
      assertThat(get(instance, "/api/v1/symbols").body())
          .isEqualTo("{\"symbols\":[\"SYMA\",\"SYMB\",\"SYMC\",\"SYMD\",\"SYME\",\"SYMF\"]}");
      assertThat(get(instance, "/api/v1/bars/NOPE?tf=1m").statusCode()).isEqualTo(404);
      assertThat(instruments(instance)).extracting(InstrumentView::symbol)
          .containsExactlyElementsOf(MarketScenario.SYMBOLS);
    }
    for (String symbol : MarketScenario.SYMBOLS) {
      shouldAnswerAForwardOnlyWhereTheKeyIs(symbol);
    }
    assertThat(answeredBy).as("bars answered by both instances' stores").containsExactlyInAnyOrder(
        "127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
    List<BarView> newest = new ArrayList<>(scenario.expectedBars("SYMA", "1m").values());
    assertThat(json.readValue(get(b, "/api/v1/bars/SYMA?tf=1m&limit=3" + RANGE).body(), BarsBody.class).bars())
        .containsExactlyElementsOf(newest.subList(newest.size() - 3, newest.size()));
  }

  @Test
  @Order(2)
  void shouldStreamSnapshotsAndOrderedUpdatesWhileSlowClientIsConflated() throws Exception {
    List<String> barSubs = new ArrayList<>();
    try (WsTestClient fastClient = WsTestClient.connect(URI.create("ws://127.0.0.1:" + a.port() + "/ws"));
         SlowWsClient slowClient = SlowWsClient.connect(a.port())) {
      for (String symbol : MarketScenario.SYMBOLS) {
        for (String timeframe : MarketScenario.TIMEFRAMES.keySet()) {
          String subscribe = "{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"" + symbol
              + "\",\"timeframe\":\"" + timeframe + "\"}";
          fastClient.send(subscribe);
          slowClient.send(subscribe);
          barSubs.add("bars:" + symbol + ":" + timeframe);
        }
      }
      // The slow client reads nothing until resumed: its snapshots alone (about 10 MB) fill the socket buffers.
      fastClient.send("{\"type\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"SYMA\"}");
      fastClient.send("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":\"SYMA\"}");
      ClientView fast = new ClientView(fastClient::drain, json);
      ClientView slow = new ClientView(slowClient::drain, json);
      await().atMost(WAIT).until(() -> barSubs.stream().allMatch(fast.refresh()::hasSnapshot)
          && fast.hasSnapshot("trades:SYMA") && fast.hasSnapshot("quotes:SYMA"));
      for (String sub : barSubs) {
        assertThat(fast.bars(sub)).isEqualTo(scenario.expectedBars(symbolOf(sub), timeframeOf(sub)));
      }

      Instant window = MarketScenario.T0.plus(MarketScenario.STEP.multipliedBy(LIVE_STEP));
      List<Trade> liveTrades = new ArrayList<>();
      for (int revision = 0; revision < LIVE_REVISIONS; revision++) {
        List<Trade> batch = scenario.tradesAt(LIVE_STEP + revision, LIVE_STEP + revision + 1);
        liveTrades.addAll(batch);
        MarketScenario.produceTrades(broker, batch);
        int expectedRevision = revision;
        await().atMost(WAIT).until(() -> MarketScenario.SYMBOLS.stream().allMatch(symbol -> {
          BarView bar = fast.refresh().bars("bars:" + symbol + ":1m").get(window);
          return bar != null && bar.revision() == expectedRevision;
        }));
      }
      MarketScenario.produce(broker, TickflowTopics.RAW_QUOTES, Quote.class,
          List.of(MarketScenario.quote("SYMA", 101.0, MarketScenario.T0.plus(Duration.ofHours(4)))));
      // Two minutes on: stream time passes the live window's end plus grace, so it becomes final.
      List<Trade> closing = scenario.tradesAt(LIVE_STEP + 12, LIVE_STEP + 13);
      liveTrades.addAll(closing);
      MarketScenario.produceTrades(broker, closing);
      List<Integer> symaSequences = liveTrades.stream().filter(t -> t.getSymbol().equals("SYMA"))
          .map(Trade::getSequence).toList();
      // The trades channel follows its own topic: its last update may come after the bars and the quote.
      await().atMost(WAIT).until(() -> sameBars(fast.refresh(), barSubs)
          && lastData(fast, "quotes:SYMA").path("bidPrice").asDouble() == 101.0
          && fast.data("trades:SYMA").size() > symaSequences.size());
      assertThat(fast.bars("bars:SYMA:1m").get(window).closed()).isTrue();
      assertThat(fast.data("trades:SYMA").subList(1, fast.data("trades:SYMA").size()))
          .extracting(trade -> trade.get("sequence").asInt())
          .containsExactlyElementsOf(symaSequences);
      assertThat(slow.refresh().updates()).as("the slow client is still blocked").isLessThan(fast.updates());

      slowClient.resume();
      await().atMost(WAIT).until(() -> sameBars(slow.refresh(), barSubs));
      assertThat(slow.conflated()).as("updates the slow client skipped").isPositive();
      assertThat(slow.updates()).isLessThan(fast.updates());
    }
  }

  @Test
  @Order(3)
  void shouldKeepAnsweringFromStandbyWhenTheOwnerStops() throws Exception {
    String aServer = "127.0.0.1:" + a.port();
    List<String> ownedByA = new ArrayList<>();
    for (String symbol : MarketScenario.SYMBOLS) {
      if (get(b, "/api/v1/bars/" + symbol + "/latest?tf=1m").headers().firstValue(RoutedQuery.INSTANCE_HEADER)
          .orElseThrow().equals(aServer)) {
        ownedByA.add(symbol);
      }
    }
    assertThat(ownedByA).isNotEmpty();

    try (HeldChangelog held = HeldChangelog.hold(broker, SYMBOL_STATE_CHANGELOG, 2 * STANDBY_MAX_LAG)) {
      a.close();
      for (String symbol : ownedByA) {
        HttpResponse<String> behind = get(b, "/api/v1/bars/" + symbol + "/latest?tf=1m");
        assertThat(behind.statusCode()).as("%s from a standby too far behind: %s", symbol, behind.body())
            .isEqualTo(503);
        assertThat(behind.headers().firstValue("Retry-After")).isPresent();
      }
      held.release();
    }
    await().atMost(WAIT).until(() -> get(b, "/api/v1/bars/" + ownedByA.get(0) + "/latest?tf=1m").statusCode()
        == 200);
    for (String symbol : MarketScenario.SYMBOLS) {
      HttpResponse<String> latest = get(b, "/api/v1/bars/" + symbol + "/latest?tf=1m");
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(json.readValue(latest.body(), BarView.class))
          .isEqualTo(scenario.expectedBars(symbol, "1m").lastEntry().getValue());
      assertThat(latest.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue("127.0.0.1:" + b.port());
      assertThat(latest.headers().firstValue(RoutedQuery.SERVED_BY_HEADER))
          .hasValue(ownedByA.contains(symbol) ? "standby" : "active");
      assertThat(json.readValue(get(b, "/api/v1/book/" + symbol).body(), BookView.class))
          .isEqualTo(MarketScenario.book(symbol));
    }
    assertThat(get(b, "/api/v1/symbols").statusCode()).isEqualTo(200);
    // Every instance holds every security definition: no owner or standby is needed.
    assertThat(instruments(b)).extracting(InstrumentView::symbol).containsExactlyElementsOf(MarketScenario.SYMBOLS);
    // Once the group notices (session timeout), b owns everything actively.
    await().atMost(WAIT).until(() -> MarketScenario.SYMBOLS.stream().allMatch(symbol -> "active".equals(
        get(b, "/api/v1/bars/" + symbol + "/latest?tf=1m").headers().firstValue(RoutedQuery.SERVED_BY_HEADER)
            .orElse(""))));
  }

  private boolean sameBars(ClientView view, List<String> subs) {
    return subs.stream().allMatch(sub ->
        view.bars(sub).equals(scenario.expectedBars(symbolOf(sub), timeframeOf(sub))));
  }

  private JsonNode lastData(ClientView view, String sub) {
    List<JsonNode> data = view.data(sub);
    return data.isEmpty() ? json.nullNode() : data.get(data.size() - 1);
  }

  private static String symbolOf(String sub) {
    return sub.split(":")[1];
  }

  private static String timeframeOf(String sub) {
    return sub.split(":")[2];
  }

  /** Each symbol's instrument as asked one by one, checked against the list and the definition produced. */
  private List<InstrumentView> instruments(QueryServiceApp instance) throws IOException {
    HttpResponse<String> list = get(instance, "/api/v1/instruments");
    assertThat(list.statusCode()).isEqualTo(200);
    List<InstrumentView> listed = List.of(json.readValue(json.readTree(list.body()).get("instruments").toString(),
        InstrumentView[].class));
    for (InstrumentView instrument : listed) {
      HttpResponse<String> one = get(instance, "/api/v1/instruments/" + instrument.symbol().toLowerCase(Locale.ROOT));
      assertThat(json.readValue(one.body(), InstrumentView.class)).isEqualTo(instrument);
      assertThat(instrument).isEqualTo(new InstrumentView(instrument.symbol(), "TEST",
          instrument.symbol() + " test contract", 0.25, 2, 12.5, "USD", LocalTime.MIDNIGHT, "UTC",
          MarketScenario.T0));
    }
    return listed;
  }

  private Trade lastTrade(String symbol) {
    List<Trade> trades = scenario.trades().stream().filter(trade -> trade.getSymbol().equals(symbol)).toList();
    return trades.get(trades.size() - 1);
  }

  private String toJson(Object value) {
    return formats.toJson(value);
  }

  /**
   * A request a client marks as forwarded, as if from another instance, is answered by the owner and refused by the
   * other instance, which holds only the standby copy: never that copy presented as the owner's answer.
   */
  private void shouldAnswerAForwardOnlyWhereTheKeyIs(String symbol) {
    String path = "/api/v1/bars/" + symbol + "/latest?tf=1m";
    String owner = get(a, path).headers().firstValue(RoutedQuery.INSTANCE_HEADER).orElseThrow();
    QueryServiceApp other = owner.equals("127.0.0.1:" + a.port()) ? b : a;
    QueryServiceApp self = other == a ? b : a;

    assertThat(get(self, path, RequestForwarder.FORWARDED_HEADER, RequestForwarder.AS_ACTIVE).statusCode())
        .isEqualTo(200);
    HttpResponse<String> forged = get(other, path, RequestForwarder.FORWARDED_HEADER, RequestForwarder.AS_ACTIVE);
    assertThat(forged.statusCode()).as("a forged forward of %s to the non-owner", symbol).isEqualTo(503);
    HttpResponse<String> asStandby = get(other, path, RequestForwarder.FORWARDED_HEADER, RequestForwarder.AS_STANDBY);
    assertThat(asStandby.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("standby");
  }

  private HttpResponse<String> get(QueryServiceApp instance, String pathAndQuery, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port()
        + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    HttpRequest request = builder.build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
