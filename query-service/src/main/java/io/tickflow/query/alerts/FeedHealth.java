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
 * The event time of each symbol's last trade, as seen on the live feed, and the feed's staleness: the gauges
 * {@code tickflow.feed.last.trade.age.seconds{symbol}} (the true age) and {@code tickflow.feed.stale{symbol}} (the
 * verdict: 1 while an open market's feed is silent for longer than the threshold), and the rows of the page's
 * feed-health table. A feed is judged only while its market is open ({@link MarketCalendar}), its silence counted
 * from the later of its last trade and the open. A symbol silent for longer than the forget period (an expired
 * contract) is dropped until it trades again. Thread-safe.
 */
public final class FeedHealth {

  private static final String AGE_GAUGE = "tickflow.feed.last.trade.age.seconds";
  private static final String STALE_GAUGE = "tickflow.feed.stale";
  /** Before the first check of a symbol: not stale, market not yet looked up. */
  private static final Verdict UNCHECKED = new Verdict(MarketStatus.UNKNOWN, false, null);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration threshold;
  private final Duration forgetAfter;
  private final MarketCalendar markets;
  private final Map<String, Instant> lastTrade = new ConcurrentSkipListMap<>();
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  /**
   * @param threshold silence of an open market's feed beyond which it is stale
   * @param forgetAfter age of the last trade beyond which the symbol is forgotten
   * @param markets when each symbol's market is open
   */
  public FeedHealth(MeterRegistry registry, Clock clock, Duration threshold, Duration forgetAfter,
                    MarketCalendar markets) {
    this.registry = registry;
    this.clock = clock;
    this.threshold = threshold;
    this.forgetAfter = forgetAfter;
    this.markets = markets;
  }

  /** A trade of {@code symbol} happened at {@code eventTime} (keeps the newest). */
  public void onTrade(String symbol, Instant eventTime) {
    // Only ever updates a followed symbol: a put after a get would follow again, without its gauges, a symbol
    // forgotten in between.
    if (lastTrade.computeIfPresent(symbol, (key, last) -> newest(last, eventTime)) == null) {
      follow(symbol, eventTime);
    }
  }

  private static Instant newest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Starts following a symbol with its gauges, or keeps the newest trade when another thread was first. Locked with
   * {@link #forgetSilent}, so that a gauge is never removed from under a symbol followed again meanwhile.
   */
  private synchronized void follow(String symbol, Instant eventTime) {
    Instant previous = lastTrade.putIfAbsent(symbol, eventTime);
    if (previous != null) {
      lastTrade.merge(symbol, eventTime, FeedHealth::newest);
    } else {
      Gauge.builder(AGE_GAUGE, () -> age(symbol).toMillis() / 1000.0)
          .description("Age of the symbol's last trade (event time) on the live feed").tag("symbol", symbol)
          .register(registry);
      Gauge.builder(STALE_GAUGE, () -> verdictOf(symbol).stale() ? 1 : 0)
          .description("1 while the symbol's market is open and its feed silent for longer than the stale threshold "
              + "(a stale_feed alert is raised), else 0").tag("symbol", symbol)
          .register(registry);
    }
  }

  /**
   * A symbol's last trade read back from the stores ({@link FeedOwnership#storedLastTrades}): followed like a live one,
   * unless older than the forget period. An expired contract's trade stays stored, and would otherwise be followed
   * and forgotten again at every check.
   */
  void onStoredTrade(String symbol, Instant eventTime) {
    if (!silentTooLong(eventTime)) {
      onTrade(symbol, eventTime);
    }
  }

  private boolean silentTooLong(Instant lastTrade) {
    return Duration.between(lastTrade, clock.instant()).compareTo(forgetAfter) > 0;
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

  /** Drops the symbols silent for longer than the forget period, with their gauges; returns them. */
  synchronized List<Forgotten> forgetSilent() {
    List<Forgotten> forgotten = new ArrayList<>();
    for (Map.Entry<String, Instant> entry : lastTrade.entrySet()) {
      String symbol = entry.getKey();
      // Removed only if no trade moved it meanwhile.
      if (silentTooLong(entry.getValue()) && lastTrade.remove(symbol, entry.getValue())) {
        Verdict verdict = verdicts.remove(symbol);
        markets.forget(symbol);
        for (String name : List.of(AGE_GAUGE, STALE_GAUGE)) {
          Gauge gauge = registry.find(name).tag("symbol", symbol).gauge();
          if (gauge != null) {
            registry.remove(gauge);
          }
        }
        forgotten.add(new Forgotten(symbol, entry.getValue(), verdict != null && verdict.stale()));
      }
    }
    return forgotten;
  }

  /**
   * Judges the symbol's feed now: stale when its market is open (or its hours unknown) and it has been silent since
   * the later of its last trade and the open for longer than the threshold. Remembers the verdict for the gauge and
   * the page, with the reason of the last change, and returns it. Called by one thread at a time (the monitor's).
   */
  Judgement judge(String symbol) {
    Instant last = lastTrade.get(symbol);
    if (last == null) {
      return new Judgement(UNCHECKED, null);
    }
    Instant now = clock.instant();
    MarketStatus market = markets.statusAt(symbol, now);
    boolean stale = market.silentSince(last)
        .map(since -> Duration.between(since, now).compareTo(threshold) > 0).orElse(false);
    Verdict previous = verdictOf(symbol);
    boolean changed = stale != previous.stale();
    Verdict verdict = new Verdict(market, stale, changed ? AlertReason.of(market, stale, last) : previous.reason());
    verdicts.put(symbol, verdict);
    return new Judgement(verdict, last);
  }

  /**
   * Remembers the reason of an alert the monitor published from the topic's state rather than from a change of this
   * instance's verdict (an alert raised before a restart, or by the symbol's previous owner, then resolved here), so
   * that the page shows why.
   */
  void published(String symbol, AlertReason reason) {
    verdicts.computeIfPresent(symbol, (name, verdict) -> new Verdict(verdict.market(), verdict.stale(), reason));
  }

  private Verdict verdictOf(String symbol) {
    return verdicts.getOrDefault(symbol, UNCHECKED);
  }

  /** The feed-health table: one row per symbol, by name. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Instant> entry : lastTrade.entrySet()) {
      Verdict verdict = verdictOf(entry.getKey());
      rows.add(new Row(entry.getKey(), entry.getValue(), age(entry.getKey()).toMillis(), verdict.stale(),
          verdict.market().phase().label(), verdict.reason() == null ? null : verdict.reason().label()));
    }
    return rows;
  }

  /**
   * One symbol's feed health.
   *
   * @param ageMillis how old the last trade is, market open or not
   * @param stale whether a stale-feed alert is raised
   * @param market {@code open}, {@code closed}, or {@code unknown} when no market hours are known (judged as open)
   * @param reason why its stale-feed alert was last raised or resolved ({@link AlertReason#label()}); null if it never
   *     was
   */
  public record Row(String symbol, Instant lastTrade, long ageMillis, boolean stale, String market, String reason) {
  }

  /**
   * The last check's verdict on a symbol's feed.
   *
   * @param reason why the alert was last raised or resolved; null if it never was
   */
  record Verdict(MarketStatus market, boolean stale, AlertReason reason) {
  }

  /** A symbol {@link #forgetSilent} dropped: its last trade, and whether its last verdict had raised an alert. */
  record Forgotten(String symbol, Instant lastTrade, boolean stale) {
  }

  /** A verdict and the last trade it was reached on (a trade may have come since, on the live feed's thread). */
  record Judgement(Verdict verdict, Instant lastTrade) {
  }
}
