package io.tickflow.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Names of the topology's state stores, shared with the read API ({@code io.tickflow.marketstate}). Changing one
 * renames its changelog topic: treat them as part of the deployment contract.
 */
public final class TickflowStores {

  /** Global: canonical symbol to the latest encoded {@code SecurityDefinition}. */
  public static final String SECURITY_DEFINITIONS = "tickflow-security-definitions";
  /** Window store of trade identities seen within the dedup horizon. */
  public static final String TRADE_DEDUP = "tickflow-trade-identities";
  /** Symbol to its bar-stage state: open bars, latest trade, price-jump reference. */
  public static final String SYMBOL_STATE = "tickflow-symbol-state";
  /** Symbol to its latest {@code Quote}. */
  public static final String LATEST_QUOTES = "tickflow-latest-quotes";
  /** Symbol to its order book. */
  public static final String BOOKS = "tickflow-books";
  /** Prefix of the final-bar window stores, one per bar series: {@code tickflow-bars-1m}, {@code tickflow-bars-T500}. */
  public static final String BARS_PREFIX = "tickflow-bars-";

  /**
   * Changelog topic settings of the window stores (dedup, final bars). Kafka Streams gives their changelogs a time
   * retention (store retention plus a day) and stamps each change with the record's event time, so replayed history
   * older than that would be deleted by the broker minutes after it was written, and a restore would lose it (a dedup
   * store that forgot identities lets duplicates through). With append time the broker counts retention from
   * arrival; the stores themselves still expire entries by event time.
   */
  public static final Map<String, String> WINDOW_CHANGELOG =
      Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

  /** What Kafka Streams adds to a window store's retention for its changelog by default (one day). */
  static final Duration WINDOW_CHANGELOG_EXTRA_RETENTION = Duration.ofDays(1);

  private TickflowStores() {
  }

  /**
   * Changelog topic settings of a window store wrapped in a {@link WrappingStoreBuilder}: {@link #WINDOW_CHANGELOG}
   * plus the time retention that Kafka Streams gives the changelog of a window store it recognises, the store's
   * retention plus a day. Kafka Streams does not recognise a wrapped builder as a window store's, and gave the
   * dedup store a compacted-only changelog: its keys (symbol and second) are never repeated, so nothing was ever
   * compacted away and the topic grew for as long as trades came (and a restore read it all).
   *
   * @param retention the store's retention
   */
  public static Map<String, String> wrappedWindowChangelog(Duration retention) {
    Map<String, String> config = new HashMap<>(WINDOW_CHANGELOG);
    config.put(TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
    config.put(TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(retention.plus(WINDOW_CHANGELOG_EXTRA_RETENTION).toMillis()));
    return Map.copyOf(config);
  }

  /** The final-bar store of a bar series label. */
  public static String bars(String label) {
    return BARS_PREFIX + label;
  }
}
