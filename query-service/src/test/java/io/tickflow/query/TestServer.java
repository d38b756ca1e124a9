package io.tickflow.query;

import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.routing.ClusterMetadata;
import io.tickflow.query.live.RecentTrades;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.symbols.SymbolNormalizer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A real query-service server on a free port over {@link InMemoryMarketData}, with a real HTTP client: the
 * fixture of the HTTP-layer tests.
 */
public final class TestServer implements AutoCloseable {

  public final InMemoryMarketData data = new InMemoryMarketData();
  public final SingleInstanceCluster cluster = new SingleInstanceCluster();
  public final LiveHub hub = new LiveHub(2);
  public final QueryMetrics metrics = QueryMetrics.create();
  public final AtomicBoolean ready = new AtomicBoolean(true);
  public final AtomicBoolean live = new AtomicBoolean(true);
  public final FeedHealth feedHealth;
  /** The time and sales the server answers from: a test adds trades as the trades feed would. */
  public final RecentTrades recentTrades;
  /** The bar series the tests' Streams app would build; the first is the default. */
  public static final List<String> TIMEFRAMES = List.of("1m", "5m", "15m", "1h", "1d", "T100");

  public final HttpClient client = HttpClient.newHttpClient();
  private final QueryHttpApp app;

  private TestServer(Map<String, String> overrides, Clock clock, ClusterMetadata clusterOverride,
                     Consumer<InMemoryMarketData> beforeStart) {
    this(overrides, clock, clusterOverride, beforeStart, new Backend(null, TIMEFRAMES,
        SymbolNormalization.of(Map.of()).newNormalizer()));
  }

  /**
   * What a server reads instead of {@link #data}: the Streams app's stores, with its bar series and symbol rules.
   *
   * @param reader the stores; null for {@link #data}
   */
  public record Backend(MarketDataReader reader, List<String> timeframes, SymbolNormalizer symbols) {
  }

  private TestServer(Map<String, String> overrides, Clock clock, ClusterMetadata clusterOverride,
                     Consumer<InMemoryMarketData> beforeStart, Backend backend) {
    Map<String, String> props = new HashMap<>();
    props.put(QueryServiceConfig.HTTP_PORT_CONFIG, "0");
    props.put(QueryServiceConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    props.putAll(overrides);
    QueryServiceConfig config = QueryServiceConfig.of(props);
    // No security definitions here: market hours come from alerts.market.hours.overrides only.
    feedHealth = new FeedHealth(metrics.registry(), clock, config.staleThreshold(), config.staleForget(),
        config.marketCalendar(symbol -> Optional.empty()));
    QueryServiceHealth health = new QueryServiceHealth() {
      @Override
      public boolean live() {
        return live.get();
      }

      @Override
      public boolean ready() {
        return ready.get();
      }

      @Override
      public Map<String, Object> details() {
        return Map.of("streams", !live.get() ? "ERROR" : ready.get() ? "RUNNING" : "REBALANCING");
      }
    };
    ClusterMetadata metadata = clusterOverride == null ? cluster : clusterOverride;
    beforeStart.accept(data);
    MarketDataReader reader = backend.reader() == null ? data : backend.reader();
    recentTrades = new RecentTrades(config.recentTrades());
    app = QueryHttpApp.create(config, new QueryHttpApp.Dependencies(reader, metadata, health, metrics, hub,
        feedHealth, recentTrades, backend.timeframes(), backend.symbols(), clock)).start();
    cluster.bound(app.port());
  }

  public static TestServer start(Map<String, String> overrides, Clock clock) {
    return new TestServer(overrides, clock, null, data -> { });
  }

  /**
   * A server whose data {@code beforeStart} has filled before it takes the first connection: a client that is
   * already retrying (a browser page) sees all of it, never a part.
   */
  public static TestServer startWith(Map<String, String> overrides, Consumer<InMemoryMarketData> beforeStart) {
    return new TestServer(overrides, Clock.systemUTC(), null, beforeStart);
  }

  /** A server whose routing follows {@code cluster} (several instances in one test). */
  public static TestServer start(ClusterMetadata cluster) {
    return start(Map.of(), cluster);
  }

  /** A server with {@code overrides} whose routing follows {@code cluster}. */
  public static TestServer start(Map<String, String> overrides, ClusterMetadata cluster) {
    return new TestServer(overrides, Clock.systemUTC(), cluster, data -> { });
  }

  /** A server over {@code backend}'s stores instead of {@link #data}. */
  public static TestServer over(Backend backend, Map<String, String> overrides, Clock clock) {
    return new TestServer(overrides, clock, null, data -> { }, backend);
  }

  public static TestServer start() {
    return start(Map.of(), Clock.systemUTC());
  }

  public int port() {
    return app.port();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
  }

  /** GET with optional headers given as name, value pairs. */
  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, headers);
  }

  /** A request without a body, with optional headers given as name, value pairs. */
  public HttpResponse<String> send(String method, String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The raw HTTP response, status line to body, to a GET of {@code pathAndQuery} sent as is: for what a URI refuses
   * but clients send (an unescaped | or ", a malformed %-escape).
   */
  public String rawGet(String pathAndQuery) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
      socket.setSoTimeout(10_000);
      String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n"
          + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.close();
    hub.close();
    metrics.close();
  }
}
