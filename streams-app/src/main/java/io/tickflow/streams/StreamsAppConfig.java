package io.tickflow.streams;

import io.tickflow.bars.BarSpec;
import io.tickflow.bars.IntradayAlignment;
import io.tickflow.bars.Timeframe;
import io.tickflow.bars.TradingSession;
import io.tickflow.config.ParsingValidator;
import io.tickflow.streams.ingest.TimestampRule;
import io.tickflow.streams.normalize.InstrumentSettings;
import io.tickflow.streams.normalize.PriceScaling;
import io.tickflow.streams.normalize.SymbolRules;
import io.tickflow.streams.rocksdb.BoundedMemoryRocksDBConfig;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.symbols.SymbolNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configuration of the Tickflow Streams app: its own keys (this {@link ConfigDef}, parsed once into typed fields
 * and validated here) plus any Kafka Streams, consumer or producer key, which passes through to
 * {@link #streamsProperties()}. Immutable.
 */
public final class StreamsAppConfig extends AbstractConfig {

  public static final String PRICE_SCALING_CONFIG = "price.scaling";
  public static final String INSTRUMENT_TICK_SIZE_DEFAULT_CONFIG = "instrument.tick.size.default";
  public static final String SESSION_DEFAULT_CONFIG = "session.default";
  public static final String SESSION_OVERRIDES_CONFIG = "session.overrides";
  public static final String SESSION_EXCHANGES_CONFIG = "session.exchanges";
  /**
   * The sessions most Sierra Chart users trade, so that their daily bars are right without configuration: CME
   * Globex (CME, CBOT, NYMEX, COMEX) and Cboe futures trade from 17:00 Chicago, spot FX from the 17:00 New York
   * rollover, and US equities by New York calendar day (pre- and after-market trades included).
   */
  static final String SESSION_EXCHANGES_DEFAULT = "CME=17:00 America/Chicago,CBOT=17:00 America/Chicago,"
      + "NYMEX=17:00 America/Chicago,COMEX=17:00 America/Chicago,CFE=17:00 America/Chicago,"
      + "FX=17:00 America/New_York,NYSE=00:00 America/New_York,NASDAQ=00:00 America/New_York,"
      + "ARCA=00:00 America/New_York,AMEX=00:00 America/New_York,BATS=00:00 America/New_York";
  public static final String VALIDATION_FUTURE_SKEW_MS_CONFIG = "validation.future.skew.ms";
  public static final String VALIDATION_STALE_HORIZON_MS_CONFIG = "validation.stale.horizon.ms";
  public static final String VALIDATION_PRICE_JUMP_PERCENT_CONFIG = "validation.price.jump.percent";
  public static final String VALIDATION_PRICE_JUMP_CONFIRMATIONS_CONFIG = "validation.price.jump.confirmations";
  public static final String DEDUP_HORIZON_MS_CONFIG = "dedup.horizon.ms";
  public static final String BARS_TIMEFRAMES_CONFIG = "bars.timeframes";
  public static final String BARS_INTRADAY_ALIGN_CONFIG = "bars.intraday.align";
  public static final String BARS_GRACE_MS_CONFIG = "bars.grace.ms";
  public static final String BARS_IDLE_MS_CONFIG = "bars.idle.ms";
  public static final String BARS_ACTIVITY_CONFIG = "bars.activity";
  public static final String BARS_RETENTION_CONFIG = "bars.retention";
  public static final String BARS_RETENTION_DEFAULT_CONFIG = "bars.retention.default";
  public static final String BOOK_DEPTH_CONFIG = "book.depth";
  public static final String BOOK_MAX_LEVELS_CONFIG = "book.max.levels";
  public static final String STATE_STORE_TYPE_CONFIG = "state.store.type";
  public static final String ROCKSDB_MEMORY_MB_CONFIG = "rocksdb.memory.mb";
  public static final String ROCKSDB_MEMTABLE_FRACTION_CONFIG = "rocksdb.memtable.fraction";

  public static final String DEFAULT_APPLICATION_ID = "tickflow-streams";
  public static final String DEFAULT_TIMEFRAMES = "1m,5m,15m,30m,1h,4h,1d,1w";
  /** Environment variables with this prefix overlay the file: {@code TICKFLOW_BARS_GRACE_MS} sets {@code bars.grace.ms}. */
  public static final String ENV_PREFIX = "TICKFLOW_";
  public static final String STORE_ROCKSDB = "rocksdb";
  public static final String STORE_IN_MEMORY = "in_memory";

  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  private static final long MB = 1024L * 1024;
  /** Less would leave even the demo's 16 RocksDB instances under one 1 MB memtable block each, flushing constantly. */
  private static final int ROCKSDB_MEMORY_MIN_MB = 16;
  private static final int ROCKSDB_MEMORY_MAX_MB = 1024 * 1024;
  private static final String SYMBOLS = "Symbols";
  private static final String VALIDATION = "Validation";
  private static final String BARS = "Bars";
  private static final String STATE = "State";

  public static final ConfigDef CONFIG_DEF = SymbolNormalization.define(new ConfigDef(), SYMBOLS, 1)
      .define(PRICE_SCALING_CONFIG, Type.LIST, "", SymbolRules.validator(PriceScaling::parse, "list of pattern=none|ticks|display|multiplier:<x>"), Importance.MEDIUM,
          "How feed price numbers become prices, 'symbolPattern=mode' (first match wins; default none): none, ticks "
              + "(times the definition's tick size), display (fractional display format, e.g. 110.16 = 110 16/32) or "
              + "multiplier:<x>. Patterns match canonical symbols, '*' is a wildcard.", SYMBOLS, 4, ConfigDef.Width.LONG,
          "Price scaling")
      .define(INSTRUMENT_TICK_SIZE_DEFAULT_CONFIG, Type.DOUBLE, 0.01, Range.atLeast(1e-12), Importance.LOW,
          "Tick size of instruments without a security definition (used by range bars).", SYMBOLS, 5,
          ConfigDef.Width.SHORT, "Default tick size")
      .define(SESSION_DEFAULT_CONFIG, Type.STRING, "00:00 UTC", single(TradingSession::parse, "HH:mm <IANA zone> [first weekday]"), Importance.MEDIUM,
          "Trading session 'HH:mm Zone' (or 'HH:mm Zone Weekday', whose weekly bars begin on that trading date "
              + "instead of Monday) of instruments with neither an override, nor a security definition stating "
              + "one (the DTC connector's do not), nor an exchange in " + SESSION_EXCHANGES_CONFIG + "; daily and "
              + "weekly bars start at its open (intraday ones too with "
              + BARS_INTRADAY_ALIGN_CONFIG + "=session).", BARS, 1, ConfigDef.Width.MEDIUM, "Default session")
      .define(SESSION_OVERRIDES_CONFIG, Type.LIST, "", SymbolRules.validator(TradingSession::parse, "list of pattern=HH:mm <IANA zone> [first weekday]"),
          Importance.MEDIUM, "Trading sessions by symbol pattern, 'pattern=HH:mm Zone' (e.g. 'ES*=17:00 America/Chicago'; a "
              + "weekday after the zone begins weekly bars on that trading date, e.g. '*.SR=10:00 Asia/Riyadh Sun'); "
              + "wins over the security definition.", BARS, 2, ConfigDef.Width.LONG, "Session overrides")
      .define(SESSION_EXCHANGES_CONFIG, Type.LIST, SESSION_EXCHANGES_DEFAULT,
          SymbolRules.validator(TradingSession::parse, "list of exchange=HH:mm <IANA zone> [first weekday]"), Importance.MEDIUM,
          "Trading sessions by exchange, 'exchange=HH:mm Zone' (the exchange of the instrument's security definition; "
              + "patterns as in " + SESSION_OVERRIDES_CONFIG + "), for definitions that state no session, such as the "
              + "DTC connector's; an override or a session the definition states wins. The default covers CME Globex, "
              + "Cboe futures, spot FX and US equities.", BARS, 3, ConfigDef.Width.LONG, "Sessions by exchange")
      .define(VALIDATION_FUTURE_SKEW_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM,
          "Largest accepted lead of a record's event time over its receive time, in ms; more is 'future_timestamp'.",
          VALIDATION, 1, ConfigDef.Width.SHORT, "Future skew")
      .define(VALIDATION_STALE_HORIZON_MS_CONFIG, Type.LONG, 30 * DAY_MS, Range.atLeast(1), Importance.MEDIUM,
          "Largest accepted age of a record's event time at its receive time, in ms; more is 'stale_timestamp'.",
          VALIDATION, 2, ConfigDef.Width.SHORT, "Stale horizon")
      .define(VALIDATION_PRICE_JUMP_PERCENT_CONFIG, Type.DOUBLE, 10.0, Range.between(0.001, 100_000.0),
          Importance.MEDIUM, "Largest accepted move of a trade price from the symbol's last accepted price, in percent; "
              + "a trade moving more is held until its level is confirmed, else refused as 'price_jump'.", VALIDATION, 3, ConfigDef.Width.SHORT, "Price jump")
      .define(VALIDATION_PRICE_JUMP_CONFIRMATIONS_CONFIG, Type.INT, 3, Range.between(1, 1_000), Importance.MEDIUM,
          "Trades near a jumped-to price needed to accept it as the new level: the jumping trade and the "
              + "confirming ones are held, and all are accepted with the last confirming trade; a trade back near the "
              + "last accepted price, or one jumping to another level, refuses them as 'price_jump'.", VALIDATION, 4,
          ConfigDef.Width.SHORT, "Jump confirmations")
      .define(DEDUP_HORIZON_MS_CONFIG, Type.LONG, DAY_MS, Range.atLeast(1_000), Importance.MEDIUM,
          "How long, in event time (ms), a trade identity is remembered to drop its duplicates (retention of the dedup "
              + "window store).", VALIDATION, 5, ConfigDef.Width.SHORT, "Dedup horizon")
      .define(BARS_TIMEFRAMES_CONFIG, Type.LIST, DEFAULT_TIMEFRAMES, entries(Timeframe::parse, "list of <count><s|m|h|d|w>"), Importance.HIGH,
          "Time bar timeframes, '<count><s|m|h|d|w>'. Days and weeks run from one trading session open to another; "
              + "seconds, minutes and hours as " + BARS_INTRADAY_ALIGN_CONFIG + " says.", BARS, 3,
          ConfigDef.Width.LONG, "Timeframes")
      .define(BARS_INTRADAY_ALIGN_CONFIG, Type.STRING, "utc", ValidString.in("utc", "session"), Importance.MEDIUM,
          "Where second, minute and hour bars start: 'utc', from 00:00 UTC each day, alike for every instrument "
              + "(1m to 4h bars on UTC clock boundaries); 'session', from each instrument's trading session open, as "
              + "Sierra Chart's 'new bar at session start' (a 4h bar of a 17:00 America/Chicago session starts at "
              + "17:00 Chicago time). Either way a day's or session's last bar is cut at the next one's start when "
              + "the timeframe does not divide a day.", BARS, 4, ConfigDef.Width.SHORT, "Intraday alignment")
      .define(BARS_GRACE_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.HIGH,
          "How long after its symbol's clock passed a trade's time (ms) it still updates its bars; older trades are "
              + "'late'. A time bar is final once its symbol's clock (its latest trade's event time) reaches its end "
              + "plus this, or the partition's stream time does while the symbol is idle (see " + BARS_IDLE_MS_CONFIG
              + ").", BARS, 5, ConfigDef.Width.SHORT, "Grace")
      .define(BARS_IDLE_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM,
          "How far (ms) the partition's stream time (the latest trade of any symbol in it) moves past a symbol's last "
              + "trade before that symbol is idle: its bars that stream time made due become final, and later trades "
              + "into them are 'late'. Up to " + BARS_GRACE_MS_CONFIG + ", a quiet symbol's bars are final as soon "
              + "as a busy one's; more tolerates larger gaps between interleaved sources of one partition; 0 puts "
              + "every symbol on stream time, as Kafka Streams windows do.", BARS, 6, ConfigDef.Width.SHORT,
          "Idle symbol")
      .define(BARS_ACTIVITY_CONFIG, Type.LIST, "", SymbolRules.validator(StreamsAppConfig::activitySpec, "list of pattern=T<n>|V<n>|R<n>"), Importance.MEDIUM,
          "Tick, volume and range bars by symbol pattern, 'pattern=T<trades>', 'pattern=V<contracts>' or "
              + "'pattern=R<ticks>' (every matching entry applies).", BARS, 7, ConfigDef.Width.LONG, "Activity bars")
      .define(BARS_RETENTION_CONFIG, Type.LIST, "1m=30d,5m=180d,15m=180d,30m=365d,1h=730d,4h=730d,1d=3650d,1w=3650d",
          entries(StreamsAppConfig::retentionEntry, "list of label=<count><s|m|h|d|w>"), Importance.MEDIUM,
          "How long final bars stay queryable in the bar stores, 'label=<count><s|m|h|d|w>'; labels not listed use "
              + BARS_RETENTION_DEFAULT_CONFIG + ".", BARS, 8, ConfigDef.Width.LONG, "Bar retention")
      .define(BARS_RETENTION_DEFAULT_CONFIG, Type.STRING, "365d", single(Timeframe::parse, "<count><s|m|h|d|w>"), Importance.LOW,
          "Retention of bar series not listed in " + BARS_RETENTION_CONFIG + ".", BARS, 9, ConfigDef.Width.SHORT,
          "Default bar retention")
      .define(BOOK_DEPTH_CONFIG, Type.INT, 10, Range.between(1, 1_000), Importance.MEDIUM,
          "Levels per side the read API returns for a book.", STATE, 1, ConfigDef.Width.SHORT, "Book depth")
      .define(BOOK_MAX_LEVELS_CONFIG, Type.INT, 100, Range.between(1, 10_000), Importance.LOW,
          "Levels per side kept in a book's state (the worst goes first); at least " + BOOK_DEPTH_CONFIG + ".", STATE,
          2, ConfigDef.Width.SHORT, "Book levels kept")
      .define(STATE_STORE_TYPE_CONFIG, Type.STRING, STORE_ROCKSDB, ValidString.in(STORE_ROCKSDB, STORE_IN_MEMORY),
          Importance.MEDIUM, "Store type of every state store (dedup, symbol state, bars, quotes, book): rocksdb (on disk, "
              + "memory bounded by " + ROCKSDB_MEMORY_MB_CONFIG + ") or in_memory (faster; all of it, bars of every "
              + "retention included, must fit the heap, and is rebuilt from the changelogs at every start).", STATE, 3,
          ConfigDef.Width.SHORT, "State store type")
      .define(ROCKSDB_MEMORY_MB_CONFIG, Type.INT, 256, new ParsingValidator("0, or " + ROCKSDB_MEMORY_MIN_MB + " to "
          + ROCKSDB_MEMORY_MAX_MB, value -> requireRocksDbMemory((Integer) value)), Importance.HIGH,
          "Native memory, in MB, of all RocksDB stores of one Streams instance (the streams app or a query service): "
              + "every store, partition and window segment reads through one shared block cache of this size, which "
              + "also holds their index and filter blocks and counts their memtables. 0 leaves Kafka Streams' "
              + "defaults, unbounded in total: a 50 MB block cache and three 16 MB memtables per RocksDB instance. The "
              + "default holds all of the demo's state (73 MB on disk after an hour at 1,000 events a second); give a "
              + "larger deployment at least 1 MB of memtables per store partition written (a written memtable takes "
              + "1 MB blocks). Not counted: the heap (" + StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG + "'s record "
              + "cache included), the producer's and consumer's buffers. A " + StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG
              + " of your own replaces it.", STATE,
          4, ConfigDef.Width.SHORT, "RocksDB memory")
      .define(ROCKSDB_MEMTABLE_FRACTION_CONFIG, Type.DOUBLE, 0.5, Range.between(0.1, 0.9), Importance.LOW,
          "Share of " + ROCKSDB_MEMORY_MB_CONFIG + " the memtables (writes not yet flushed to disk) may take before "
              + "the stores are made to flush them; the rest caches blocks read. A larger share means fewer, larger "
              + "flushes and less compaction; a smaller one, more reads of state missing the record cache served from "
              + "memory.", STATE, 5,
          ConfigDef.Width.SHORT, "RocksDB memtable share");

  private final SymbolNormalization symbols;
  private final List<BarSpec.TimeBars> timeBars;
  private final SymbolRules<BarSpec.ActivityBars> activityBars;
  private final InstrumentSettings instrumentSettings;
  private final Map<String, Duration> retentions;
  private final Duration defaultRetention;
  private final TimestampRule timestampRule;
  private final Duration liveEmitInterval;

  /**
   * Parses and validates a configuration.
   *
   * @throws ConfigException naming the key (or both keys of a cross-field rule) and the fix
   */
  public StreamsAppConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
    this.symbols = SymbolNormalization.of(this);
    this.timeBars = getList(BARS_TIMEFRAMES_CONFIG).stream().map(Timeframe::parse).distinct()
        .map(BarSpec.TimeBars::new).toList();
    this.activityBars = SymbolRules.parse(getList(BARS_ACTIVITY_CONFIG), StreamsAppConfig::activitySpec,
        BARS_ACTIVITY_CONFIG);
    this.instrumentSettings = new InstrumentSettings(
        SymbolRules.parse(getList(SESSION_OVERRIDES_CONFIG), TradingSession::parse, SESSION_OVERRIDES_CONFIG),
        SymbolRules.parse(getList(SESSION_EXCHANGES_CONFIG), TradingSession::parse, SESSION_EXCHANGES_CONFIG),
        TradingSession.parse(getString(SESSION_DEFAULT_CONFIG)),
        IntradayAlignment.parse(getString(BARS_INTRADAY_ALIGN_CONFIG)), getDouble(INSTRUMENT_TICK_SIZE_DEFAULT_CONFIG),
        activityBars, SymbolRules.parse(getList(PRICE_SCALING_CONFIG), PriceScaling::parse, PRICE_SCALING_CONFIG));
    this.retentions = parseRetentions(getList(BARS_RETENTION_CONFIG));
    this.defaultRetention = Timeframe.parse(getString(BARS_RETENTION_DEFAULT_CONFIG)).nominalLength();
    this.timestampRule = new TimestampRule(Duration.ofMillis(getLong(VALIDATION_FUTURE_SKEW_MS_CONFIG)),
        Duration.ofMillis(getLong(VALIDATION_STALE_HORIZON_MS_CONFIG)));
    this.liveEmitInterval = Duration.ofMillis((Long) ConfigDef.parseType(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
        streamsProperties().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), Type.LONG));
    validateCrossFields();
  }

  /**
   * Reads the configuration from an optional properties file, overlaid by {@code TICKFLOW_*} environment variables,
   * overlaid by explicit overrides.
   *
   * @param file a {@code .properties} file, or null
   * @param environment the environment (e.g. {@code System.getenv()})
   * @param overrides highest-priority values (e.g. from a test or the CLI)
   */
  public static StreamsAppConfig load(Path file, Map<String, String> environment, Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read config file " + file, e);
      }
      properties.forEach((key, value) -> merged.put((String) key, value));
    }
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        merged.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    merged.putAll(overrides);
    return new StreamsAppConfig(merged);
  }

  /**
   * The Kafka Streams properties: every key given that is not a Tickflow key, over these defaults. Exactly-once v2 is
   * the stated default; the commit interval is also the live-bar emission interval; RocksDB's memory is bounded by
   * {@link #ROCKSDB_MEMORY_MB_CONFIG} unless a {@code rocksdb.config.setter} is given or the stores are in memory.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    originals().forEach((key, value) -> {
      if (!CONFIG_DEF.names().contains(key)) {
        props.put(key, value);
      }
    });
    props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    props.putIfAbsent(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
    props.putIfAbsent(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    props.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
    // A task reads its raw partition and its (mostly empty) repartition partition, whose records are merged in
    // arrival order anyway (see docs/topology.md): waiting for data on the empty one buys nothing.
    props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // The global definitions store fails on a processing error like the stream threads do; without this, Kafka
    // Streams 4.x warns at every start that the handler will apply to the global thread from 5.0 on. (Kafka 4.3
    // still logs that warning once per start from an internal config built without the application's settings.)
    props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2_000);
    props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    long rocksDbBytes = getInt(ROCKSDB_MEMORY_MB_CONFIG) * MB;
    // In-memory stores leave no RocksDB store to bound: no budget, so none shows on the query service's /metrics.
    if (rocksDbBytes > 0 && !inMemoryStores()) {
      BoundedMemoryRocksDBConfig.install(props, rocksDbBytes,
          (long) (rocksDbBytes * getDouble(ROCKSDB_MEMTABLE_FRACTION_CONFIG)));
    }
    return props;
  }

  /** A new symbol normalizer (they cache, so each stream task gets its own). */
  public SymbolNormalizer newSymbolNormalizer() {
    return symbols.newNormalizer();
  }

  public List<BarSpec.TimeBars> timeBars() {
    return timeBars;
  }

  /** Every bar series: the timeframes, then each distinct activity series, in config order. */
  public List<BarSpec> barSeries() {
    List<BarSpec> all = new ArrayList<>(timeBars);
    activityBars.values().stream().distinct().forEach(all::add);
    return List.copyOf(all);
  }

  /** How long final bars of a series stay in its store. */
  public Duration retention(BarSpec spec) {
    return retentions.getOrDefault(spec.label(), defaultRetention);
  }

  public InstrumentSettings instrumentSettings() {
    return instrumentSettings;
  }

  public TimestampRule timestampRule() {
    return timestampRule;
  }

  public double priceJumpPercent() {
    return getDouble(VALIDATION_PRICE_JUMP_PERCENT_CONFIG);
  }

  public int priceJumpConfirmations() {
    return getInt(VALIDATION_PRICE_JUMP_CONFIRMATIONS_CONFIG);
  }

  public Duration dedupHorizon() {
    return Duration.ofMillis(getLong(DEDUP_HORIZON_MS_CONFIG));
  }

  public Duration grace() {
    return Duration.ofMillis(getLong(BARS_GRACE_MS_CONFIG));
  }

  public Duration idle() {
    return Duration.ofMillis(getLong(BARS_IDLE_MS_CONFIG));
  }

  /** How often changed open bars are emitted live: the Streams commit interval. */
  public Duration liveEmitInterval() {
    return liveEmitInterval;
  }

  public int bookDepth() {
    return getInt(BOOK_DEPTH_CONFIG);
  }

  public int bookMaxLevels() {
    return getInt(BOOK_MAX_LEVELS_CONFIG);
  }

  /** True when the dedup, state, quote and book stores are in memory rather than RocksDB. */
  public boolean inMemoryStores() {
    return STORE_IN_MEMORY.equals(getString(STATE_STORE_TYPE_CONFIG));
  }

  private void validateCrossFields() {
    if (originals().containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)
        && (originals().containsKey(ROCKSDB_MEMORY_MB_CONFIG)
            || originals().containsKey(ROCKSDB_MEMTABLE_FRACTION_CONFIG))) {
      throw new ConfigException(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG + " ("
          + originals().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG) + ") replaces the setter that applies "
          + ROCKSDB_MEMORY_MB_CONFIG + " and " + ROCKSDB_MEMTABLE_FRACTION_CONFIG + ": remove one or the other");
    }
    if (bookDepth() > bookMaxLevels()) {
      throw new ConfigException(BOOK_DEPTH_CONFIG + " (" + bookDepth() + ") must not exceed " + BOOK_MAX_LEVELS_CONFIG
          + " (" + bookMaxLevels() + "): raise " + BOOK_MAX_LEVELS_CONFIG + " or lower " + BOOK_DEPTH_CONFIG);
    }
    for (BarSpec.TimeBars spec : timeBars) {
      Duration length = spec.timeframe().nominalLength().plus(grace());
      if (retention(spec).compareTo(length) < 0) {
        throw new ConfigException("Retention of " + spec.label() + " bars (" + BARS_RETENTION_CONFIG + " or "
            + BARS_RETENTION_DEFAULT_CONFIG + ") must be at least the bar length plus " + BARS_GRACE_MS_CONFIG + " ("
            + length + "), was " + retention(spec));
      }
    }
  }

  private static void requireRocksDbMemory(int megabytes) {
    if (megabytes != 0 && (megabytes < ROCKSDB_MEMORY_MIN_MB || megabytes > ROCKSDB_MEMORY_MAX_MB)) {
      throw new IllegalArgumentException("must be 0 (Kafka Streams' defaults) or from " + ROCKSDB_MEMORY_MIN_MB
          + " to " + ROCKSDB_MEMORY_MAX_MB + " MB");
    }
  }

  private static Object retentionEntry(String entry) {
    int equals = entry.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException("expected label=<count><s|m|h|d|w>, was '" + entry + "'");
    }
    BarSpec.parse(entry.substring(0, equals));
    return Timeframe.parse(entry.substring(equals + 1));
  }

  private static Map<String, Duration> parseRetentions(List<String> entries) {
    Map<String, Duration> retentions = new HashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      retentions.put(BarSpec.parse(entry.substring(0, equals)).label(),
          Timeframe.parse(entry.substring(equals + 1)).nominalLength());
    }
    return Map.copyOf(retentions);
  }

  private static BarSpec.ActivityBars activitySpec(String text) {
    BarSpec spec = BarSpec.parse(text);
    if (!(spec instanceof BarSpec.ActivityBars)) {
      throw new IllegalArgumentException("'" + text + "' is a timeframe; activity bars are T<n>, V<n> or R<n>");
    }
    return (BarSpec.ActivityBars) spec;
  }

  /** Validates each entry of a list. */
  private static ConfigDef.Validator entries(Function<String, ?> parser, String valid) {
    return new ParsingValidator(valid, value -> ((List<?>) value).forEach(entry -> parser.apply((String) entry)));
  }

  private static ConfigDef.Validator single(Function<String, ?> parser, String valid) {
    return new ParsingValidator(valid, value -> parser.apply((String) value));
  }
}
