package io.tickflow.query;

import io.tickflow.bars.BarSpec;
import io.tickflow.marketstate.TradingDates;
import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.alerts.KafkaAlertPublisher;
import io.tickflow.query.alerts.StaleFeedMonitor;
import io.tickflow.query.alerts.StoreFeedOwnership;
import io.tickflow.query.format.Formats;
import io.tickflow.query.live.LiveBarsFeed;
import io.tickflow.query.live.LiveTradesFeed;
import io.tickflow.query.live.RecentTrades;
import io.tickflow.query.live.StatePoller;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.routing.InstanceInfo;
import io.tickflow.query.streams.StreamsBinding;
import io.tickflow.query.streams.StreamsClusterMetadata;
import io.tickflow.query.streams.StreamsHealth;
import io.tickflow.query.streams.StreamsMarketData;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tickflow instance serving queries: the Streams app and, over its stores, the HTTP and WebSocket server, the
 * live feeds, the stale-feed monitor and the meters, in one process. The entry point that {@code tickflow demo} and
 * {@code tickflow run} embed ({@link #start}), and a {@link #main}. Thread-safe; start once, close once.
 */
public final class QueryServiceApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryServiceApp.class);
  private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]");

  private final Deque<AutoCloseable> resources;
  private final QueryHttpApp http;
  private final StreamsApp streams;
  private final StreamsHealth health;
  private final HostInfo advertised;
  private final String scheme;

  private QueryServiceApp(Deque<AutoCloseable> resources, QueryHttpApp http, StreamsApp streams,
                          StreamsHealth health, HostInfo advertised, String scheme) {
    this.resources = resources;
    this.http = http;
    this.streams = streams;
    this.health = health;
    this.advertised = advertised;
    this.scheme = scheme;
  }

  /**
   * Starts everything and returns at once; the instance becomes ready ({@link #ready()}) when Kafka Streams is
   * RUNNING with its stores restored and its active tasks' processors running. Order: the HTTP server (so that with
   * {@code http.port=0} the bound port is known), the live feeds and alerts, then Kafka Streams with
   * {@code application.server} set to the advertised address. The topics must exist (the {@code TopicAdmin} step).
   *
   * @param config the query service's settings
   * @param streamsConfig the Streams app's settings; its {@code application.server} is replaced by the advertised
   *     address ({@code application.server} of {@code config}, or the bound host and port)
   * @throws RuntimeException when a part cannot start; what was started is closed again
   */
  public static QueryServiceApp start(QueryServiceConfig config, StreamsAppConfig streamsConfig) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      return start(config, streamsConfig, started);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static QueryServiceApp start(QueryServiceConfig config, StreamsAppConfig streamsConfig,
                                       Deque<AutoCloseable> started) {
    Clock clock = Clock.systemUTC();
    Formats formats = new Formats();
    QueryMetrics metrics = QueryMetrics.create();
    started.push(metrics);
    LiveHub hub = new LiveHub(config.wsWriterThreads());
    started.push(hub);
    StreamsBinding binding = new StreamsBinding();
    StreamsHealth health = new StreamsHealth();
    List<String> timeframes = streamsConfig.barSeries().stream().map(BarSpec::label).toList();
    TradingDates tradingDates = new TradingDates(streamsConfig);
    StreamsMarketData reader = new StreamsMarketData(binding, config.standbyMaxLag(),
        config.forwardTimeout(), timeframes, streamsConfig.bookDepth(), tradingDates);
    FeedHealth feedHealth = new FeedHealth(metrics.registry(), clock, config.staleThreshold(), config.staleForget(),
        config.marketCalendar(reader::exchangeOf));
    StreamsClusterMetadata cluster = new StreamsClusterMetadata(binding);
    RecentTrades recentTrades = new RecentTrades(config.recentTrades());
    QueryHttpApp http = QueryHttpApp.create(config, new QueryHttpApp.Dependencies(reader, cluster, health, metrics,
        hub, feedHealth, recentTrades, timeframes, streamsConfig.newSymbolNormalizer(), clock)).start();
    started.push(http);
    HostInfo advertised = advertised(config, http.port());

    String bootstrap = streamsConfig.streamsProperties().getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    started.push(new LiveBarsFeed(bootstrap, hub, metrics, feedHealth, formats, reader::sessionOf, clock).start());
    started.push(new LiveTradesFeed(bootstrap, hub, recentTrades, formats).start());
    started.push(new StatePoller(hub, http.snapshots()).start(config.pollInterval()));
    KafkaAlertPublisher alerts = new KafkaAlertPublisher(bootstrap, config.alertsTopic());
    started.push(alerts);
    StaleFeedMonitor monitor = new StaleFeedMonitor(feedHealth,
        new StoreFeedOwnership(reader, cluster, health::stateChanges), alerts, metrics.registry(), clock);
    monitor.start(config.staleCheckInterval());
    started.push(monitor);

    StreamsAppConfig served = withServer(streamsConfig, advertised);
    StreamsApp streams = StreamsApp.start(served, health::register);
    started.push(streams);
    binding.bind(streams.streams(), streams.processingTasks(), advertised);
    started.push(metrics.bindKafkaStreams(streams.streams(), served.streamsProperties()));
    String scheme = config.tls().isPresent() ? "https" : "http";
    log.info("Tickflow query service listening on port {}, advertised as {}://{}:{}", http.port(), scheme,
        advertised.host(), advertised.port());
    return new QueryServiceApp(started, http, streams, health, advertised, scheme);
  }

  /** The address other instances reach this one at: {@code application.server}, or the bound host and port. */
  static HostInfo advertised(QueryServiceConfig config, int boundPort) {
    if (!config.advertisedServer().isEmpty()) {
      return HostInfo.buildFromEndpoint(config.advertisedServer());
    }
    String host = WILDCARD_HOSTS.contains(config.httpHost()) ? "localhost" : config.httpHost();
    return new HostInfo(host, boundPort);
  }

  private static StreamsAppConfig withServer(StreamsAppConfig config, HostInfo advertised) {
    Map<String, Object> settings = new HashMap<>(config.originals());
    settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, InstanceInfo.server(advertised));
    return new StreamsAppConfig(settings);
  }

  /** The bound HTTP port. */
  public int port() {
    return http.port();
  }

  /** The base URL at the advertised address, e.g. {@code http://localhost:8080}. */
  public String url() {
    return scheme + "://" + advertised.host() + ":" + advertised.port();
  }

  /**
   * Whether queries can be answered: Kafka Streams RUNNING, no store restoring and every active task's processors
   * running ({@code /health/ready}).
   */
  public boolean ready() {
    return health.ready();
  }

  /**
   * Waits until {@link #ready()}.
   *
   * @return false when still not ready after {@code timeout}
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return health.awaitReady(timeout);
  }

  /** The embedded Streams app (pipeline counters, the Kafka Streams client). */
  public StreamsApp streamsApp() {
    return streams;
  }

  /** Stops the feeds, the server, then Kafka Streams (committing and closing its stores). */
  @Override
  public void close() {
    log.info("Stopping the Tickflow query service at {}", url());
    closeAll(resources);
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed", resource.getClass().getSimpleName(), e);
      }
    }
  }

  /**
   * Runs until SIGTERM/SIGINT.
   *
   * @param args optional path of a {@code .properties} file holding both configurations; {@code TICKFLOW_*}
   *     environment variables overlay it
   */
  public static void main(String[] args) throws InterruptedException {
    QueryServiceSettings settings = QueryServiceSettings.load(args.length > 0 ? Path.of(args[0]) : null,
        System.getenv(), Map.of());
    QueryServiceApp app = start(settings.query(), settings.streams());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "tickflow-query-shutdown"));
    stopped.await();
  }
}
