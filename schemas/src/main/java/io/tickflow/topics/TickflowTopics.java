package io.tickflow.topics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The one place that defines every Tickflow topic. Components take topic names from here; the admin step
 * ({@link TopicAdmin}) creates them with these settings. Partition and replication counts are deployment choices,
 * given to {@link #all(int, short)}.
 */
public final class TickflowTopics {

  /**
   * Raw trades from the connectors, keyed by canonical symbol (the value keeps the symbol as sent). Kept long enough
   * to rebuild every bar by replay.
   */
  public static final String RAW_TRADES = "tickflow.raw.trades";
  /** Raw best bid/offer updates from the connectors, keyed by canonical symbol. */
  public static final String RAW_QUOTES = "tickflow.raw.quotes";
  /** Raw market depth updates from the connectors, keyed by canonical symbol. */
  public static final String RAW_DEPTH = "tickflow.raw.depth";
  /** Security definitions, keyed by canonical symbol; compacted to the latest per symbol. */
  public static final String SECURITY_DEFINITIONS = "tickflow.security-definitions";
  /** Normalized, validated and deduplicated trades, keyed by canonical symbol. */
  public static final String TRADES = "tickflow.trades";
  /** Every revision of open bars, keyed by canonical symbol. */
  public static final String BARS_LIVE = "tickflow.bars.live";
  /**
   * Exactly one final bar per symbol, timeframe and window and run, keyed by canonical symbol: a replay appends the
   * same bars again, which the bars sink's upsert absorbs.
   */
  public static final String BARS_FINAL = "tickflow.bars.final";
  /** Records refused by any stage, with the reason and the original bytes. */
  public static final String DEAD_LETTER = "tickflow.dead-letter";
  /**
   * Feed alerts (e.g. a stale feed) raised and resolved by the query service, keyed by symbol. Compacted: a symbol's
   * latest record is its alert's current state, which a restarted query service, or the new owner of a symbol after a
   * rebalance, reads back to resolve an alert raised before it, and not raise it twice.
   */
  public static final String ALERTS = "tickflow.alerts";
  /**
   * Bars and trades the database refused, as they were, with Connect's error headers (the JDBC sink connectors'
   * dead-letter queue). Created here rather than by Connect, whose default settings would keep records by their own
   * timestamps: the final bars of an import carry their windows' times, and a week-old bar would be deleted at the
   * broker's next retention check.
   */
  public static final String SINK_DEAD_LETTER = "tickflow.sink.dead-letter";

  public static final int DEFAULT_PARTITIONS = 6;
  public static final short DEFAULT_REPLICATION_FACTOR = 3;

  private static final String CANONICAL_SYMBOL = "canonical symbol";
  private static final String NS = "io.tickflow.schemas.";
  private static final Duration RAW_RETENTION = Duration.ofDays(30);

  private static final List<TopicSpec> SPECS = List.of(
      spec(RAW_TRADES, TopicConfig.CLEANUP_POLICY_DELETE, RAW_RETENTION, "Trade"),
      spec(RAW_QUOTES, TopicConfig.CLEANUP_POLICY_DELETE, Duration.ofDays(7), "Quote"),
      spec(RAW_DEPTH, TopicConfig.CLEANUP_POLICY_DELETE, Duration.ofDays(3), "DepthUpdate"),
      spec(SECURITY_DEFINITIONS, TopicConfig.CLEANUP_POLICY_COMPACT, null, "SecurityDefinition"),
      spec(TRADES, TopicConfig.CLEANUP_POLICY_DELETE, RAW_RETENTION, "Trade"),
      spec(BARS_LIVE, TopicConfig.CLEANUP_POLICY_DELETE, Duration.ofDays(2), "Bar"),
      spec(BARS_FINAL, TopicConfig.CLEANUP_POLICY_DELETE, null, "Bar"),
      topic(DEAD_LETTER, TopicConfig.CLEANUP_POLICY_DELETE, Duration.ofDays(30),
          "original key (connectors: canonical symbol)", NS + "DeadLetter"),
      topic(ALERTS, TopicConfig.CLEANUP_POLICY_COMPACT, null, "symbol", NS + "Alert"),
      topic(SINK_DEAD_LETTER, TopicConfig.CLEANUP_POLICY_DELETE, Duration.ofDays(30), "as refused",
          NS + "Bar or " + NS + "Trade, as refused"));

  private TickflowTopics() {
  }

  /** Every topic with the default sizing (6 partitions, replication 3). */
  public static List<TopicSpec> all() {
    return SPECS;
  }

  /** Every topic with the given partition and replication counts (e.g. 1 and 1 for a one-broker demo). */
  public static List<TopicSpec> all(int partitions, short replicationFactor) {
    return SPECS.stream().map(spec -> spec.withSizing(partitions, replicationFactor)).toList();
  }

  /** The spec of one topic by name. */
  public static Optional<TopicSpec> byName(String name) {
    return SPECS.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }

  /** A topic keyed by canonical symbol whose values are one contract record. */
  private static TopicSpec spec(String name, String cleanup, Duration retention, String valueRecord) {
    return topic(name, cleanup, retention, CANONICAL_SYMBOL, NS + valueRecord);
  }

  private static TopicSpec topic(String name, String cleanup, Duration retention, String key, String value) {
    return new TopicSpec(name, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR, cleanup, retention, key, value);
  }
}
