package io.tickflow.query.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.TestServer;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.http.RoutedQuery;
import io.tickflow.query.ws.WsTestClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two real servers, A owning ES and B holding its standby, with real HTTP between them: B forwards to A, answers
 * from its standby when A is down, and answers 503 when neither can. (With Kafka Streams metadata: the ITs.)
 */
class ForwardingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.now().minusSeconds(600);

  /** A owns every key actively, B keeps the standby. */
  private static final class PairCluster {
    volatile HostInfo a = new HostInfo("127.0.0.1", 1);
    volatile HostInfo b = new HostInfo("127.0.0.1", 2);

    ClusterMetadata viewFrom(boolean fromA) {
      return new ClusterMetadata() {
        @Override
        public HostInfo self() {
          return fromA ? a : b;
        }

        @Override
        public Optional<KeyOwners> ownersOf(Dataset dataset, String symbol) {
          return Optional.of(new KeyOwners(a, List.of(b)));
        }

        @Override
        public List<InstanceInfo> instances() {
          return List.of(
              new InstanceInfo(a.host() + ":" + a.port(), fromA, Set.of("tickflow.trades-0"), Set.of(), Set.of()),
              new InstanceInfo(b.host() + ":" + b.port(), !fromA, Set.of(), Set.of("tickflow.trades-0"), Set.of()));
        }
      };
    }
  }

  private final PairCluster cluster = new PairCluster();
  private TestServer a;
  private TestServer b;

  @BeforeEach
  void start() {
    a = TestServer.start(cluster.viewFrom(true));
    b = TestServer.start(cluster.viewFrom(false));
    cluster.a = new HostInfo("127.0.0.1", a.port());
    cluster.b = new HostInfo("127.0.0.1", b.port());
    a.data.putBar(bar(4710));
    b.data.putBar(bar(4705)); // the standby lags: a different close tells who answered
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private static BarView bar(double close) {
    return new BarView("ES", "1m", START, START.plusSeconds(60), null, close, close, close, close, 1, 0, 1, 1, close,
        false, 0);
  }

  @Test
  void shouldForwardToOwnerWhenAskedOnAnotherInstance() {
    HttpResponse<String> response = b.get("/api/v1/bars/ES/latest?format=csv");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue("127.0.0.1:" + a.port());
    assertThat(response.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("active");
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(response.body()).contains(",4710.0,");
  }

  @Test
  void shouldPassTheCutOfARangeBackWhenTheOwnerAnswers() {
    a.data.putBar(new BarView("ES", "1m", START.plusSeconds(60), START.plusSeconds(120), null, 1, 1, 1, 1, 1, 0, 1,
        1, 1, false, 0));

    HttpResponse<String> response = b.get("/api/v1/bars/ES?limit=1&format=csv");

    assertThat(response.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue("127.0.0.1:" + a.port());
    assertThat(response.headers().firstValue(RoutedQuery.TRUNCATED_HEADER)).hasValue("true");
    assertThat(response.headers().firstValue("Link").orElseThrow())
        .startsWith("</api/v1/bars/ES?limit=1&format=csv&to=").endsWith(">; rel=\"prev\"");
  }

  @Test
  void shouldRefuseWithoutDataWhenAClientClaimsItsRequestWasForwardedToANonOwner() {
    // B holds only the standby copy (its close 4705 lags A's 4710): it must not present it as the active answer.
    HttpResponse<String> forged = b.get("/api/v1/bars/ES/latest", RequestForwarder.FORWARDED_HEADER,
        RequestForwarder.AS_ACTIVE);

    assertThat(forged.statusCode()).isEqualTo(503);
    assertThat(forged.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(forged.body()).doesNotContain("4705").contains("This instance does not hold ES's bars as active owner "
        + "now; X-Tickflow-Forwarded is for requests between instances: send the request without it");
  }

  @Test
  void shouldLabelTheStandbysAnswerWhenAClientAsksAStandbyAsStandby() {
    HttpResponse<String> asStandby = b.get("/api/v1/bars/ES/latest", RequestForwarder.FORWARDED_HEADER,
        RequestForwarder.AS_STANDBY);
    HttpResponse<String> asOwner = a.get("/api/v1/bars/ES/latest", RequestForwarder.FORWARDED_HEADER,
        RequestForwarder.AS_ACTIVE);

    assertThat(asStandby.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("standby");
    assertThat(asStandby.body()).contains("\"close\":4705.0");
    assertThat(asOwner.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("active");
    assertThat(asOwner.body()).contains("\"close\":4710.0");
  }

  @Test
  void shouldAnswerFromStandbyAndSaySoWhenOwnerIsDown() {
    a.close();

    HttpResponse<String> response = b.get("/api/v1/bars/ES/latest");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(RoutedQuery.SERVED_BY_HEADER)).hasValue("standby");
    assertThat(response.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue("127.0.0.1:" + b.port());
    assertThat(response.body()).contains("\"close\":4705.0");
    a = TestServer.start(cluster.viewFrom(true)); // for @AfterEach
  }

  /**
   * REST answers from the standby when the owner is down, but a WebSocket snapshot must not: the live updates that
   * follow it start where the owner's commits are, and the lagging copy (4705 here) would be kept until the bar
   * changes again, or a "no data yet" from a standby that does not hold the key yet. Seen in LiveFeedsOverWebSocketIT:
   * snapshots served by standbys while the second instance took its tasks, and once a trades snapshot of "no data yet"
   * followed by updates from the symbol's two-thousandth trade on.
   */
  @Test
  void shouldRefuseAWebSocketSnapshotOnlyTheStandbyCouldGive() throws Exception {
    a.close();

    try (WsTestClient client = WsTestClient.connect(b.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"1m\"}");
      JsonNode error = client.next("error", Duration.ofSeconds(10));
      assertThat(error.get("code").asText()).isEqualTo("unavailable");
      assertThat(error.get("sub").asText()).isEqualTo("bars:ES:1m");
    }
    a = TestServer.start(cluster.viewFrom(true)); // for @AfterEach
  }

  @Test
  void shouldAnswer503WhenOwnerAndStandbyCannotAnswer() {
    a.data.setUnavailable(true);
    b.data.setUnavailable(true);

    HttpResponse<String> response = b.get("/api/v1/quotes/ES");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
  }

  @Test
  void shouldGatherSymbolsFromEveryInstanceWhenAllPartitionsAreCovered() {
    a.data.putBar(new BarView("NQ", "1m", START, START.plusSeconds(60), null, 1, 1, 1, 1, 1, 0, 1, 1, 1, false, 0));

    assertThat(b.get("/api/v1/symbols").body()).isEqualTo("{\"symbols\":[\"ES\",\"NQ\"]}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"header", "query parameter"})
  void shouldGatherSymbolsFromEveryInstanceWhenSecurityIsOnWithTheKeySentAs(String how) {
    PairCluster secured = new PairCluster();
    Map<String, String> security = Map.of("security.enabled", "true", "security.api.keys", "k&y%:read");
    try (TestServer owner = TestServer.start(security, secured.viewFrom(true));
         TestServer standby = TestServer.start(security, secured.viewFrom(false))) {
      secured.a = new HostInfo("127.0.0.1", owner.port());
      secured.b = new HostInfo("127.0.0.1", standby.port());
      owner.data.putBar(new BarView("NQ", "1m", START, START.plusSeconds(60), null, 1, 1, 1, 1, 1, 0, 1, 1, 1, false,
          0));
      standby.data.putBar(bar(4705));

      // The standby's own stores cover the partition: without the owner's part it would answer [ES] alone.
      HttpResponse<String> response = how.equals("header") ? standby.get("/api/v1/symbols", "X-API-Key", "k&y%")
          : standby.get("/api/v1/symbols?api_key=k%26y%25");

      assertThat(response.body()).isEqualTo("{\"symbols\":[\"ES\",\"NQ\"]}");
    }
  }

  @Test
  void shouldPassNotFoundThroughWhenOwnerDoesNotKnowTheSymbol() {
    assertThat(b.get("/api/v1/book/ES").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ES#", "^GSPC", "BRK.B", "6E=F", "ES@CME:1", "EUR/USD", "ES 12-26", "A&B?C%D", "Q\"T\\S"})
  void shouldAnswerForTheSymbolAskedWhenTheOwnerIsAnotherInstance(String symbol) throws Exception {
    // "ES#" read as the URL "/quotes/ES#..." would be ES's quote (the rest a fragment): give ES one too.
    a.data.putQuote(new QuoteView("ES", 4700.0, 1L, 4700.25, 1L, START));
    a.data.putQuote(new QuoteView(symbol, 10.0, 2L, 10.5, 3L, START));

    try (WsTestClient client = WsTestClient.connect(b.port())) {
      client.send("{\"type\":\"subscribe\",\"channel\":\"quotes\",\"symbol\":"
          + JSON.writeValueAsString(symbol) + "}");

      JsonNode snapshot = client.next("snapshot", Duration.ofSeconds(5));
      assertThat(snapshot.get("sub").asText()).isEqualTo("quotes:" + symbol);
      assertThat(snapshot.get("data").get("symbol").asText()).isEqualTo(symbol);
      assertThat(snapshot.get("data").get("askPrice").asDouble()).isEqualTo(10.5);
    }
    HttpResponse<String> rest = b.get("/api/v1/quotes/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
        .replace("+", "%20"));
    assertThat(rest.headers().firstValue(RoutedQuery.INSTANCE_HEADER)).hasValue("127.0.0.1:" + a.port());
    assertThat(JSON.readTree(rest.body()).get("symbol").asText()).isEqualTo(symbol);
  }

  @Test
  void shouldForwardAQueryStringWithCharactersAUriMustEscape() {
    // Jetty takes | and " unescaped in a query (browsers and curl send them so); the forward must still be a URI.
    String response = b.rawGet("/api/v1/bars/ES/latest?api_key=a|b\"c");

    assertThat(response).startsWith("HTTP/1.1 200 ");
    assertThat(response).contains("X-Tickflow-Instance: 127.0.0.1:" + a.port());
    assertThat(response).contains("\"close\":4710.0");
  }

}
