package io.tickflow.query;

import io.tickflow.config.ConfigDocs;
import io.tickflow.query.alerts.MarketCalendar;
import io.tickflow.query.alerts.MarketHolidays;
import io.tickflow.query.alerts.MarketHours;
import io.tickflow.query.security.ApiKey;
import io.tickflow.streams.normalize.SymbolRules;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every setting of the query service, declared once: type, default, validator, importance and documentation. Parsed
 * once into typed final fields; {@code docs/api.md} embeds the table generated from {@link #CONFIG_DEF}.
 * Immutable and thread-safe.
 */
public final class QueryServiceConfig extends AbstractConfig {

  public static final String HTTP_HOST_CONFIG = "http.host";
  public static final String HTTP_PORT_CONFIG = "http.port";
  public static final String ADVERTISED_SERVER_CONFIG = "application.server";
  public static final String DEFAULT_LIMIT_CONFIG = "query.default.limit";
  public static final String MAX_LIMIT_CONFIG = "query.max.limit";
  public static final String MAX_RANGE_CONFIG = "query.max.range.ms";
  public static final String FORWARD_TIMEOUT_CONFIG = "query.forward.timeout.ms";
  public static final String RETRY_AFTER_CONFIG = "query.retry.after.seconds";
  public static final String STANDBY_MAX_LAG_CONFIG = "query.standby.max.lag";
  public static final String RECENT_TRADES_CONFIG = "query.recent.trades";
  public static final String WS_QUEUE_CAPACITY_CONFIG = "ws.queue.capacity";
  public static final String WS_MAX_SUBSCRIPTIONS_CONFIG = "ws.max.subscriptions";
  public static final String WS_HEARTBEAT_INTERVAL_CONFIG = "ws.heartbeat.interval.ms";
  public static final String WS_HEARTBEAT_TIMEOUT_CONFIG = "ws.heartbeat.timeout.ms";
  public static final String WS_SNAPSHOT_BARS_CONFIG = "ws.snapshot.bars";
  public static final String WS_POLL_INTERVAL_CONFIG = "ws.poll.interval.ms";
  public static final String WS_WRITER_THREADS_CONFIG = "ws.writer.threads";
  public static final String SECURITY_ENABLED_CONFIG = "security.enabled";
  public static final String API_KEYS_CONFIG = "security.api.keys";
  public static final String RATE_LIMIT_CONFIG = "security.rate.limit.per.second";
  public static final String RATE_BURST_CONFIG = "security.rate.limit.burst";
  public static final String CORS_ORIGINS_CONFIG = "cors.allowed.origins";
  public static final String TLS_ENABLED_CONFIG = "tls.enabled";
  public static final String TLS_KEYSTORE_PATH_CONFIG = "tls.keystore.path";
  public static final String TLS_KEYSTORE_PASSWORD_CONFIG = "tls.keystore.password";
  public static final String TLS_KEYSTORE_TYPE_CONFIG = "tls.keystore.type";
  public static final String STALE_THRESHOLD_CONFIG = "alerts.stale.threshold.ms";
  public static final String STALE_CHECK_INTERVAL_CONFIG = "alerts.check.interval.ms";
  public static final String ALERTS_TOPIC_CONFIG = "alerts.topic";
  public static final String STALE_FORGET_CONFIG = "alerts.stale.forget.ms";
  public static final String MARKET_HOURS_CONFIG = "alerts.market.hours";
  public static final String MARKET_HOURS_OVERRIDES_CONFIG = "alerts.market.hours.overrides";
  public static final String MARKET_HOLIDAYS_CONFIG = "alerts.market.holidays";
  /**
   * The regular hours of the exchanges the Streams app knows sessions of ({@code session.exchanges}): CME Globex and
   * Cboe futures from Sunday to Friday with a daily break from 16:00 to 17:00 Chicago time, spot FX from the Sunday
   * 17:00 New York open to the Friday 17:00 close, and US equities' regular session (pre- and after-market trades
   * are not expected to be continuous).
   */
  static final String MARKET_HOURS_DEFAULT = "CME=Sun-Thu 17:00 23h America/Chicago,"
      + "CBOT=Sun-Thu 17:00 23h America/Chicago,NYMEX=Sun-Thu 17:00 23h America/Chicago,"
      + "COMEX=Sun-Thu 17:00 23h America/Chicago,CFE=Sun-Thu 17:00 23h America/Chicago,"
      + "FX=Sun-Thu 17:00 24h America/New_York,NYSE=Mon-Fri 09:30 6h30m America/New_York,"
      + "NASDAQ=Mon-Fri 09:30 6h30m America/New_York,ARCA=Mon-Fri 09:30 6h30m America/New_York,"
      + "AMEX=Mon-Fri 09:30 6h30m America/New_York,BATS=Mon-Fri 09:30 6h30m America/New_York";

  /** Environment variable that, when set, supplies {@value #API_KEYS_CONFIG} (so keys stay out of files). */
  public static final String API_KEYS_ENV = "TICKFLOW_API_KEYS";

  private static final String GROUP_HTTP = "HTTP";
  private static final String GROUP_QUERY = "Queries";
  private static final String GROUP_WS = "WebSocket";
  private static final String GROUP_SECURITY = "Security";
  private static final String GROUP_ALERTS = "Alerts";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(HTTP_HOST_CONFIG, Type.STRING, "0.0.0.0", new NonEmptyString(), Importance.HIGH,
          "Interface the HTTP server binds to.", GROUP_HTTP, 1, ConfigDef.Width.MEDIUM, "HTTP host")
      .define(HTTP_PORT_CONFIG, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
          "Port of the HTTP server; 0 picks a free port (tests).", GROUP_HTTP, 2, ConfigDef.Width.SHORT, "HTTP port")
      .define(ADVERTISED_SERVER_CONFIG, Type.STRING, "", Importance.HIGH,
          "host:port other instances use to reach this one (Kafka Streams 'application.server'). Empty means "
              + "localhost and the bound port, which suits a single machine only.",
          GROUP_HTTP, 3, ConfigDef.Width.MEDIUM, "Advertised server")
      .define(DEFAULT_LIMIT_CONFIG, Type.INT, 500, Range.atLeast(1), Importance.LOW,
          "Bars returned when a request gives no 'limit'.", GROUP_QUERY, 1, ConfigDef.Width.SHORT, "Default limit")
      .define(MAX_LIMIT_CONFIG, Type.INT, 5000, Range.atLeast(1), Importance.MEDIUM,
          "Largest 'limit' a request may ask for; above it the request gets 400.",
          GROUP_QUERY, 2, ConfigDef.Width.SHORT, "Maximum limit")
      .define(MAX_RANGE_CONFIG, Type.LONG, Duration.ofDays(31).toMillis(), Range.atLeast(1), Importance.MEDIUM,
          "Longest 'from'..'to' range a bars request may ask for, in milliseconds, and the range of one without "
              + "'from'; for a timeframe whose " + MAX_LIMIT_CONFIG + " bars span longer (daily and weekly bars), that "
              + "span instead. Above it the request gets 400.",
          GROUP_QUERY, 3, ConfigDef.Width.SHORT, "Maximum range")
      .define(FORWARD_TIMEOUT_CONFIG, Type.LONG, 2000L, Range.atLeast(1), Importance.MEDIUM,
          "How long a request forwarded to the instance owning the key may take before the standby is tried, and how "
              + "long a standby waits for the broker to tell how far behind it is.",
          GROUP_QUERY, 4, ConfigDef.Width.SHORT, "Forward timeout")
      .define(RETRY_AFTER_CONFIG, Type.INT, 2, Range.atLeast(1), Importance.LOW,
          "Seconds sent in 'Retry-After' with 503 (no instance can answer, e.g. during a rebalance).",
          GROUP_QUERY, 5, ConfigDef.Width.SHORT, "Retry-After")
      .define(STANDBY_MAX_LAG_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
          "Records a standby replica may be behind the end of its store's changelog and still answer for a key "
              + "whose owner cannot (the header X-Tickflow-Served-By says 'standby'); further behind, e.g. while it "
              + "restores from scratch, it answers 503 instead of stale or partial data. The lag is measured after "
              + "the request arrives. Under exactly-once a standby that has read everything is 1 behind (the commit "
              + "marker); the default is Kafka Streams' acceptable.recovery.lag.",
          GROUP_QUERY, 6, ConfigDef.Width.SHORT, "Standby max lag")
      .define(RECENT_TRADES_CONFIG, Type.INT, 100, Range.between(0, 10_000), Importance.LOW,
          "Latest trades per symbol each instance keeps in memory from tickflow.trades for GET "
              + "/api/v1/trades/{symbol} (time and sales; the chart page's tape); at the start it reads back 100 times "
              + "this many records of each partition. 0 keeps none.",
          GROUP_QUERY, 7, ConfigDef.Width.SHORT, "Recent trades")
      .define(WS_QUEUE_CAPACITY_CONFIG, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
          "Messages a WebSocket client may have waiting to be sent: trades and control messages take a place each; "
              + "bars, quotes and book updates are conflated (latest wins) into one pending state per subscription "
              + "and bar window, at most this many per subscription. A client that fills it (a trades subscriber "
              + "falling behind, more trades than this while a snapshot loads, more pending bar windows than this) is "
              + "told why and disconnected.",
          GROUP_WS, 1, ConfigDef.Width.SHORT, "Client queue capacity")
      .define(WS_MAX_SUBSCRIPTIONS_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW,
          "Subscriptions one WebSocket client may hold.", GROUP_WS, 2, ConfigDef.Width.SHORT, "Max subscriptions")
      .define(WS_HEARTBEAT_INTERVAL_CONFIG, Type.LONG, 10_000L, Range.atLeast(10), Importance.LOW,
          "Interval of the server's heartbeat messages, each sent with a WebSocket ping frame, in milliseconds.",
          GROUP_WS, 3, ConfigDef.Width.SHORT, "Heartbeat interval")
      .define(WS_HEARTBEAT_TIMEOUT_CONFIG, Type.LONG, 30_000L, Range.atLeast(10), Importance.LOW,
          "A client from which no WebSocket frame arrives for this long, in milliseconds, is disconnected: any "
              + "message counts, and so do ping and pong frames (the server pings every client at each heartbeat, and "
              + "a live client's WebSocket layer answers by itself).",
          GROUP_WS, 4, ConfigDef.Width.SHORT, "Heartbeat timeout")
      .define(WS_SNAPSHOT_BARS_CONFIG, Type.INT, 300, Range.between(1, 10_000), Importance.LOW,
          "Bars in the snapshot that opens a 'bars' subscription; at most " + MAX_LIMIT_CONFIG + ".", GROUP_WS, 5,
          ConfigDef.Width.SHORT, "Snapshot bars")
      .define(WS_POLL_INTERVAL_CONFIG, Type.LONG, 250L, Range.atLeast(10), Importance.LOW,
          "How often the quotes and book of subscribed symbols are read from the stores, in milliseconds; a "
              + "change is sent as an update (no topic carries normalized quotes or books).",
          GROUP_WS, 6, ConfigDef.Width.SHORT, "Quote and book poll interval")
      .define(WS_WRITER_THREADS_CONFIG, Type.INT, 2, Range.between(1, 64), Importance.LOW,
          "Threads that write live updates to WebSocket clients; the clients of each burst of updates (the Streams "
              + "app emits all live bars at each commit) are split among them. About the number of cores.",
          GROUP_WS, 7, ConfigDef.Width.SHORT, "WebSocket writer threads")
      .define(SECURITY_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.HIGH,
          "Require an API key on the REST API, the WebSocket and /metrics (health probes and the page stay open).",
          GROUP_SECURITY, 1, ConfigDef.Width.SHORT, "Security enabled")
      .define(API_KEYS_CONFIG, Type.PASSWORD, "", Importance.HIGH,
          "API keys and their rights: 'key:right+right,key:right', rights among read (REST data), "
              + "stream (WebSocket) and ops (/metrics, /api/v1/instances). The environment variable "
              + API_KEYS_ENV + " overrides it.",
          GROUP_SECURITY, 2, ConfigDef.Width.LONG, "API keys")
      .define(RATE_LIMIT_CONFIG, Type.DOUBLE, 50.0, Range.atLeast(0.001), Importance.MEDIUM,
          "Sustained requests per second allowed per API key (per instance); above it the request gets 429.",
          GROUP_SECURITY, 3, ConfigDef.Width.SHORT, "Rate limit")
      .define(RATE_BURST_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW,
          "Requests a key may make at once before the rate limit applies.",
          GROUP_SECURITY, 4, ConfigDef.Width.SHORT, "Rate burst")
      .define(CORS_ORIGINS_CONFIG, Type.LIST, "", Importance.MEDIUM,
          "Origins allowed by CORS (e.g. https://dash.example.com), and the only ones besides the page's own a "
              + "browser may open /ws from; '*' allows any; empty turns CORS off (and leaves /ws origins unchecked).",
          GROUP_SECURITY, 5, ConfigDef.Width.LONG, "CORS origins")
      .define(TLS_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.HIGH,
          "Serve HTTPS and WSS (Jetty TLS) instead of plain HTTP.", GROUP_SECURITY, 6, ConfigDef.Width.SHORT, "TLS")
      .define(TLS_KEYSTORE_PATH_CONFIG, Type.STRING, "", Importance.HIGH,
          "Key store with the server certificate; required when " + TLS_ENABLED_CONFIG + " is true.",
          GROUP_SECURITY, 7, ConfigDef.Width.LONG, "Key store")
      .define(TLS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH,
          "Password of the key store; the key store is opened at start, so a wrong password or path fails there "
              + "naming the setting.", GROUP_SECURITY, 8, ConfigDef.Width.MEDIUM, "Key store password")
      .define(TLS_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"),
          Importance.LOW, "Key store type.", GROUP_SECURITY, 9, ConfigDef.Width.SHORT, "Key store type")
      .define(STALE_THRESHOLD_CONFIG, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
          "A symbol whose market is open and whose feed has been silent for longer than this, in milliseconds, "
              + "counted from the later of its last trade and the market's open, raises a stale-feed alert.",
          GROUP_ALERTS, 1, ConfigDef.Width.SHORT, "Stale threshold")
      .define(STALE_CHECK_INTERVAL_CONFIG, Type.LONG, 5_000L, Range.atLeast(10), Importance.LOW,
          "How often feed staleness is checked, in milliseconds.", GROUP_ALERTS, 2, ConfigDef.Width.SHORT,
          "Stale check interval")
      .define(STALE_FORGET_CONFIG, Type.LONG, 7 * 24 * 3_600_000L, Range.atLeast(1), Importance.LOW,
          "A symbol without a trade for this long, in milliseconds, leaves the feed-health table and its staleness "
              + "gauge until it trades again, so that an expired contract is not shown stale for good; its raised "
              + "alert is resolved then.", GROUP_ALERTS, 3, ConfigDef.Width.SHORT, "Forget a silent symbol after")
      .define(ALERTS_TOPIC_CONFIG, Type.STRING, TickflowTopics.ALERTS, new NonEmptyString(), Importance.LOW,
          "Topic the alerts are published to, and their state read back from at start and when the instance gains "
              + "symbols (Avro Alert records keyed by symbol, compacted, see docs/data-contract.md).", GROUP_ALERTS, 3,
          ConfigDef.Width.MEDIUM, "Alerts topic")
      .define(MARKET_HOURS_CONFIG, Type.LIST, MARKET_HOURS_DEFAULT,
          SymbolRules.validator(MarketHours::parse, "list of exchange=<days> HH:mm <length> <IANA zone>"),
          Importance.MEDIUM, "When each exchange's market is open, 'exchange=<days> HH:mm <length> <zone>' (first "
              + "match wins; patterns as in " + MARKET_HOURS_OVERRIDES_CONFIG + "): sessions open on those days (Mon "
              + "to Sun, one day or a range such as Sun-Thu) at that local time and last that long on the local clock "
              + "(e.g. 23h, 6h30m). The exchange is the one the symbol's security definition names. A feed is stale "
              + "only while its market is open; a symbol with no known hours is always open. Exchange holidays come "
              + "from " + MARKET_HOLIDAYS_CONFIG + ". The default covers the exchanges of session.exchanges.",
          GROUP_ALERTS, 4,
          ConfigDef.Width.LONG, "Market hours by exchange")
      .define(MARKET_HOURS_OVERRIDES_CONFIG, Type.LIST, "",
          SymbolRules.validator(MarketHours::parse, "list of pattern=<days> HH:mm <length> <IANA zone>"),
          Importance.LOW, "Market hours by canonical symbol pattern, 'pattern=<days> HH:mm <length> <zone>' ('*' is "
              + "a wildcard, e.g. '6E*=Sun-Thu 17:00 23h America/Chicago'); wins over " + MARKET_HOURS_CONFIG
              + ", and serves symbols without a security definition.", GROUP_ALERTS, 5, ConfigDef.Width.LONG,
          "Market hours by symbol")
      .define(MARKET_HOLIDAYS_CONFIG, Type.LIST, "",
          SymbolRules.validator(MarketHolidays::parse, "list of exchange=<yyyy-MM-dd>[@HH:mm] [...]"),
          Importance.MEDIUM, "Exchange holidays, 'exchange=<day> [<day> ...]' (patterns as in "
              + MARKET_HOURS_OVERRIDES_CONFIG + "; every matching entry applies, whichever hours the symbol has), a "
              + "day being a trading date on which the market is closed, 'yyyy-MM-dd', or closes early at a local "
              + "time (in the zone of the symbol's market hours), 'yyyy-MM-dd@HH:mm', e.g. "
              + "'CME=2026-12-25 2027-01-01 2026-11-26@12:00'. A session's trading date is the day it closes on: "
              + "CME's session opening at 17:00 the evening before belongs to the next day, and a session of several "
              + "days has one trading day per date, each ending at its close's time. None by default: without them, a "
              + "market open by its hours but closed for a holiday raises a stale-feed alert; list each exchange's "
              + "holidays from its own calendar.", GROUP_ALERTS, 6, ConfigDef.Width.LONG,
          "Market holidays by exchange");

  private final String httpHost;
  private final int httpPort;
  private final String advertisedServer;
  private final int defaultLimit;
  private final int maxLimit;
  private final Duration maxRange;
  private final Duration forwardTimeout;
  private final int retryAfterSeconds;
  private final long standbyMaxLag;
  private final int recentTrades;
  private final int wsQueueCapacity;
  private final int wsMaxSubscriptions;
  private final Duration heartbeatInterval;
  private final Duration heartbeatTimeout;
  private final int snapshotBars;
  private final Duration pollInterval;
  private final int wsWriterThreads;
  private final boolean securityEnabled;
  private final List<ApiKey> apiKeys;
  private final double rateLimitPerSecond;
  private final int rateBurst;
  private final List<String> corsOrigins;
  private final Optional<TlsSettings> tls;
  private final Duration staleThreshold;
  private final Duration staleCheckInterval;
  private final Duration staleForget;
  private final String alertsTopic;
  private final SymbolRules<MarketHours> marketHours;
  private final SymbolRules<MarketHours> marketHoursOverrides;
  private final SymbolRules<MarketHolidays> marketHolidays;

  /**
   * Parses and validates the settings.
   *
   * @param props the settings; missing keys take their defaults
   * @param env the process environment (for {@value #API_KEYS_ENV})
   * @throws ConfigException naming the key and the fix when a value or a combination is invalid
   */
  public QueryServiceConfig(Map<?, ?> props, Map<String, String> env) {
    super(CONFIG_DEF, props, false);
    httpHost = getString(HTTP_HOST_CONFIG);
    httpPort = getInt(HTTP_PORT_CONFIG);
    advertisedServer = getString(ADVERTISED_SERVER_CONFIG).trim();
    defaultLimit = getInt(DEFAULT_LIMIT_CONFIG);
    maxLimit = getInt(MAX_LIMIT_CONFIG);
    maxRange = Duration.ofMillis(getLong(MAX_RANGE_CONFIG));
    forwardTimeout = Duration.ofMillis(getLong(FORWARD_TIMEOUT_CONFIG));
    retryAfterSeconds = getInt(RETRY_AFTER_CONFIG);
    standbyMaxLag = getLong(STANDBY_MAX_LAG_CONFIG);
    recentTrades = getInt(RECENT_TRADES_CONFIG);
    wsQueueCapacity = getInt(WS_QUEUE_CAPACITY_CONFIG);
    wsMaxSubscriptions = getInt(WS_MAX_SUBSCRIPTIONS_CONFIG);
    heartbeatInterval = Duration.ofMillis(getLong(WS_HEARTBEAT_INTERVAL_CONFIG));
    heartbeatTimeout = Duration.ofMillis(getLong(WS_HEARTBEAT_TIMEOUT_CONFIG));
    snapshotBars = getInt(WS_SNAPSHOT_BARS_CONFIG);
    pollInterval = Duration.ofMillis(getLong(WS_POLL_INTERVAL_CONFIG));
    wsWriterThreads = getInt(WS_WRITER_THREADS_CONFIG);
    securityEnabled = getBoolean(SECURITY_ENABLED_CONFIG);
    String keys = env.getOrDefault(API_KEYS_ENV, getPassword(API_KEYS_CONFIG).value());
    apiKeys = ApiKey.parseList(keys, API_KEYS_CONFIG);
    rateLimitPerSecond = getDouble(RATE_LIMIT_CONFIG);
    // NaN passes the Range (every comparison with it is false), then the limiter would refuse every request.
    if (!Double.isFinite(rateLimitPerSecond)) {
      throw new ConfigException(RATE_LIMIT_CONFIG, rateLimitPerSecond,
          "must be a finite number of requests per second");
    }
    rateBurst = getInt(RATE_BURST_CONFIG);
    corsOrigins = getList(CORS_ORIGINS_CONFIG).stream().map(QueryServiceConfig::corsOrigin).toList();
    tls = parseTls();
    staleThreshold = Duration.ofMillis(getLong(STALE_THRESHOLD_CONFIG));
    staleCheckInterval = Duration.ofMillis(getLong(STALE_CHECK_INTERVAL_CONFIG));
    staleForget = Duration.ofMillis(getLong(STALE_FORGET_CONFIG));
    alertsTopic = getString(ALERTS_TOPIC_CONFIG);
    marketHours = SymbolRules.parse(getList(MARKET_HOURS_CONFIG), MarketHours::parse, MARKET_HOURS_CONFIG);
    marketHoursOverrides = SymbolRules.parse(getList(MARKET_HOURS_OVERRIDES_CONFIG), MarketHours::parse,
        MARKET_HOURS_OVERRIDES_CONFIG);
    marketHolidays = SymbolRules.parse(getList(MARKET_HOLIDAYS_CONFIG), MarketHolidays::parse,
        MARKET_HOLIDAYS_CONFIG);
    validateCrossFields();
  }

  /** Settings from a map only (tests, embedding); the environment is not read. */
  public static QueryServiceConfig of(Map<?, ?> props) {
    return new QueryServiceConfig(props, Map.of());
  }

  /**
   * One allowed origin as browsers send it: {@code *}, or scheme://host[:port] lowercased, without a trailing slash
   * or a default port, the scheme https when missing (as Javalin's CORS plugin reads it); the host may start with
   * {@code *.}. Checked here: the plugin would fail at start with an error naming no setting.
   */
  private static String corsOrigin(String value) {
    String origin = value.trim().toLowerCase(Locale.ROOT);
    if (origin.equals("*")) {
      return origin;
    }
    String withScheme = origin.contains("://") ? origin : "https://" + origin;
    boolean wildcard = withScheme.contains("://*.");
    try {
      URI uri = new URI(wildcard ? withScheme.replace("://*.", "://") : withScheme).parseServerAuthority();
      boolean defaultPort = uri.getPort() == -1 || uri.getPort() == (uri.getScheme().equals("https") ? 443 : 80);
      if (!List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getHost().contains("*")) {
        throw new URISyntaxException(value, "not an origin");
      }
      String port = defaultPort ? "" : ":" + uri.getPort();
      return uri.getScheme() + "://" + (wildcard ? "*." : "") + uri.getHost() + port;
    } catch (URISyntaxException e) {
      throw new ConfigException(CORS_ORIGINS_CONFIG, value, "each origin is '*' or scheme://host[:port] (the host "
          + "may start with '*.'), without a path");
    }
  }

  private Optional<TlsSettings> parseTls() {
    if (!getBoolean(TLS_ENABLED_CONFIG)) {
      return Optional.empty();
    }
    String path = getString(TLS_KEYSTORE_PATH_CONFIG).trim();
    if (path.isEmpty()) {
      throw new ConfigException(TLS_KEYSTORE_PATH_CONFIG, path,
          TLS_ENABLED_CONFIG + " is true but " + TLS_KEYSTORE_PATH_CONFIG + " is empty: set the key store path");
    }
    TlsSettings tls = new TlsSettings(Path.of(path), getPassword(TLS_KEYSTORE_PASSWORD_CONFIG),
        getString(TLS_KEYSTORE_TYPE_CONFIG));
    checkKeyStore(tls);
    return Optional.of(tls);
  }

  /** Opens the key store now: Jetty would fail only at start, with an error naming no setting. */
  private static void checkKeyStore(TlsSettings tls) {
    try (InputStream in = Files.newInputStream(tls.keyStore())) {
      KeyStore.getInstance(tls.type()).load(in, tls.password().value().toCharArray());
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new ConfigException(TLS_KEYSTORE_PASSWORD_CONFIG, "[hidden]",
            "the password does not open the key store " + tls.keyStore());
      }
      throw new ConfigException(TLS_KEYSTORE_PATH_CONFIG, tls.keyStore().toString(),
          "cannot read a " + tls.type() + " key store there (" + e + "); see " + TLS_KEYSTORE_TYPE_CONFIG);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(TLS_KEYSTORE_PATH_CONFIG, tls.keyStore().toString(),
          "cannot load the " + tls.type() + " key store: " + e.getMessage());
    }
  }

  private void validateCrossFields() {
    if (defaultLimit > maxLimit) {
      throw new ConfigException(DEFAULT_LIMIT_CONFIG, defaultLimit,
          DEFAULT_LIMIT_CONFIG + " must not exceed " + MAX_LIMIT_CONFIG + " (" + maxLimit + ")");
    }
    // The snapshot of a key another instance owns is a REST request for ws.snapshot.bars bars, which that instance
    // refuses above its query.max.limit.
    if (snapshotBars > maxLimit) {
      throw new ConfigException(WS_SNAPSHOT_BARS_CONFIG, snapshotBars,
          WS_SNAPSHOT_BARS_CONFIG + " must not exceed " + MAX_LIMIT_CONFIG + " (" + maxLimit + ")");
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new ConfigException(WS_HEARTBEAT_TIMEOUT_CONFIG, heartbeatTimeout.toMillis(),
          WS_HEARTBEAT_TIMEOUT_CONFIG + " must be larger than " + WS_HEARTBEAT_INTERVAL_CONFIG + " ("
              + heartbeatInterval.toMillis() + ")");
    }
    if (securityEnabled && apiKeys.isEmpty()) {
      throw new ConfigException(API_KEYS_CONFIG, "[hidden]",
          SECURITY_ENABLED_CONFIG + " is true but no API key is configured: set " + API_KEYS_CONFIG + " or "
              + API_KEYS_ENV);
    }
  }

  /** The configuration reference of docs/api.md, generated from {@link #CONFIG_DEF}. */
  public static final ConfigDocs DOCS = new ConfigDocs(CONFIG_DEF,
      "<!-- query-config:begin (generated from QueryServiceConfig, do not edit) -->", "<!-- query-config:end -->");

  public String httpHost() {
    return httpHost;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The advertised {@code host:port}, or empty when it should be derived from the bound port. */
  public String advertisedServer() {
    return advertisedServer;
  }

  public int defaultLimit() {
    return defaultLimit;
  }

  public int maxLimit() {
    return maxLimit;
  }

  public Duration maxRange() {
    return maxRange;
  }

  public Duration forwardTimeout() {
    return forwardTimeout;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public long standbyMaxLag() {
    return standbyMaxLag;
  }

  public int recentTrades() {
    return recentTrades;
  }

  public int wsWriterThreads() {
    return wsWriterThreads;
  }

  public int wsQueueCapacity() {
    return wsQueueCapacity;
  }

  public int wsMaxSubscriptions() {
    return wsMaxSubscriptions;
  }

  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  public int snapshotBars() {
    return snapshotBars;
  }

  /** How often subscribed quotes and books are polled from the stores. */
  public Duration pollInterval() {
    return pollInterval;
  }

  public boolean securityEnabled() {
    return securityEnabled;
  }

  public List<ApiKey> apiKeys() {
    return apiKeys;
  }

  public double rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  public int rateBurst() {
    return rateBurst;
  }

  public List<String> corsOrigins() {
    return corsOrigins;
  }

  public Optional<TlsSettings> tls() {
    return tls;
  }

  public Duration staleThreshold() {
    return staleThreshold;
  }

  public Duration staleCheckInterval() {
    return staleCheckInterval;
  }

  /** How long a symbol may go without a trade before the feed health forgets it. */
  public Duration staleForget() {
    return staleForget;
  }

  /**
   * When each symbol's market is open, by the configured hours.
   *
   * @param exchanges the exchange of a symbol; empty while unknown
   */
  public MarketCalendar marketCalendar(Function<String, Optional<String>> exchanges) {
    return new MarketCalendar(marketHoursOverrides, marketHours, marketHolidays, exchanges);
  }

  public String alertsTopic() {
    return alertsTopic;
  }

  /** Key store of the HTTPS connector. */
  public record TlsSettings(Path keyStore, Password password, String type) {
  }
}
