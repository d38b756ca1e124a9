package io.tickflow.query.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The event time of each symbol's last trade, as seen on the live feed, and the feed's staleness: the gauge
 * {@code tickflow.feed.last.trade.age.seconds{symbol}} and the rows of the page's feed-health table. A symbol silent
 * for longer than the forget period (an expired contract) is dropped until it trades again. Thread-safe.
 */
public final class FeedHealth {

  private static final String AGE_GAUGE = "tickflow.feed.last.trade.age.seconds";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration threshold;
  private final Duration forgetAfter;
  private final Map<String, Instant> lastTrade = new ConcurrentSkipListMap<>();
  private final Set<String> stale = ConcurrentHashMap.newKeySet();

  /**
   * @param threshold age of the last trade beyond which a feed is stale
   * @param forgetAfter age of the last trade beyond which the symbol is forgotten
   */
  public FeedHealth(MeterRegistry registry, Clock clock, Duration threshold, Duration forgetAfter) {
    this.registry = registry;
    this.clock = clock;
    this.threshold = threshold;
    this.forgetAfter = forgetAfter;
  }

  /** A trade of {@code symbol} happened at {@code eventTime} (keeps the newest). */
  public void onTrade(String symbol, Instant eventTime) {
    Instant previous = lastTrade.get(symbol);
    if (previous == null) {
      previous = follow(symbol, eventTime);
    }
    if (previous != null && eventTime.isAfter(previous)) {
      lastTrade.merge(symbol, eventTime, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /**
   * Starts following a symbol with its gauge; the previous last trade when another thread was first. Locked with
   * {@link #forgetSilent}, so that a gauge is never removed from under a symbol followed again meanwhile.
   */
  private synchronized Instant follow(String symbol, Instant eventTime) {
    Instant previous = lastTrade.putIfAbsent(symbol, eventTime);
    if (previous == null) {
      Gauge.builder(AGE_GAUGE, () -> age(symbol).toMillis() / 1000.0)
          .description("Age of the symbol's last trade (event time) on the live feed").tag("symbol", symbol)
          .register(registry);
    }
    return previous;
  }

  /** How old the symbol's last trade is now; zero for an unknown symbol. */
  public Duration age(String symbol) {
    Instant last = lastTrade.get(symbol);
    return last == null ? Duration.ZERO : Duration.between(last, clock.instant());
  }

  public Duration threshold() {
    return threshold;
  }

  public Duration forgetAfter() {
    return forgetAfter;
  }

  /** Every symbol seen, by name. */
  public Set<String> symbols() {
    return lastTrade.keySet();
  }

  Instant lastTrade(String symbol) {
    return lastTrade.get(symbol);
  }

  /** Drops the symbols silent for longer than the forget period, with their gauges; returns them. */
  synchronized List<String> forgetSilent() {
    List<String> forgotten = new ArrayList<>();
    for (Map.Entry<String, Instant> entry : lastTrade.entrySet()) {
      String symbol = entry.getKey();
      // Removed only if no trade moved it meanwhile.
      if (Duration.between(entry.getValue(), clock.instant()).compareTo(forgetAfter) > 0
          && lastTrade.remove(symbol, entry.getValue())) {
        stale.remove(symbol);
        Gauge gauge = registry.find(AGE_GAUGE).tag("symbol", symbol).gauge();
        if (gauge != null) {
          registry.remove(gauge);
        }
        forgotten.add(symbol);
      }
    }
    return forgotten;
  }

  /** Records whether an alert is raised for the symbol; true when that changed. */
  boolean markStale(String symbol, boolean isStale) {
    return isStale ? stale.add(symbol) : stale.remove(symbol);
  }

  /** The feed-health table: one row per symbol, by name. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Instant> entry : lastTrade.entrySet()) {
      rows.add(new Row(entry.getKey(), entry.getValue(), age(entry.getKey()).toMillis(),
          stale.contains(entry.getKey())));
    }
    return rows;
  }

  /** One symbol's feed health. */
  public record Row(String symbol, Instant lastTrade, long ageMillis, boolean stale) {
  }
}
