package io.tickflow.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.query.TestServer;
import io.tickflow.query.alerts.Alert;
import io.tickflow.query.alerts.RecordingPublisher;
import io.tickflow.query.alerts.StaleFeedMonitor;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics on a real server: the meters are there and the exposition passes promtool. */
class MetricsEndpointTest {

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldExposeHttpJvmFeedAndLatencyMetrics() {
    server.get("/api/v1/symbols");
    server.feedHealth.onTrade("ES", Instant.now().minusSeconds(5));
    server.metrics.barLatency(Duration.ofMillis(12));

    HttpResponse<String> response = server.get("/metrics");

    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    assertThat(response.body())
        .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/symbols\",status=\"200\"} 1")
        .contains("jvm_memory_used_bytes")
        .contains("tickflow_feed_last_trade_age_seconds{symbol=\"ES\"}")
        .contains("tickflow_bar_latency_seconds_bucket")
        .contains("tickflow_ws_clients 0");
  }

  @Test
  void shouldTagHttpRequestsWithTheRouteTemplateWhenPathsCarrySymbols() {
    for (String path : List.of("/api/v1/bars/ES", "/api/v1/bars/NQ/latest", "/api/v1/book/XYZ", "/no/such/AAPL",
        "/", "/app.js")) {
      server.get(path);
    }

    List<String> routes = server.get("/metrics").body().lines()
        .filter(line -> line.startsWith("http_server_requests_seconds_count"))
        .map(line -> line.replaceAll(".*route=\"([^\"]*)\".*", "$1")).distinct().sorted().toList();

    // Static files and unknown paths share "unmatched" (told apart by status): no series per path either way.
    assertThat(routes).containsExactly("/api/v1/bars/{symbol}", "/api/v1/bars/{symbol}/latest",
        "/api/v1/book/{symbol}", "unmatched");
  }

  @Test
  void shouldTagUnknownHttpMethodsAsOneWhenClientsInventMany() {
    for (int i = 0; i < 20; i++) {
      server.send("FOO" + i, "/api/v1/symbols");
    }
    server.send("DELETE", "/api/v1/symbols");

    List<String> methods = server.get("/metrics").body().lines()
        .filter(line -> line.startsWith("http_server_requests_seconds_count"))
        .map(line -> line.replaceAll(".*method=\"([^\"]*)\".*", "$1")).distinct().sorted().toList();

    assertThat(methods).containsExactly("DELETE", QueryMetrics.OTHER_METHOD);
  }

  @Test
  void shouldCountStaleFeedAlertWhenLastTradeIsOlderThanThreshold() {
    server.feedHealth.onTrade("ES", Instant.now().minus(Duration.ofMinutes(5)));
    RecordingPublisher publisher = new RecordingPublisher();
    List<Alert> published = publisher.published;
    StaleFeedMonitor monitor = new StaleFeedMonitor(server.feedHealth, publisher, server.metrics.registry(),
        Clock.systemUTC());

    monitor.check();
    monitor.check();

    assertThat(published).hasSize(1);
    assertThat(published.get(0).state()).isEqualTo("raised");
    assertThat(server.metrics.scrape()).contains("tickflow_alerts_total{state=\"raised\",type=\"stale_feed\"} 1.0");
    assertThat(server.get("/api/v1/feed-health").body()).contains("\"stale\":true").contains("\"reason\":\"silent\"");
    server.feedHealth.onTrade("ES", Instant.now());
    monitor.check();
    assertThat(published).extracting(Alert::state).containsExactly("raised", "resolved");
    assertThat(server.get("/api/v1/feed-health").body()).contains("\"stale\":false")
        .contains("\"reason\":\"trading\"");
  }

  @Test
  void shouldPassPromtoolCheckWhenScraped() throws Exception {
    server.get("/api/v1/bars/ES");
    server.feedHealth.onTrade("ES", Instant.now());

    Promtool.assertValidExposition(server.get("/metrics").body());
  }
}
