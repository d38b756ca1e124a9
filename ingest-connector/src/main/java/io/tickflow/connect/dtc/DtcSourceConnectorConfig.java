package io.tickflow.connect.dtc;

import io.tickflow.connect.TaskGroup;
import io.tickflow.dtc.client.DtcClientConfig;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.topics.TickflowTopics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.CaseInsensitiveValidString;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration of the DTC source connector and its tasks, declared once and parsed once into typed fields.
 * The connector gives each task its slice of {@value #SYMBOLS_CONFIG}. docs/connectors.md is generated from
 * {@link #CONFIG_DEF}.
 */
public final class DtcSourceConnectorConfig extends AbstractConfig {

  public static final String HOST_CONFIG = "dtc.host";
  public static final String PORT_CONFIG = "dtc.port";
  public static final int DEFAULT_PORT = 11099;
  public static final String ENCODING_CONFIG = "dtc.encoding";
  public static final String DEFAULT_ENCODING = "binary";
  public static final String HISTORICAL_HOST_CONFIG = "dtc.historical.host";
  public static final String HISTORICAL_PORT_CONFIG = "dtc.historical.port";
  public static final String USERNAME_CONFIG = "dtc.username";
  public static final String PASSWORD_CONFIG = "dtc.password";
  public static final String HEARTBEAT_INTERVAL_CONFIG = "heartbeat.interval.seconds";
  public static final int DEFAULT_HEARTBEAT_INTERVAL = 10;
  public static final String RECONNECT_BACKOFF_CONFIG = "reconnect.backoff.ms";
  public static final long DEFAULT_RECONNECT_BACKOFF = 100;
  public static final String RECONNECT_BACKOFF_MAX_CONFIG = "reconnect.backoff.max.ms";
  public static final long DEFAULT_RECONNECT_BACKOFF_MAX = 30_000;
  public static final String SYMBOLS_CONFIG = "symbols";
  public static final String DEPTH_LEVELS_CONFIG = "depth.levels";
  public static final String BACKFILL_LOOKBACK_CONFIG = "backfill.lookback.ms";
  public static final String BACKFILL_TIMEOUT_CONFIG = "backfill.timeout.ms";
  public static final long DEFAULT_BACKFILL_TIMEOUT = 60_000;
  public static final String BACKFILL_SEAM_TIMEOUT_CONFIG = "backfill.seam.timeout.ms";
  public static final long DEFAULT_BACKFILL_SEAM_TIMEOUT = 30_000;
  public static final String BACKFILL_ROUND_MAX_RECORDS_CONFIG = "backfill.round.max.records";
  public static final int DEFAULT_BACKFILL_ROUND_MAX_RECORDS = 200_000;
  public static final String TRADES_TOPIC_CONFIG = "trades.topic";
  public static final String QUOTES_TOPIC_CONFIG = "quotes.topic";
  public static final String DEPTH_TOPIC_CONFIG = "depth.topic";
  public static final String SECURITY_DEFINITIONS_TOPIC_CONFIG = "security.definitions.topic";
  public static final String DEAD_LETTER_TOPIC_CONFIG = "dead.letter.topic";
  public static final String BATCH_SIZE_CONFIG = "batch.size";
  public static final int DEFAULT_BATCH_SIZE = 10_000;
  public static final String POLL_INTERVAL_CONFIG = "poll.interval.ms";
  public static final long DEFAULT_POLL_INTERVAL = 20;
  public static final String QUEUE_CAPACITY_CONFIG = "queue.capacity.bytes";

  private static final String SERVER_GROUP = "DTC server";
  private static final String SYMBOLS_GROUP = "Symbols";
  private static final String BACKFILL_GROUP = "Backfill";
  private static final String TOPICS_GROUP = "Topics";
  private static final String TUNING_GROUP = "Tuning";
  private static final long WEEK_MS = Duration.ofDays(7).toMillis();

  public static final ConfigDef CONFIG_DEF = topics(symbols(server(new ConfigDef())))
      .define(BATCH_SIZE_CONFIG, Type.INT, DEFAULT_BATCH_SIZE, Range.between(1, 1_000_000), Importance.LOW,
          "Largest number of DTC messages one poll() takes from the queue.", TUNING_GROUP, 1, Width.SHORT,
          "Batch size")
      .define(POLL_INTERVAL_CONFIG, Type.LONG, DEFAULT_POLL_INTERVAL, Range.between(1, 10_000), Importance.LOW,
          "How long, in milliseconds, poll() waits when no message is queued before returning nothing.",
          TUNING_GROUP, 2, Width.SHORT, "Poll interval (ms)")
      .define(QUEUE_CAPACITY_CONFIG, Type.INT, DtcClientConfig.DEFAULT_QUEUE_CAPACITY, new PowerOfTwo(),
          Importance.LOW, "Bytes of the bounded queue between the network thread and poll(). When it is full"
              + " (Kafka is slower than the feed) the task stops reading the socket, so the server buffers,"
              + " not the heap.", TUNING_GROUP, 3, Width.SHORT, "Queue capacity (bytes)");

  /** {@link #CONFIG_DEF} plus the keys the connector adds for each task. */
  static final ConfigDef TASK_CONFIG_DEF = TaskGroup.define(CONFIG_DEF);

  private final String host;
  private final int port;
  private final String historicalHost;
  /** {@link DtcClientConfig#NO_HISTORICAL_SERVER} when history comes over the market-data connection. */
  private final int historicalPort;
  private final DtcEncoding encoding;
  private final String username;
  private final String password;
  private final Duration heartbeatInterval;
  private final Duration reconnectBackoff;
  private final Duration reconnectBackoffMax;
  private final List<SymbolSpec> symbols;
  private final SymbolNormalization symbolNormalization;
  private final int depthLevels;
  private final Duration backfillLookback;
  private final Duration backfillTimeout;
  private final Duration backfillSeamTimeout;
  private final int backfillRoundMaxRecords;
  private final String tradesTopic;
  private final String quotesTopic;
  private final String depthTopic;
  private final String securityDefinitionsTopic;
  private final String deadLetterTopic;
  private final int batchSize;
  private final Duration pollInterval;
  private final int queueCapacity;
  private final TaskGroup taskGroup;

  /**
   * Parses and validates connector or task properties.
   *
   * @throws ConfigException naming the key (or both keys of a cross-field rule) and the fix
   */
  public DtcSourceConnectorConfig(Map<String, String> props) {
    super(TASK_CONFIG_DEF, props);
    host = getString(HOST_CONFIG).trim();
    port = getInt(PORT_CONFIG);
    final String historicalHostValue = getString(HISTORICAL_HOST_CONFIG).trim();
    historicalHost = historicalHostValue.isEmpty() ? host : historicalHostValue;
    historicalPort = getInt(HISTORICAL_PORT_CONFIG);
    encoding = DtcEncoding.valueOf(getString(ENCODING_CONFIG).trim().toUpperCase(Locale.ROOT));
    username = getString(USERNAME_CONFIG);
    password = getPassword(PASSWORD_CONFIG).value();
    heartbeatInterval = Duration.ofSeconds(getInt(HEARTBEAT_INTERVAL_CONFIG));
    reconnectBackoff = Duration.ofMillis(getLong(RECONNECT_BACKOFF_CONFIG));
    reconnectBackoffMax = Duration.ofMillis(getLong(RECONNECT_BACKOFF_MAX_CONFIG));
    symbols = SymbolSpec.parseAll(getList(SYMBOLS_CONFIG));
    symbolNormalization = SymbolNormalization.of(this);
    depthLevels = getInt(DEPTH_LEVELS_CONFIG);
    backfillLookback = Duration.ofMillis(getLong(BACKFILL_LOOKBACK_CONFIG));
    backfillTimeout = Duration.ofMillis(getLong(BACKFILL_TIMEOUT_CONFIG));
    backfillSeamTimeout = Duration.ofMillis(getLong(BACKFILL_SEAM_TIMEOUT_CONFIG));
    backfillRoundMaxRecords = getInt(BACKFILL_ROUND_MAX_RECORDS_CONFIG);
    tradesTopic = getString(TRADES_TOPIC_CONFIG);
    quotesTopic = getString(QUOTES_TOPIC_CONFIG);
    depthTopic = getString(DEPTH_TOPIC_CONFIG);
    securityDefinitionsTopic = getString(SECURITY_DEFINITIONS_TOPIC_CONFIG);
    deadLetterTopic = getString(DEAD_LETTER_TOPIC_CONFIG);
    batchSize = getInt(BATCH_SIZE_CONFIG);
    pollInterval = Duration.ofMillis(getLong(POLL_INTERVAL_CONFIG));
    queueCapacity = getInt(QUEUE_CAPACITY_CONFIG);
    taskGroup = TaskGroup.of(this);
    final String backoffProblem = reconnectBackoffProblem(reconnectBackoff.toMillis(), reconnectBackoffMax.toMillis());
    if (backoffProblem != null) {
      throw new ConfigException(backoffProblem);
    }
    final String historicalServerProblem = historicalServerProblem(historicalHostValue, historicalPort);
    if (historicalServerProblem != null) {
      throw new ConfigException(historicalServerProblem);
    }
  }

  /**
   * The cross-field rule on the reconnect backoff, or null when it holds.
   *
   * @return a message naming both keys and the fix
   */
  static String reconnectBackoffProblem(long backoffMs, long backoffMaxMs) {
    return backoffMaxMs >= backoffMs ? null : RECONNECT_BACKOFF_MAX_CONFIG + " (" + backoffMaxMs
        + ") must be at least " + RECONNECT_BACKOFF_CONFIG + " (" + backoffMs + "): raise the maximum or lower"
        + " the first delay";
  }

  /**
   * The cross-field rule on the historical data server (a host is useless without its port), or null when it holds.
   *
   * @param historicalHost the trimmed {@value #HISTORICAL_HOST_CONFIG}
   * @return a message naming both keys and the fix
   */
  static String historicalServerProblem(String historicalHost, int historicalPort) {
    return historicalHost.isEmpty() || historicalPort != DtcClientConfig.NO_HISTORICAL_SERVER ? null
        : HISTORICAL_HOST_CONFIG + " (" + historicalHost + ") is set but " + HISTORICAL_PORT_CONFIG + " is not: set"
        + " the historical data server's port (Sierra Chart: 11098) or remove the host";
  }

  /** The settings of the task's DTC client. */
  public DtcClientConfig clientConfig() {
    return DtcClientConfig.of(host, port).withCredentials(username, password).withEncoding(encoding)
        .withHeartbeatInterval(heartbeatInterval).withReconnect(reconnectBackoff, reconnectBackoffMax)
        .withQueueCapacity(queueCapacity).withHistoricalServer(historicalHost, historicalPort);
  }

  /** {@code host:port}, the server part of every source partition. */
  public String server() {
    return host + ":" + port;
  }

  List<SymbolSpec> symbols() {
    return symbols;
  }

  /** The rules that turn a configured symbol into the canonical symbol its records are keyed by. */
  SymbolNormalization symbolNormalization() {
    return symbolNormalization;
  }

  public int depthLevels() {
    return depthLevels;
  }

  public Duration backfillLookback() {
    return backfillLookback;
  }

  public Duration backfillTimeout() {
    return backfillTimeout;
  }

  public Duration backfillSeamTimeout() {
    return backfillSeamTimeout;
  }

  public int backfillRoundMaxRecords() {
    return backfillRoundMaxRecords;
  }

  public String tradesTopic() {
    return tradesTopic;
  }

  public String quotesTopic() {
    return quotesTopic;
  }

  public String depthTopic() {
    return depthTopic;
  }

  public String securityDefinitionsTopic() {
    return securityDefinitionsTopic;
  }

  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  /** The instruments this task writes (all of them in the connector's own configuration). */
  public TaskGroup taskGroup() {
    return taskGroup;
  }

  /** The user-facing keys and their values for the start-up log line; the password is masked. */
  String describe() {
    return String.format(Locale.ROOT, "dtc.host=%s, dtc.port=%d, %s, dtc.encoding=%s, dtc.username=%s,"
        + " dtc.password=%s, symbols=%s, %s, depth.levels=%d, heartbeat.interval.seconds=%d,"
        + " reconnect.backoff.ms=%d..%d, backfill.lookback.ms=%d, backfill.timeout.ms=%d,"
        + " backfill.seam.timeout.ms=%d, backfill.round.max.records=%d, trades.topic=%s, quotes.topic=%s, depth.topic=%s,"
        + " security.definitions.topic=%s, dead.letter.topic=%s, batch.size=%d, poll.interval.ms=%d,"
        + " queue.capacity.bytes=%d", host, port, describeHistoricalServer(), encoding,
        username, password.isEmpty() ? "(none)" : "[hidden]", symbols, symbolNormalization, depthLevels,
        heartbeatInterval.toSeconds(), reconnectBackoff.toMillis(), reconnectBackoffMax.toMillis(),
        backfillLookback.toMillis(), backfillTimeout.toMillis(), backfillSeamTimeout.toMillis(),
        backfillRoundMaxRecords, tradesTopic,
        quotesTopic, depthTopic, securityDefinitionsTopic, deadLetterTopic, batchSize, pollInterval.toMillis(),
        queueCapacity);
  }

  private String describeHistoricalServer() {
    return historicalPort == DtcClientConfig.NO_HISTORICAL_SERVER ? "history over the market-data connection"
        : "dtc.historical.host=" + historicalHost + ", dtc.historical.port=" + historicalPort;
  }

  private static ConfigDef server(ConfigDef def) {
    return def
        .define(HOST_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
            "Host name or address of the DTC server (e.g. Sierra Chart's DTC Protocol Server).", SERVER_GROUP, 1,
            Width.MEDIUM, "Host")
        .define(PORT_CONFIG, Type.INT, DEFAULT_PORT, Range.between(1, 65_535), Importance.HIGH,
            "TCP port of the DTC server; Sierra Chart listens on 11099 by default.", SERVER_GROUP, 2, Width.SHORT,
            "Port")
        .define(ENCODING_CONFIG, Type.STRING, DEFAULT_ENCODING, CaseInsensitiveValidString.in("binary", "json"),
            Importance.MEDIUM, "DTC message encoding: binary (fixed structs) or json (negotiated with"
                + " ENCODING_REQUEST). Both give the same records.", SERVER_GROUP, 3, Width.SHORT, "Encoding")
        .define(USERNAME_CONFIG, Type.STRING, "", Importance.MEDIUM, "Username of the DTC logon; empty when the"
            + " server does not require one.", SERVER_GROUP, 4, Width.MEDIUM, "Username")
        .define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, "Password of the DTC logon; never logged.",
            SERVER_GROUP, 5, Width.MEDIUM, "Password")
        .define(HEARTBEAT_INTERVAL_CONFIG, Type.INT, DEFAULT_HEARTBEAT_INTERVAL, Range.between(1, 300),
            Importance.LOW, "Heartbeat interval, in seconds, asked of the server and used by the task. A server"
                + " silent for twice this long is taken as dead: the connection is closed and re-opened.",
            SERVER_GROUP, 6, Width.SHORT, "Heartbeat interval (s)")
        .define(RECONNECT_BACKOFF_CONFIG, Type.LONG, DEFAULT_RECONNECT_BACKOFF, Range.between(1, 600_000),
            Importance.LOW, "First delay, in milliseconds, before reconnecting after the connection is lost or"
                + " cannot be opened. It doubles on each failed attempt (with jitter) up to "
                + RECONNECT_BACKOFF_MAX_CONFIG + ".", SERVER_GROUP, 7, Width.SHORT, "Reconnect backoff (ms)")
        .define(RECONNECT_BACKOFF_MAX_CONFIG, Type.LONG, DEFAULT_RECONNECT_BACKOFF_MAX, Range.between(1, 3_600_000),
            Importance.LOW, "Longest delay, in milliseconds, between reconnect attempts; at least "
                + RECONNECT_BACKOFF_CONFIG + ". The task retries for as long as it runs.", SERVER_GROUP, 8,
            Width.SHORT, "Reconnect backoff max (ms)")
        .define(HISTORICAL_PORT_CONFIG, Type.INT, DtcClientConfig.NO_HISTORICAL_SERVER, Range.between(0, 65_535),
            Importance.MEDIUM, "TCP port of a separate DTC historical data server, asked for the historical ticks"
                + " of each backfill over a connection of its own (one request per connection). Sierra Chart serves"
                + " history on its Historical Data Server port (11098 by default), not on the market-data port. 0:"
                + " history is asked of the market-data connection.", SERVER_GROUP, 9, Width.SHORT,
            "Historical data port")
        .define(HISTORICAL_HOST_CONFIG, Type.STRING, "", Importance.LOW, "Host of the historical data server;"
            + " empty means " + HOST_CONFIG + ". Used only with " + HISTORICAL_PORT_CONFIG + ".", SERVER_GROUP, 10,
            Width.MEDIUM, "Historical data host");
  }

  private static ConfigDef symbols(ConfigDef def) {
    def
        .define(SYMBOLS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new SymbolListValidator(), Importance.HIGH,
            "Comma-separated symbols to subscribe to, each SYMBOL[@EXCHANGE], e.g. ESZ6@CME,EURUSD. Each symbol"
                + " may appear once; tasks.max tasks share them.", SYMBOLS_GROUP, 1, Width.LONG, "Symbols")
        .define(DEPTH_LEVELS_CONFIG, Type.INT, 0, Range.between(0, 100), Importance.MEDIUM, "Market depth levels"
            + " to subscribe to per symbol; 0 subscribes to no depth.", SYMBOLS_GROUP, 2, Width.SHORT,
            "Depth levels");
    return SymbolNormalization.define(def, SYMBOLS_GROUP, 3)
        .define(BACKFILL_LOOKBACK_CONFIG, Type.LONG, 0L, Range.between(0, WEEK_MS), Importance.MEDIUM,
            "For a symbol with no stored offset (first start): how far, in milliseconds, before its first live"
                + " trade to request historical ticks. The request starts at a whole second, so 0 still fetches the"
                + " start of that second. With a stored offset the backfill starts at the offset's second.",
            BACKFILL_GROUP, 1, Width.SHORT, "Backfill lookback (ms)")
        .define(BACKFILL_TIMEOUT_CONFIG, Type.LONG, DEFAULT_BACKFILL_TIMEOUT, Range.between(1_000, 3_600_000),
            Importance.LOW, "How long, in milliseconds, to wait for the end of a historical-ticks answer. Live"
                + " trades are held meanwhile; when it expires they are published as they came and the gap is"
                + " logged and counted as not filled.", BACKFILL_GROUP, 2, Width.SHORT, "Backfill timeout (ms)")
        .define(BACKFILL_SEAM_TIMEOUT_CONFIG, Type.LONG, DEFAULT_BACKFILL_SEAM_TIMEOUT, Range.between(0, 3_600_000),
            Importance.LOW, "How long, in milliseconds, after a historical-ticks answer whose history runs ahead of"
                + " the live trades read (a separate historical data server answering trades still in flight on the"
                + " market-data connection) the live trades that then arrive are still compared with that history,"
                + " so that those it holds are not published twice. Live trades that may be the history's are held"
                + " meanwhile (at most as many as its last second holds); when it expires they are dropped as the"
                + " history's, and later live trades are published as they come; a WARN and"
                + " backfill-seam-timeouts-total say so when the live stream had sent part of that history.",
            BACKFILL_GROUP, 3, Width.SHORT, "Backfill seam timeout (ms)")
        .define(BACKFILL_ROUND_MAX_RECORDS_CONFIG, Type.INT, DEFAULT_BACKFILL_ROUND_MAX_RECORDS,
            Range.between(0, 10_000_000), Importance.LOW, "Records the task holds at most while its symbols"
                + " backfill. The histories asked for at once (after a reconnect or a restart) are written merged in"
                + " time with every other record of the task, up to where each history has reached, so that no"
                + " symbol's history moves stream time past bars another still has to fill (the Streams app would"
                + " dead-letter those trades as late). Live data waits meanwhile (at most backfill.timeout.ms)."
                + " Beyond this many, what is held is written as it stands (backfill-rounds-split-total); 0 writes"
                + " every record as it comes.",
            BACKFILL_GROUP, 4, Width.SHORT, "Backfill round limit (records)");
  }

  private static ConfigDef topics(ConfigDef def) {
    return def
        .define(TRADES_TOPIC_CONFIG, Type.STRING, TickflowTopics.RAW_TRADES, new NonEmptyString(),
            Importance.HIGH, "Topic of the Trade records (live and backfilled), keyed by canonical symbol.",
            TOPICS_GROUP, 1, Width.MEDIUM, "Trades topic")
        .define(QUOTES_TOPIC_CONFIG, Type.STRING, TickflowTopics.RAW_QUOTES, new NonEmptyString(),
            Importance.MEDIUM, "Topic of the Quote records (best bid and offer), keyed by canonical symbol.",
            TOPICS_GROUP, 2, Width.MEDIUM, "Quotes topic")
        .define(DEPTH_TOPIC_CONFIG, Type.STRING, TickflowTopics.RAW_DEPTH, new NonEmptyString(),
            Importance.MEDIUM, "Topic of the DepthUpdate records, keyed by canonical symbol (only with "
                + DEPTH_LEVELS_CONFIG + " > 0).", TOPICS_GROUP, 3, Width.MEDIUM, "Depth topic")
        .define(SECURITY_DEFINITIONS_TOPIC_CONFIG, Type.STRING, TickflowTopics.SECURITY_DEFINITIONS,
            new NonEmptyString(), Importance.MEDIUM, "Topic of the SecurityDefinition records, one per symbol"
                + " and task start, keyed by canonical symbol (a compacted topic).", TOPICS_GROUP, 4, Width.MEDIUM,
            "Security definitions topic")
        .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, TickflowTopics.DEAD_LETTER, new NonEmptyString(),
            Importance.MEDIUM, "Topic of the DeadLetter records of symbols the server rejected, keyed by"
                + " canonical symbol.", TOPICS_GROUP, 5, Width.MEDIUM, "Dead-letter topic");
  }

  /** Checks a list of SYMBOL[@EXCHANGE] entries: at least one, well-formed, no symbol twice. */
  static final class SymbolListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      final List<String> entries = (List<String>) value;
      if (entries == null || entries.isEmpty()) {
        throw new ConfigException(name, value, "list at least one symbol");
      }
      try {
        SymbolSpec.parseAll(entries);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "SYMBOL[@EXCHANGE] entries, each symbol once";
    }
  }

  /** Checks the queue capacity: a power of two the DTC client accepts. */
  static final class PowerOfTwo implements ConfigDef.Validator {
    static final int MIN = 1 << 18;
    static final int MAX = 1 << 30;

    @Override
    public void ensureValid(String name, Object value) {
      final int capacity = (Integer) value;
      if (Integer.bitCount(capacity) != 1 || capacity < MIN || capacity > MAX) {
        throw new ConfigException(name, value, "must be a power of two from " + MIN + " to " + MAX);
      }
    }

    @Override
    public String toString() {
      return "a power of two in [262144,...,1073741824]";
    }
  }
}
