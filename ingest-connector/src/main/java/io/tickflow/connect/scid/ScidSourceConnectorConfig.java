package io.tickflow.connect.scid;

import io.tickflow.connect.TaskGroup;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration of the Sierra Chart file source connector and its tasks, declared once and parsed once into
 * typed fields. docs/connectors.md is generated from {@link #CONFIG_DEF}.
 */
public final class ScidSourceConnectorConfig extends AbstractConfig {

  public static final String DIRECTORY_CONFIG = "directory";
  public static final String FILE_PATTERN_CONFIG = "file.pattern";
  public static final String DEFAULT_FILE_PATTERN = "*.{scid,depth}";
  public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
  public static final long DEFAULT_POLL_INTERVAL_MS = 1000;
  public static final String BATCH_SIZE_CONFIG = "batch.size";
  public static final int DEFAULT_BATCH_SIZE = 10_000;
  public static final String CATCHUP_MAX_HELD_RECORDS_CONFIG = "catchup.max.held.records";
  public static final int DEFAULT_CATCHUP_MAX_HELD_RECORDS = 200_000;
  public static final String TRADES_TOPIC_CONFIG = "trades.topic";
  public static final String QUOTES_TOPIC_CONFIG = "quotes.topic";
  public static final String DEPTH_TOPIC_CONFIG = "depth.topic";
  public static final String DEAD_LETTER_TOPIC_CONFIG = "dead.letter.topic";
  public static final String SYMBOL_MAPPING_CONFIG = "symbol.mapping";
  public static final String PRICE_MULTIPLIER_CONFIG = "price.multiplier";
  /** Set by the connector for each task: which share of the files the task reads. Not for users. */

  private static final String FILES_GROUP = "Files";
  private static final String TOPICS_GROUP = "Topics";
  private static final String SYMBOLS_GROUP = "Symbols";

  public static final ConfigDef CONFIG_DEF = SymbolNormalization.define(new ConfigDef()
      .define(DIRECTORY_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Directory holding the Sierra Chart files, e.g. C:/SierraChart/Data (.scid) or its"
              + " MarketDepthData subfolder (.depth). Not searched recursively. A directory that does not exist yet"
              + " is waited for with a warning.", FILES_GROUP, 1, Width.LONG, "Directory")
      .define(FILE_PATTERN_CONFIG, Type.STRING, DEFAULT_FILE_PATTERN, new GlobValidator(), Importance.MEDIUM,
          "Glob (java.nio PathMatcher syntax) that file names in the directory must match. Only names ending in"
              + " .scid (trades) or .depth (market depth) are read, whatever the pattern.", FILES_GROUP, 2,
          Width.MEDIUM, "File pattern")
      .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_POLL_INTERVAL_MS, Range.between(10, 600_000),
          Importance.MEDIUM, "How often, in milliseconds, the directory is listed and files are checked for"
              + " appended records when there is nothing to read. Sierra Chart flushes its files every 5 s by"
              + " default (Intraday File Flush Time).", FILES_GROUP, 3, Width.SHORT, "Poll interval (ms)")
      .define(BATCH_SIZE_CONFIG, Type.INT, DEFAULT_BATCH_SIZE, Range.between(1, 1_000_000), Importance.LOW,
          "Largest number of file records one poll converts, over all of the task's files.", FILES_GROUP, 4,
          Width.SHORT, "Batch size")
      .define(CATCHUP_MAX_HELD_RECORDS_CONFIG, Type.INT, DEFAULT_CATCHUP_MAX_HELD_RECORDS,
          Range.between(0, 10_000_000), Importance.LOW, "Records the task holds at most while .scid files catch up"
              + " (a backlog after a stop, or history found at start). The files behind are read oldest first and"
              + " every record is written merged in time up to where each file behind has reached, so that one"
              + " file's catch-up does not move stream time past bars another file still has to fill (the Streams"
              + " app would dead-letter those trades as late); the files caught up wait meanwhile. Beyond this"
              + " many, what is held is written as it stands (catchup-merges-split-total); 0 writes every record"
              + " as it comes.", FILES_GROUP, 5, Width.SHORT, "Catch-up merge limit (records)")
      .define(TRADES_TOPIC_CONFIG, Type.STRING, TickflowTopics.RAW_TRADES, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Topic of the Trade records read from .scid tick records, keyed by canonical symbol.",
          TOPICS_GROUP, 1, Width.MEDIUM, "Trades topic")
      .define(QUOTES_TOPIC_CONFIG, Type.STRING, "", Importance.LOW, "Topic of a Quote record (bid and ask"
          + " prices, sizes unset) for each .scid tick record; empty (the default) writes no quotes.",
          TOPICS_GROUP, 2, Width.MEDIUM, "Quotes topic")
      .define(DEPTH_TOPIC_CONFIG, Type.STRING, TickflowTopics.RAW_DEPTH, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Topic of the DepthUpdate records read from .depth files, keyed by canonical symbol.",
          TOPICS_GROUP, 3, Width.MEDIUM, "Depth topic")
      .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, TickflowTopics.DEAD_LETTER, new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, "Topic of the DeadLetter records for refused files (bad header) and refused records"
              + " (implausible date-time, non-finite price, unknown depth command), with the raw bytes.",
          TOPICS_GROUP, 4, Width.MEDIUM, "Dead-letter topic")
      .define(SYMBOL_MAPPING_CONFIG, Type.LIST, "", new KeyValueListValidator(false), Importance.MEDIUM,
          "Comma-separated FILE_SYMBOL=SYMBOL pairs. The file symbol is the file name without its extension"
              + " (and without the .YYYY-MM-DD day of a .depth file), e.g. ESM23-CME=ESM23; unmapped file"
              + " symbols are used as they are. The result is the records' symbol; their key is its canonical"
              + " form (symbol.* keys).", SYMBOLS_GROUP, 1, Width.LONG, "Symbol mapping")
      .define(PRICE_MULTIPLIER_CONFIG, Type.LIST, "", new KeyValueListValidator(true), Importance.MEDIUM,
          "Comma-separated SYMBOL=FACTOR pairs (SYMBOL after mapping): every price of that symbol is multiplied"
              + " by FACTOR, a positive number. This is Sierra Chart's Real Time Price Multiplier, which is not"
              + " stored in the files; unlisted symbols use 1.", SYMBOLS_GROUP, 2, Width.LONG,
          "Price multipliers"), SYMBOLS_GROUP, 3);

  /** {@link #CONFIG_DEF} plus the keys the connector adds for each task. */
  static final ConfigDef TASK_CONFIG_DEF = TaskGroup.define(CONFIG_DEF);

  private final Path directory;
  private final PathMatcher fileMatcher;
  private final Duration pollInterval;
  private final int batchSize;
  private final String tradesTopic;
  private final String quotesTopic;
  private final String depthTopic;
  private final String deadLetterTopic;
  private final Map<String, String> symbolMapping;
  private final SymbolNormalization symbolNormalization;
  private final Map<String, Double> priceMultipliers;
  private final TaskGroup taskGroup;
  private final int catchupMaxHeldRecords;

  /**
   * Parses and validates connector or task properties.
   *
   * @throws ConfigException naming the key and the fix when a value is missing or invalid
   */
  public ScidSourceConnectorConfig(Map<String, String> props) {
    super(TASK_CONFIG_DEF, props);
    directory = Path.of(getString(DIRECTORY_CONFIG));
    fileMatcher = FileSystems.getDefault().getPathMatcher("glob:" + getString(FILE_PATTERN_CONFIG));
    pollInterval = Duration.ofMillis(getLong(POLL_INTERVAL_MS_CONFIG));
    batchSize = getInt(BATCH_SIZE_CONFIG);
    catchupMaxHeldRecords = getInt(CATCHUP_MAX_HELD_RECORDS_CONFIG);
    tradesTopic = getString(TRADES_TOPIC_CONFIG);
    quotesTopic = getString(QUOTES_TOPIC_CONFIG).trim();
    depthTopic = getString(DEPTH_TOPIC_CONFIG);
    deadLetterTopic = getString(DEAD_LETTER_TOPIC_CONFIG);
    symbolMapping = Map.copyOf(KeyValueListValidator.parse(getList(SYMBOL_MAPPING_CONFIG)));
    symbolNormalization = SymbolNormalization.of(this);
    final Map<String, Double> multipliers = new HashMap<>();
    KeyValueListValidator.parse(getList(PRICE_MULTIPLIER_CONFIG))
        .forEach((symbol, factor) -> multipliers.put(symbol, Double.valueOf(factor)));
    priceMultipliers = Map.copyOf(multipliers);
    taskGroup = TaskGroup.of(this);
  }

  public Path directory() {
    return directory;
  }

  /** Whether a file name matches {@value #FILE_PATTERN_CONFIG}. */
  public boolean matchesPattern(Path fileName) {
    return fileMatcher.matches(fileName);
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public int batchSize() {
    return batchSize;
  }

  public int catchupMaxHeldRecords() {
    return catchupMaxHeldRecords;
  }

  public String tradesTopic() {
    return tradesTopic;
  }

  /** Topic for quotes; empty when quotes are not written. */
  public String quotesTopic() {
    return quotesTopic;
  }

  public String depthTopic() {
    return depthTopic;
  }

  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  /** The symbol a file symbol is published as. */
  public String symbolFor(String fileSymbol) {
    return symbolMapping.getOrDefault(fileSymbol, fileSymbol);
  }

  /** The rules that turn a (mapped) symbol into the canonical symbol its records are keyed by. */
  SymbolNormalization symbolNormalization() {
    return symbolNormalization;
  }

  /** The price multiplier of a (mapped) symbol; 1 when not configured. */
  public double priceMultiplierFor(String symbol) {
    return priceMultipliers.getOrDefault(symbol, 1.0);
  }

  /** The instruments this task writes (all of them when the connector has one task). */
  public TaskGroup taskGroup() {
    return taskGroup;
  }

  /** Checks that a value is a valid java.nio glob. */
  static final class GlobValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "not a valid glob: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "a java.nio glob";
    }
  }

  /** Checks a list of KEY=VALUE pairs with unique non-blank keys, and optionally positive numeric values. */
  static final class KeyValueListValidator implements ConfigDef.Validator {
    private final boolean positiveNumbers;

    KeyValueListValidator(boolean positiveNumbers) {
      this.positiveNumbers = positiveNumbers;
    }

    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      final List<String> entries = (List<String>) value;
      final Map<String, String> pairs;
      try {
        pairs = parse(entries);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
      if (positiveNumbers) {
        pairs.forEach((key, number) -> checkPositive(name, value, key, number));
      }
    }

    private static void checkPositive(String name, Object value, String key, String number) {
      final double factor;
      try {
        factor = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new ConfigException(name, value, "'" + number + "' for " + key + " is not a number");
      }
      if (!(factor > 0) || Double.isInfinite(factor)) {
        throw new ConfigException(name, value, "factor for " + key + " must be a positive number, was " + number);
      }
    }

    static Map<String, String> parse(List<String> entries) {
      final Map<String, String> pairs = new HashMap<>();
      for (final String entry : entries) {
        final int equals = entry.indexOf('=');
        if (equals <= 0 || equals == entry.length() - 1) {
          throw new IllegalArgumentException("entry '" + entry + "' is not KEY=VALUE");
        }
        final String key = entry.substring(0, equals).trim();
        if (pairs.put(key, entry.substring(equals + 1).trim()) != null) {
          throw new IllegalArgumentException("key '" + key + "' is listed twice");
        }
      }
      return pairs;
    }

    @Override
    public String toString() {
      return positiveNumbers ? "SYMBOL=FACTOR pairs, FACTOR > 0" : "FILE_SYMBOL=SYMBOL pairs";
    }
  }

  /** The user-facing keys and their values, for the start-up log line. */
  String describe() {
    return String.format(Locale.ROOT, "directory=%s, file.pattern=%s, poll.interval.ms=%d, batch.size=%d,"
        + " catchup.max.held.records=%d, trades.topic=%s, quotes.topic=%s, depth.topic=%s, dead.letter.topic=%s,"
        + " symbol.mapping=%s, price.multiplier=%s, %s", directory, getString(FILE_PATTERN_CONFIG),
        pollInterval.toMillis(), batchSize, catchupMaxHeldRecords, tradesTopic, quotesTopic, depthTopic,
        deadLetterTopic, symbolMapping, priceMultipliers, symbolNormalization);
  }
}
