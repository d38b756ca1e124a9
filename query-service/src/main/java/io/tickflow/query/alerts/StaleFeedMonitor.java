package io.tickflow.query.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks feed staleness periodically. A symbol whose market is open and whose feed has been silent for longer than
 * the threshold, counted from the later of its last trade and the open ({@link FeedHealth#judge}), raises a
 * {@code stale_feed} alert once (logged, counted in {@code tickflow.alerts{type,state}}, published, shown on the
 * page; reason {@code silent}); a trade after that resolves it the same way (reason {@code trading}), and so does the
 * market's close ({@code market_closed}): nobody can fix a closed market's feed, and one still dead at the next open is
 * raised again a threshold after it. A symbol silent for longer than the feed health's forget period is dropped, and
 * its raised alert resolved ({@code forgotten}: no later trade could). Every
 * instance marks the symbol stale on its page; only the one that {@linkplain FeedOwnership owns} the symbol logs,
 * counts and publishes. An alert is raised or resolved when the verdict differs from the state of the symbol's alert on
 * the alerts topic, which the owner reads back (the latest record of each symbol) when it starts, after a rebalance and
 * when it gains a symbol: so an alert raised before a restart, or by the symbol's previous owner, is resolved when its
 * condition is gone and not raised a second time while it lasts; an instance that loses a symbol leaves its alert to
 * the new owner.
 * The counter's series exist at zero from construction, so that Prometheus sees the first alert as an increase.
 * Thread-safe: one check at a time.
 */
public final class StaleFeedMonitor implements AutoCloseable {

  public static final String STALE_FEED = "stale_feed";

  private static final Logger log = LoggerFactory.getLogger(StaleFeedMonitor.class);
  /** How long a close waits for a check in progress: one reading the topic back takes milliseconds. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final FeedHealth health;
  private final FeedOwnership ownership;
  private final AlertPublisher publisher;
  private final Map<AlertState, Counter> alerts = new EnumMap<>(AlertState.class);
  private final Clock clock;
  /**
   * The state of each owned symbol's alert on the alerts topic: read back when the symbol became owned, then as this
   * instance publishes. Guarded by this, like {@link #topicRead}.
   */
  private final Map<String, AlertState> onTopic = new HashMap<>();
  private boolean topicRead;
  /**
   * Symbols followed from their raised alert's last trade, whose stored last trade is yet to be taken: the stores
   * could not answer at the read-back (restoring), and a followed symbol is not asked for again, so a newer stored
   * trade went unseen and the symbol was forgotten early, then raised again from the stores. Guarded by this.
   */
  private final Set<String> followedFromAlert = new HashSet<>();
  /** The ownership's generation when {@link #onTopic} was last taken as up to date. */
  private long generation;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "stale-feed-monitor");
    thread.setDaemon(true);
    return thread;
  });

  /** A monitor of a lone instance, speaking for every symbol. */
  public StaleFeedMonitor(FeedHealth health, AlertPublisher publisher, MeterRegistry registry, Clock clock) {
    this(health, FeedOwnership.soleInstance(), publisher, registry, clock);
  }

  public StaleFeedMonitor(FeedHealth health, FeedOwnership ownership, AlertPublisher publisher,
                          MeterRegistry registry, Clock clock) {
    this.health = health;
    this.ownership = ownership;
    this.publisher = publisher;
    this.clock = clock;
    for (AlertState state : AlertState.values()) {
      alerts.put(state, Counter.builder("tickflow.alerts").description("Alerts by type and state")
          .tag("type", STALE_FEED).tag("state", state.label()).register(registry));
    }
  }

  /** Checks every {@code interval} until closed. */
  public void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Checks every symbol once, raising or resolving alerts. Reads the alerts topic back first when it has not yet, or
   * when it owns a followed or stored symbol whose alert's state it does not know (gained in a rebalance, or followed
   * again after it was forgotten), which after a rebalance is every one.
   */
  public synchronized void check() {
    Set<String> followed = new HashSet<>(health.symbols());
    followed.removeAll(followedFromAlert);
    Map<String, Instant> stored = ownership.storedLastTrades(followed);
    stored.forEach(health::onStoredTrade);
    followedFromAlert.removeAll(stored.keySet());
    long current = ownership.generation();
    if (current != generation) {
      // A symbol lost and gained back since the last check: its owner meanwhile may have published.
      onTopic.clear();
      generation = current;
    }
    // A lost symbol's alert is the new owner's to resolve, once it has read the topic; ours would be a duplicate.
    onTopic.keySet().removeIf(symbol -> !ownership.owns(symbol));
    // A stored symbol too long silent to follow counts too: gained after its previous owner raised its alert and
    // before that owner forgot it, it is this instance's to resolve as forgotten.
    Set<String> owned = new TreeSet<>(health.symbols());
    owned.addAll(stored.keySet());
    owned.removeIf(symbol -> !ownership.owns(symbol));
    if (!topicRead || !onTopic.keySet().containsAll(owned)) {
      readBack(publisher.latest(), owned);
    }
    for (FeedHealth.Forgotten forgotten : health.forgetSilent()) {
      followedFromAlert.remove(forgotten.symbol());
      log.info("No trade of {} for over {}: no longer shown in the feed health until it trades again",
          forgotten.symbol(), health.forgetAfter());
      // Resolved now or never: the verdict that a later trade would have changed is gone.
      if (onTopic.remove(forgotten.symbol()) == AlertState.RAISED) {
        resolveForgotten(forgotten.symbol(), forgotten.lastTrade());
      }
    }
    for (String symbol : health.symbols()) {
      FeedHealth.Judgement judgement = health.judge(symbol);
      AlertState known = onTopic.get(symbol);
      // Unknown: not owned, or followed since the topic was read (the next check reads it).
      if (known != null && known != stateOf(judgement.verdict())) {
        emit(symbol, judgement);
      }
    }
  }

  /**
   * Takes the state of each owned symbol's alert from the topic's latest records. A symbol raised there that this
   * instance does not follow (its stores did not tell it of the symbol, or of a trade within the forget period) is
   * followed from the alert's last trade until the stores tell a newer one, or, silent for longer than the forget
   * period, resolved as forgotten: the instance that raised it would have.
   *
   * @param owned the owned symbols followed or stored, whose state is remembered
   */
  private void readBack(Map<String, Alert> latest, Set<String> owned) {
    latest.forEach((symbol, alert) -> {
      if (raised(alert) && !health.symbols().contains(symbol) && ownership.owns(symbol)) {
        health.onStoredTrade(symbol, alert.lastTrade());
        if (health.symbols().contains(symbol)) {
          onTopic.put(symbol, AlertState.RAISED);
          followedFromAlert.add(symbol);
        } else {
          resolveForgotten(symbol, alert.lastTrade());
          onTopic.put(symbol, AlertState.RESOLVED);
        }
      }
    });
    for (String symbol : owned) {
      Alert alert = latest.get(symbol);
      onTopic.putIfAbsent(symbol, alert != null && raised(alert) ? AlertState.RAISED : AlertState.RESOLVED);
    }
    topicRead = true;
  }

  private static boolean raised(Alert alert) {
    return AlertState.RAISED.label().equals(alert.state());
  }

  private static AlertState stateOf(FeedHealth.Verdict verdict) {
    return verdict.stale() ? AlertState.RAISED : AlertState.RESOLVED;
  }

  private void resolveForgotten(String symbol, Instant lastTrade) {
    Alert alert = publish(symbol, lastTrade, AlertState.RESOLVED, AlertReason.FORGOTTEN);
    log.info("Stale-feed alert of {} resolved (reason {})", alert.symbol(), alert.reason());
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      if (scheduler.isShutdown()) {
        // Cut short by a close that waited for it in vain (the broker gone first): nothing is wrong with the feeds.
        log.info("Feed staleness check stopped by the close: {}", e.toString());
      } else {
        log.error("Feed staleness check failed", e);
      }
    }
  }

  /** Publishes the verdict, which differs from the topic's state of the symbol's alert. */
  private void emit(String symbol, FeedHealth.Judgement judgement) {
    FeedHealth.Verdict verdict = judgement.verdict();
    // Computed here, not taken from the verdict: the topic's state, not this instance's last verdict, may be the one
    // that differs (an alert raised before a restart, or by a symbol's previous owner).
    AlertReason reason = AlertReason.of(verdict.market(), verdict.stale(), judgement.lastTrade());
    Alert alert = publish(symbol, judgement.lastTrade(), stateOf(verdict), reason);
    onTopic.put(symbol, stateOf(verdict));
    health.published(symbol, reason);
    if (verdict.stale()) {
      log.warn("Feed of {} is stale (reason {}): last trade {} is {} ms old, market {} (threshold {} ms)", symbol,
          alert.reason(), alert.lastTrade(), alert.ageMillis(), verdict.market().phase().label(),
          alert.thresholdMillis());
    } else if (reason == AlertReason.TRADING) {
      log.info("Feed of {} is live again: its stale-feed alert is resolved (reason {})", symbol, alert.reason());
    } else if (verdict.market().phase() == MarketStatus.Phase.CLOSED) {
      log.info("Market of {} closed: its stale-feed alert is resolved (reason {}) until the market opens", symbol,
          alert.reason());
    } else {
      // A check that missed the close: the silence counted from the open is within the threshold again.
      log.info("Market of {} reopened since its last trade: its stale-feed alert is resolved (reason {}), the silence "
          + "now counted from the open", symbol, alert.reason());
    }
  }

  /** Counts and publishes a change of the symbol's alert. */
  private Alert publish(String symbol, Instant lastTrade, AlertState state, AlertReason reason) {
    Instant now = clock.instant();
    Alert alert = new Alert(STALE_FEED, state.label(), symbol, lastTrade, Duration.between(lastTrade, now).toMillis(),
        health.threshold().toMillis(), now, reason.label());
    alerts.get(state).increment();
    publisher.publish(alert);
    return alert;
  }

  /**
   * Stops checking, letting a check in progress finish for up to {@link #CLOSE_WAIT}: interrupted, the alerts
   * reader's Kafka consumer fails its own close with an ERROR, and after the rebalance that a stop starts, the last
   * check is most often reading the topic back.
   */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
