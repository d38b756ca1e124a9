package io.tickflow.query;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.validation.ValidationException;
import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.format.ApiResponse;
import io.tickflow.query.format.Formats;
import io.tickflow.query.http.ApiException;
import io.tickflow.query.http.CanonicalSymbols;
import io.tickflow.query.http.ClusterHandlers;
import io.tickflow.query.http.InstrumentHandlers;
import io.tickflow.query.http.LocalQueries;
import io.tickflow.query.http.MarketDataHandlers;
import io.tickflow.query.http.QueryParams;
import io.tickflow.query.http.RecentTradesHandler;
import io.tickflow.query.http.Responder;
import io.tickflow.query.http.RoutedQuery;
import io.tickflow.query.http.TimeframesBody;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.routing.ClusterMetadata;
import io.tickflow.query.routing.KeyOwnerRouter;
import io.tickflow.query.routing.RequestForwarder;
import io.tickflow.query.security.AccessControl;
import io.tickflow.query.security.RateLimiter;
import io.tickflow.query.live.RecentTrades;
import io.tickflow.query.ws.LiveHub;
import io.tickflow.query.ws.SnapshotLoader;
import io.tickflow.query.ws.WsEndpoint;
import io.tickflow.query.ws.WsMeters;
import io.tickflow.symbols.SymbolNormalizer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the query service's Javalin app from its dependencies and registers every route in one place. The
 * data comes through {@link MarketDataReader} and {@link ClusterMetadata}, so the HTTP layer knows nothing of
 * store names or key layouts. {@link QueryServiceApp} runs it over the Streams app; tests run it over test doubles.
 */
