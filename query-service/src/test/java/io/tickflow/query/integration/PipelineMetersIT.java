package io.tickflow.query.integration;

import static io.tickflow.query.metrics.PipelineSeries.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.QueryServiceSettings;
import io.tickflow.query.metrics.PipelineSeries;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query service's /metrics on a real broker: every pipeline counter, every rejection reason included, from the
 * first scrape once the service is ready (Micrometer's Kafka binder used to find them only at its next refresh, up
 * to a minute later), and in = out + rejected once trades came; the RocksDB memory its stores hold against the
 * budget configured.
 */
@Tag("integration")
class PipelineMetersIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String ROCKSDB_USED = "tickflow_rocksdb_memory_used_bytes";
  private static final String ROCKSDB_LIMIT = "tickflow_rocksdb_memory_limit_bytes";

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(1, (short) 1));
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldServeEveryPipelineCounterFromTheFirstScrapeAndBalanceThemWhenTradesCome(@TempDir Path stateDir) {
    try (QueryServiceApp service = queryService(stateDir)) {
      Awaitility.await().atMost(WAIT).until(service::ready);

      String first = scrape(service);

      for (Pipeline pipeline : Pipeline.values()) {
        assertThat(first).contains(PipelineSeries.in(pipeline) + " 0.0", PipelineSeries.out(pipeline) + " 0.0");
        for (Reason reason : Reason.values()) {
          assertThat(first).contains(PipelineSeries.rejected(pipeline, reason) + " 0.0");
        }
      }
      assertThat(first).doesNotContain("kafka_stream_tickflow");

      Instant at = Instant.now().minusSeconds(10);
      Trade good = trade(100.0, at);
      MarketScenario.produceTrades(broker, List.of(good, good, trade(0.0, at.plusMillis(1))));
      Awaitility.await().atMost(WAIT).untilAsserted(() -> {
        String scrape = scrape(service);
        assertThat(value(scrape, PipelineSeries.in(Pipeline.TRADES))).isEqualTo(3);
        assertThat(value(scrape, PipelineSeries.out(Pipeline.TRADES))).isEqualTo(1);
        assertThat(value(scrape, PipelineSeries.rejected(Pipeline.TRADES, Reason.DUPLICATE))).isEqualTo(1);
        assertThat(value(scrape, PipelineSeries.rejected(Pipeline.TRADES, Reason.PRICE_NOT_POSITIVE))).isEqualTo(1);
        assertThat(PipelineSeries.rejectedTotal(scrape, Pipeline.TRADES)).isEqualTo(2);
      });
    }
  }

  @Test
  void shouldServeTheRocksDbMemoryTheStoresHoldAgainstTheConfiguredBudgetWhenTradesCame(@TempDir Path stateDir) {
    try (QueryServiceApp service = queryService(stateDir, Map.of(StreamsAppConfig.ROCKSDB_MEMORY_MB_CONFIG, "24"))) {
      Awaitility.await().atMost(WAIT).until(service::ready);
      Instant at = Instant.now().minusSeconds(10);
      List<Trade> trades = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        trades.add(new Trade("ES", "", 100.0, 1L, AggressorSide.ASK, at.plusMillis(i), at.plusMillis(i + 1), i,
            DataSource.LIVE));
      }
      MarketScenario.produceTrades(broker, trades);

      Awaitility.await().atMost(WAIT).untilAsserted(() -> {
        String scrape = scrape(service);
        assertThat(value(scrape, PipelineSeries.out(Pipeline.TRADES))).isEqualTo(trades.size());
        assertThat(value(scrape, ROCKSDB_LIMIT)).isEqualTo(24 * 1024 * 1024);
        assertThat(value(scrape, ROCKSDB_USED)).isPositive().isLessThanOrEqualTo(value(scrape, ROCKSDB_LIMIT));
      });
    }
  }

  private static QueryServiceApp queryService(Path stateDir) {
    return queryService(stateDir, Map.of());
  }

  private static QueryServiceApp queryService(Path stateDir, Map<String, String> overrides) {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-meters-it");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(QueryServiceConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    settings.put(QueryServiceConfig.HTTP_PORT_CONFIG, "0");
    QueryServiceSettings loaded = QueryServiceSettings.load(null, Map.of(), settings);
    return QueryServiceApp.start(loaded.query(), loaded.streams());
  }

  private static String scrape(QueryServiceApp service) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Trade trade(double price, Instant at) {
    return new Trade("ES", "", price, 1L, AggressorSide.ASK, at, at.plusMillis(1), 1, DataSource.LIVE);
  }
}
