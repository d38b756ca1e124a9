package io.tickflow.query.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
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
 * counts and publishes. The counter's series exist at zero from construction, so that Prometheus sees the first alert
 * as an increase.
 */
public final class StaleFeedMonitor implements AutoCloseable {

  public static final String STALE_FEED = "stale_feed";

  private static final Logger log = LoggerFactory.getLogger(StaleFeedMonitor.class);

  private final FeedHealth health;
  private final FeedOwnership ownership;
  private final AlertPublisher publisher;
  private final Map<AlertState, Counter> alerts = new EnumMap<>(AlertState.class);
  private final Clock clock;
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

  /** Checks every symbol once, raising or resolving alerts. */
  public void check() {
    ownership.storedLastTrades(health.symbols()).forEach(health::onStoredTrade);
    for (FeedHealth.Forgotten forgotten : health.forgetSilent()) {
      log.info("No trade of {} for over {}: no longer shown in the feed health until it trades again",
          forgotten.symbol(), health.forgetAfter());
      // Resolved now or never: the verdict that a later trade would have changed is gone.
      if (forgotten.stale() && ownership.owns(forgotten.symbol())) {
        Alert alert = publish(forgotten.symbol(), forgotten.lastTrade(), AlertState.RESOLVED, AlertReason.FORGOTTEN);
        log.info("Stale-feed alert of {} resolved (reason {})", alert.symbol(), alert.reason());
      }
    }
    for (String symbol : health.symbols()) {
      FeedHealth.Judgement judgement = health.judge(symbol);
      if (judgement.changed() && ownership.owns(symbol)) {
        emit(symbol, judgement);
      }
    }
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      log.error("Feed staleness check failed", e);
    }
  }

  private void emit(String symbol, FeedHealth.Judgement judgement) {
    FeedHealth.Verdict verdict = judgement.verdict();
    Alert alert = publish(symbol, judgement.lastTrade(),
        verdict.stale() ? AlertState.RAISED : AlertState.RESOLVED, verdict.reason());
    if (verdict.stale()) {
      log.warn("Feed of {} is stale (reason {}): last trade {} is {} ms old, market {} (threshold {} ms)", symbol,
          alert.reason(), alert.lastTrade(), alert.ageMillis(), verdict.market().phase().label(),
          alert.thresholdMillis());
    } else if (verdict.reason() == AlertReason.TRADING) {
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

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