public final class QueryHttpApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryHttpApp.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4;charset=utf-8";
  private static final String JSON = "application/json;charset=utf-8";

  private final Javalin javalin;
  private final WsEndpoint ws;
  private final SnapshotLoader snapshots;

  /**
   * What the app serves.
   *
   * @param reader this instance's stores
   * @param cluster the Streams metadata: who owns which key
   * @param health readiness of the Streams app
   * @param hub live updates for WebSocket clients
   * @param feedHealth last trade per symbol, for the feed-health table
   * @param recentTrades the latest trades of each symbol, read by this instance
   * @param timeframes the bar series the Streams app builds ({@code bars.timeframes}, then activity bars); the
   *     first is the default
   * @param symbols the Streams app's symbol rules, that turn a symbol as a client spells it into the stores' key
   */
  public record Dependencies(MarketDataReader reader, ClusterMetadata cluster, QueryServiceHealth health,
                             QueryMetrics metrics, LiveHub hub, FeedHealth feedHealth, RecentTrades recentTrades,
                             List<String> timeframes, SymbolNormalizer symbols, Clock clock) {

    public Dependencies {
      timeframes = List.copyOf(timeframes);
      if (timeframes.isEmpty()) {
        throw new IllegalArgumentException("at least one timeframe is needed");
      }
    }
  }

  private QueryHttpApp(Javalin javalin, WsEndpoint ws, SnapshotLoader snapshots) {
    this.javalin = javalin;
    this.ws = ws;
    this.snapshots = snapshots;
  }

  /** The app, not yet started. */
  public static QueryHttpApp create(QueryServiceConfig config, Dependencies deps) {
    Formats formats = new Formats();
    Responder responder = new Responder(formats);
    CanonicalSymbols symbols = new CanonicalSymbols(deps.symbols(), deps.clock());
    QueryParams params = new QueryParams(config, deps.timeframes(), symbols, deps.reader()::session,
        deps.clock());
    String scheme = config.tls().isPresent() ? "https" : "http";
    RequestForwarder forwarder = new RequestForwarder(
        HttpClient.newBuilder().connectTimeout(config.forwardTimeout()).build(), scheme, config.forwardTimeout());
    RoutedQuery routed = new RoutedQuery(new KeyOwnerRouter(deps.cluster()), forwarder, responder, formats,
        config.retryAfterSeconds());
    LocalQueries queries = new LocalQueries(deps.reader());
    MarketDataHandlers market = new MarketDataHandlers(queries, params, routed);
    InstrumentHandlers instruments = new InstrumentHandlers(deps.reader(), params, responder,
        config.retryAfterSeconds());
    RecentTradesHandler recentTrades = new RecentTradesHandler(deps.recentTrades(), params, responder);
    ClusterHandlers cluster = new ClusterHandlers(deps.reader(), symbols, deps.cluster(), forwarder, responder,
        formats.json(), config.retryAfterSeconds());
    AccessControl access = new AccessControl(config.securityEnabled(), config.apiKeys(),
        new RateLimiter(config.rateLimitPerSecond(), config.rateBurst(), deps.clock()), config.corsOrigins());
    SnapshotLoader snapshots = new SnapshotLoader(queries, routed, params, config.snapshotBars());
    WsEndpoint ws = new WsEndpoint(deps.hub(), snapshots, new WsMeters(deps.metrics().registry()), formats.json(),
        new WsEndpoint.Settings(deps.timeframes(), symbols, config.wsQueueCapacity(), config.wsMaxSubscriptions(),
            config.heartbeatInterval(), config.heartbeatTimeout()),
        client -> access.tryAcquire(client.forwardHeaders().get(AccessControl.HEADER)), deps.clock());

    Javalin javalin = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.http.prefer405over404 = true;
      cfg.jetty.host = config.httpHost();
      cfg.jetty.port = config.httpPort();
      cfg.validation.register(Instant.class, QueryParams::parseInstant);
      cfg.staticFiles.add("/public", Location.CLASSPATH);
      cfg.requestLogger.http((ctx, millis) -> deps.metrics().httpRequest(ctx.method().name(), route(ctx),
          ctx.statusCode(), (long) (millis * 1_000_000)));
      JettyServerSetup.apply(cfg, config, formats);

      // After every before-handler, the CORS plugin's among them: a refusal must carry its headers, or a page of an
      // allowed origin cannot read it (nor Retry-After). An unknown path is a 404, key or not.
      cfg.routes.beforeMatched(access::check);
      cfg.routes.beforeMatched("/api/v1/*", QueryParams::checkQuery);
      cfg.routes.wsBeforeUpgrade("/ws", ctx -> {
        try {
          access.check(ctx);
          access.checkWebSocketOrigin(ctx);
          QueryParams.checkQuery(ctx);
          ws.beforeUpgrade(ctx);
        } catch (ApiException e) {
          responder.refuseUpgrade(ctx, e);
        }
      });
      Routes routes = new Routes(cfg);
      routes.api("/api/v1/symbols", cluster::symbols, ClusterHandlers.SCOPE);
      routes.api("/api/v1/instances", cluster::instances);
      routes.api("/api/v1/bars/{symbol}", market::bars, QueryParams.TIMEFRAME, QueryParams.FROM, QueryParams.TO,
          QueryParams.LIMIT);
      routes.api("/api/v1/bars/{symbol}/latest", market::latestBar, QueryParams.TIMEFRAME);
      routes.api("/api/v1/quotes/{symbol}", market::quote);
      routes.api("/api/v1/trades/{symbol}", recentTrades::trades, QueryParams.LIMIT);
      routes.api("/api/v1/trades/{symbol}/latest", market::latestTrade);
      routes.api("/api/v1/book/{symbol}", market::book);
      routes.api("/api/v1/instruments", instruments::instruments);
      routes.api("/api/v1/instruments/{symbol}", instruments::instrument);
      routes.api("/api/v1/timeframes", ctx -> responder.respond(ctx, new ApiResponse(
          new TimeframesBody(deps.timeframes()), deps.timeframes().stream().map(TimeframesBody.Row::new).toList(),
          TimeframesBody.Row.class)));
      routes.api("/api/v1/feed-health", ctx -> responder.respond(ctx,
          ApiResponse.ofRows(deps.feedHealth().rows(), FeedHealth.Row.class)));
      routes.get("/health/live", ctx -> health(ctx, deps.health().live(), deps.health(), formats));
      routes.get("/health/ready", ctx -> health(ctx, deps.health().ready(), deps.health(), formats));
      routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(deps.metrics().scrape()));
      cfg.routes.ws("/ws", ws::configure);
      // A plain request (a browser, curl) gets told what /ws wants instead of "No such resource".
      routes.get("/ws", ctx -> {
        ctx.header("Upgrade", "websocket");
        throw ApiException.upgradeRequired("/ws is a WebSocket endpoint: connect with a WebSocket client "
            + "(an HTTP upgrade request), see docs/api.md");
      });

      cfg.routes.exception(ApiException.class, (e, ctx) -> responder.respondError(ctx, e));
      // Thrown by Javalin for a known path and another method (prefer405over404); its details hold the methods.
      cfg.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
        String allowed = String.join(", ", e.getDetails().values());
        ctx.header("Allow", allowed);
        responder.respondError(ctx, ApiException.methodNotAllowed(ctx.method().name(), allowed));
      });
      cfg.routes.exception(ValidationException.class,
          (e, ctx) -> responder.respondError(ctx, params.toApiException(e)));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).contentType(JSON).result("{\"status\":500,\"error\":\"internal\",\"message\":"
            + "\"internal error; see the server log\"}");
      });
      cfg.routes.error(404, ctx -> {
        if (!ctx.res().getContentType().startsWith("application/json")) {
          responder.respondError(ctx, ApiException.notFound("No such resource: " + ctx.path()));
        }
      });
    });
    return new QueryHttpApp(javalin, ws, snapshots);
  }

  /**
   * Registers each GET route for HEAD too. Javalin alone answers HEAD on a GET route with an empty 200 without
   * running the handler, so an unknown symbol or a bad parameter would look fine; Jetty drops the body of a HEAD.
   */
  private record Routes(JavalinConfig cfg) {

    void get(String path, Handler handler) {
      cfg.routes.get(path, handler);
      cfg.routes.head(path, handler);
    }

    /**
     * An API route taking {@code parameters}, besides {@code format} and {@code api_key}, which every API route
     * takes; any other is refused rather than ignored: {@code ?timeframe=5m} would answer the default series.
     */
    void api(String path, Handler handler, String... parameters) {
      List<String> known = Stream.concat(Stream.of(parameters), Stream.of(Responder.FORMAT,
          AccessControl.QUERY_PARAM)).toList();
      get(path, ctx -> {
        // The answer's format follows Accept (json, csv, toon) and its encoding Accept-Encoding (gzip over 1,500
        // bytes, which Javalin does not declare): a shared cache must not hand one client's CSV or gzip to another.
        // Added to, not set: with CORS origins the answer varies by Origin too.
        ctx.res().addHeader("Vary", "Accept, Accept-Encoding");
        QueryParams.checkKnown(ctx, path, known);
        handler.handle(ctx);
      });
    }
  }

  /** 200 UP or 503 DOWN as {@code up} says (read once: the state may change meanwhile), with the details. */
  private static void health(Context ctx, boolean up, QueryServiceHealth health, Formats formats) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.putAll(health.details());
    ctx.status(up ? 200 : 503).contentType(JSON).result(formats.toJson(body));
  }

  private static String route(Context ctx) {
    var endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? "unmatched" : endpoint.path;
  }

  /** Starts serving on the configured host and port. */
  public QueryHttpApp start() {
    javalin.start();
    return this;
  }

  /** The bound port (after {@link #start()}). */
  public int port() {
    return javalin.port();
  }

  /** Reads the current state of a subscription, from whichever instance holds it (snapshots, polled channels). */
  public SnapshotLoader snapshots() {
    return snapshots;
  }

  @Override
  public void close() {
    ws.close();
    javalin.stop();
  }
}
