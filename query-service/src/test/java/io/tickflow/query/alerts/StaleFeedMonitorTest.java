package io.tickflow.query.alerts;

import static io.tickflow.query.metrics.PipelineSeries.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickflow.query.InMemoryMarketData;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.data.TradeView;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.query.routing.FixedCluster;
import io.tickflow.query.routing.KeyOwners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The stale-feed monitor of a cluster: one alert per episode however many instances watch the symbol, published by
 * the instance owning it, raised after a restart for a feed that had stopped before it, and carried across restarts
 * and handovers by the alerts topic (the recording publisher, shared by the instances of a test).
 */
class StaleFeedMonitorTest {

  private static final Instant NOW = Instant.parse("2024-01-02T15:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration THRESHOLD = Duration.ofMinutes(1);
  private static final Duration FORGET = Duration.ofDays(7);
  private static final HostInfo A = new HostInfo("a", 8080);
  private static final HostInfo B = new HostInfo("b", 8080);
  private static final String ALERTS_RAISED = "tickflow_alerts_total{state=\"raised\",type=\"stale_feed\"}";
  private static final String ALERTS_RESOLVED = "tickflow_alerts_total{state=\"resolved\",type=\"stale_feed\"}";
  private static final Instant FIVE_MINUTES_AGO = NOW.minus(Duration.ofMinutes(5));
  /** ES's alert raised on a trade five minutes old, then resolved by a trade now. */
  private static final List<Alert> RAISED_THEN_RESOLVED = List.of(
      new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES", FIVE_MINUTES_AGO, 300_000, 60_000, NOW, "silent"),
      new Alert(StaleFeedMonitor.STALE_FEED, "resolved", "ES", NOW, 0, 60_000, NOW, "trading"));

  private final InMemoryMarketData stores = new InMemoryMarketData();
  private final RecordingPublisher publisher = new RecordingPublisher();
  /** The instance owning every symbol's bars. */
  private final AtomicReference<HostInfo> owner = new AtomicReference<>(A);
  /** The rebalances that moved it: the Streams client's state changes. */
  private final AtomicLong rebalances = new AtomicLong();

  /** A feed health whose symbols have no market hours: always open, judged on the age of their last trade. */
  private static FeedHealth health(MeterRegistry registry) {
    return healthAt(CLOCK, registry);
  }

  private static FeedHealth healthAt(Clock clock, MeterRegistry registry) {
    return new FeedHealth(registry, clock, THRESHOLD, FORGET,
        QueryServiceConfig.of(Map.of()).marketCalendar(symbol -> Optional.empty()));
  }

  /** The feed health of an instance that has seen ES trade last at {@code lastTrade}. */
  private static FeedHealth sawEs(Instant lastTrade) {
    FeedHealth health = health(new SimpleMeterRegistry());
    health.onTrade("ES", lastTrade);
    return health;
  }

  private StaleFeedMonitor monitor(FeedHealth health, HostInfo self) {
    return monitor(health, self, new SimpleMeterRegistry());
  }

  private StaleFeedMonitor monitor(FeedHealth health, HostInfo self, MeterRegistry registry) {
    return monitor(health, self, registry, CLOCK);
  }

  private StaleFeedMonitor monitor(FeedHealth health, HostInfo self, MeterRegistry registry, Clock clock) {
    FixedCluster cluster = new FixedCluster(self, dataset -> Optional.of(new KeyOwners(owner.get(), List.of())));
    return new StaleFeedMonitor(health, new StoreFeedOwnership(stores, cluster, rebalances::get), publisher, registry,
        clock);
  }

  /** A rebalance gives every symbol to {@code instance}. */
  private void moveTo(HostInfo instance) {
    owner.set(instance);
    rebalances.incrementAndGet();
  }

  /** Present at zero from the start, so that Prometheus' increase() counts the first alert of an instance. */
  @Test
  void shouldExportBothStatesAtZeroBeforeAnyAlertAndCountEachChangeOnce() {
    try (QueryMetrics metrics = QueryMetrics.create()) {
      FeedHealth health = health(new SimpleMeterRegistry());
      StaleFeedMonitor monitor = monitor(health, A, metrics.registry());
      String before = metrics.scrape();
      health.onTrade("ES", NOW.minus(Duration.ofMinutes(5)));
      monitor.check();
      monitor.check();
      String raised = metrics.scrape();
      health.onTrade("ES", NOW);
      monitor.check();
      String resolved = metrics.scrape();

      assertThat(before.lines().filter(line -> line.startsWith("tickflow_alerts_total{")))
          .containsExactlyInAnyOrder(ALERTS_RAISED + " 0.0", ALERTS_RESOLVED + " 0.0");
      assertThat(value(raised, ALERTS_RAISED)).isEqualTo(1);
      assertThat(value(raised, ALERTS_RESOLVED)).isZero();
      assertThat(value(resolved, ALERTS_RAISED)).isEqualTo(1);
      assertThat(value(resolved, ALERTS_RESOLVED)).isEqualTo(1);
    }
  }

  @Test
  void shouldPublishOnceFromTheOwnerWhenTwoInstancesSeeTheFeedGoStale() {
    FeedHealth onA = health(new SimpleMeterRegistry());
    FeedHealth onB = health(new SimpleMeterRegistry());
    for (FeedHealth health : List.of(onA, onB)) {
      health.onTrade("ES", NOW.minus(Duration.ofMinutes(5)));
    }

    monitor(onA, A).check();
    monitor(onB, B).check();

    assertThat(publisher.published).containsExactly(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES",
        NOW.minus(Duration.ofMinutes(5)), 300_000, 60_000, NOW, "silent"));
    assertThat(onB.rows()).extracting(FeedHealth.Row::stale).containsExactly(true);
  }

  @Test
  void shouldRaiseAlertFromStoredLastTradeWhenTheFeedStoppedBeforeTheInstanceStarted() {
    Instant lastTrade = NOW.minus(Duration.ofMinutes(10));
    stores.putTrade(new TradeView("ES", 4700.25, 1, "BUY", lastTrade, 7));
    FeedHealth restarted = health(new SimpleMeterRegistry());

    monitor(restarted, A).check();

    assertThat(publisher.published).containsExactly(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES",
        lastTrade, 600_000, 60_000, NOW, "silent"));
    assertThat(restarted.rows())
        .containsExactly(new FeedHealth.Row("ES", lastTrade, 600_000, true, "unknown", "silent"));
  }

  @Test
  void shouldLeaveStoredSymbolsToTheirOwnerWhenAnotherInstanceOwnsThem() {
    stores.putTrade(new TradeView("ES", 4700.25, 1, "BUY", NOW.minus(Duration.ofMinutes(10)), 7));
    FeedHealth onB = health(new SimpleMeterRegistry());

    monitor(onB, B).check();

    assertThat(publisher.published).isEmpty();
    assertThat(onB.symbols()).isEmpty();
  }

  @Test
  void shouldCheckAgainWhenTheStoresCannotAnswerYet() {
    stores.putTrade(new TradeView("ES", 4700.25, 1, "BUY", NOW.minus(Duration.ofMinutes(10)), 7));
    stores.setUnavailable(true);
    FeedHealth restarted = health(new SimpleMeterRegistry());
    StaleFeedMonitor monitor = monitor(restarted, A);

    monitor.check();
    stores.setUnavailable(false);
    monitor.check();

    assertThat(publisher.published).extracting(Alert::state).containsExactly("raised");
  }

  /**
   * Stores that cannot answer at the first check (restoring) leave a raised alert's symbol followed from the alert's
   * last trade. Their newer trade must count once they answer: followed from the alert's alone, the symbol was
   * forgotten (its alert resolved) minutes later, then followed again from the stores and raised a second time.
   */
  @Test
  void shouldTakeTheNewerStoredTradeOfASymbolFollowedFromItsAlertOnceTheStoresAnswer() {
    SettableClock clock = new SettableClock(NOW);
    Instant alerted = NOW.minus(FORGET).plus(Duration.ofMinutes(1));
    publisher.publish(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES", alerted, 61_000, 60_000,
        alerted.plusSeconds(61), "silent"));
    Instant stored = NOW.minus(Duration.ofDays(1));
    stores.putTrade(new TradeView("ES", 4700.25, 1, "BUY", stored, 7));
    stores.setUnavailable(true);
    FeedHealth restarted = healthAt(clock, new SimpleMeterRegistry());
    StaleFeedMonitor monitor = monitor(restarted, A, new SimpleMeterRegistry(), clock);

    monitor.check();
    stores.setUnavailable(false);
    monitor.check();
    clock.set(NOW.plus(Duration.ofMinutes(2)));
    monitor.check();
    monitor.check();

    assertThat(publisher.published).extracting(Alert::state).containsExactly("raised");
    assertThat(restarted.rows()).extracting(FeedHealth.Row::symbol, FeedHealth.Row::lastTrade, FeedHealth.Row::stale)
        .containsExactly(tuple("ES", stored, true));
  }

  @Test
  void shouldForgetASymbolSilentForLongerThanTheForgetPeriodUntilItTradesAgain() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FeedHealth health = health(registry);
    // An expired contract, and one closed for a long weekend.
    health.onTrade("ESZ25", NOW.minus(Duration.ofDays(8)));
    health.onTrade("ESH26", NOW.minus(Duration.ofDays(3)));

    monitor(health, A).check();

    assertThat(health.rows()).extracting(FeedHealth.Row::symbol, FeedHealth.Row::stale)
        .containsExactly(tuple("ESH26", true));
    assertThat(registry.find("tickflow.feed.last.trade.age.seconds").gauges()).hasSize(1);
    health.onTrade("ESZ25", NOW);
    assertThat(health.symbols()).containsExactly("ESH26", "ESZ25");
    assertThat(registry.find("tickflow.feed.last.trade.age.seconds").gauges()).hasSize(2);
  }
  /** The restarted instance knows from the topic that the alert is raised: it resolves it, once, when trades resume. */
  @Test
  void shouldResolveAnAlertRaisedBeforeARestartWhenTheFeedTradesAgain() {
    monitor(sawEs(FIVE_MINUTES_AGO), A).check();
    FeedHealth health = sawEs(NOW);
    StaleFeedMonitor restarted = monitor(health, A);

    restarted.check();
    restarted.check();

    assertThat(publisher.published).containsExactlyElementsOf(RAISED_THEN_RESOLVED);
    // The page says why, though this instance's own verdict never changed (it never saw the feed stale).
    assertThat(health.rows()).extracting(FeedHealth.Row::stale, FeedHealth.Row::reason)
        .containsExactly(tuple(false, "trading"));
  }

  /** Read back once, at the first check: the topic is not read again while ownership stays. */
  @Test
  void shouldNotRaiseAgainAfterARestartWhileTheFeedIsStillSilent() {
    Instant lastTrade = NOW.minus(Duration.ofMinutes(10));
    stores.putTrade(new TradeView("ES", 4700.25, 1, "BUY", lastTrade, 7));
    monitor(health(new SimpleMeterRegistry()), A).check();
    int readsBeforeRestart = publisher.reads;
    FeedHealth restarted = health(new SimpleMeterRegistry());
    StaleFeedMonitor monitor = monitor(restarted, A);

    monitor.check();
    monitor.check();

    assertThat(publisher.published).extracting(Alert::state).containsExactly("raised");
    assertThat(restarted.rows()).extracting(FeedHealth.Row::stale).containsExactly(true);
    assertThat(publisher.reads - readsBeforeRestart).isEqualTo(1);
  }

  /**
   * An alert raised before a restart on a symbol no store or trade tells the new process of: followed from the alert's
   * last trade, or resolved as forgotten when that is older than the forget period.
   */
  @Test
  void shouldResolveAsForgottenAnAlertRaisedBeforeARestartOnASymbolSilentForLongerThanTheForgetPeriod() {
    Instant lastTrade = NOW.minus(FORGET).minusSeconds(1);
    Alert raised = new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ESZ25", lastTrade, 60_001, 60_000,
        lastTrade.plusSeconds(61), "silent");
    publisher.publish(raised);
    publisher.publish(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ESH26", NOW.minus(Duration.ofMinutes(5)),
        240_000, 60_000, NOW.minusSeconds(60), "silent"));
    FeedHealth restarted = health(new SimpleMeterRegistry());

    monitor(restarted, A).check();

    assertThat(publisher.published).hasSize(3).last().isEqualTo(new Alert(StaleFeedMonitor.STALE_FEED, "resolved",
        "ESZ25", lastTrade, Duration.between(lastTrade, NOW).toMillis(), 60_000, NOW, "forgotten"));
    assertThat(restarted.rows()).extracting(FeedHealth.Row::symbol, FeedHealth.Row::stale)
        .containsExactly(tuple("ESH26", true));
  }

  /**
   * A raises ES's alert, a rebalance gives ES to B, which reads it back, then ES trades again, seen by both: the
   * monitors of A and B.
   */
  private List<StaleFeedMonitor> raisedOnAThenGivenToBWhenTradesResume() {
    FeedHealth onA = sawEs(FIVE_MINUTES_AGO);
    StaleFeedMonitor monitorA = monitor(onA, A);
    monitorA.check();
    FeedHealth onB = sawEs(FIVE_MINUTES_AGO);
    StaleFeedMonitor monitorB = monitor(onB, B);
    moveTo(B);
    monitorB.check();
    for (FeedHealth health : List.of(onA, onB)) {
      health.onTrade("ES", NOW);
    }
    return List.of(monitorA, monitorB);
  }

  /**
   * A new instance gains a symbol whose alert the previous owner raised: no second raise, and the resolution comes
   * from the new owner only, the previous one speaking no more for it.
   */
  @Test
  void shouldCarryARaisedAlertToTheNewOwnerWhichAloneResolvesIt() {
    List<StaleFeedMonitor> monitors = raisedOnAThenGivenToBWhenTradesResume();

    monitors.get(0).check();
    monitors.get(1).check();

    assertThat(publisher.published).containsExactlyElementsOf(RAISED_THEN_RESOLVED);
  }

  /**
   * An instance that gains a symbol back reads the topic again: meanwhile the other owner resolved and raised its
   * alert again, which the instance must neither raise a third time nor leave unresolved.
   */
  @Test
  void shouldReadTheTopicAgainWhenItGainsASymbolBack() {
    FeedHealth onA = sawEs(FIVE_MINUTES_AGO);
    StaleFeedMonitor monitorA = monitor(onA, A);
    monitorA.check();
    moveTo(B);
    monitorA.check();
    // B publishes a resolution and a new raise, of which A hears nothing but the topic.
    publisher.publish(RAISED_THEN_RESOLVED.get(1));
    publisher.publish(RAISED_THEN_RESOLVED.get(0));
    int readsBeforeGain = publisher.reads;

    moveTo(A);
    monitorA.check();
    onA.onTrade("ES", NOW);
    monitorA.check();

    assertThat(publisher.reads - readsBeforeGain).isEqualTo(1);
    assertThat(publisher.published).extracting(Alert::state)
        .containsExactly("raised", "resolved", "raised", "resolved");
  }

  /**
   * A symbol gained after its previous owner raised its alert, and after the forget period of its last trade: the
   * previous owner would have resolved it as forgotten at its next check, so the new owner must, though its stores'
   * trade is too old to follow (StaleFeedAlertsModelTest found the alert left raised for good).
   */
  @Test
  void shouldResolveAsForgottenTheRaisedAlertOfAGainedSymbolWhoseStoredTradeIsTooOldToFollow() {
    SettableClock clock = new SettableClock(NOW);
    stores.putTrade(new TradeView("ES", 4700.25, 1, "BUY", FIVE_MINUTES_AGO, 7));
    monitor(healthAt(clock, new SimpleMeterRegistry()), A, new SimpleMeterRegistry(), clock).check();
    StaleFeedMonitor monitorB = monitor(healthAt(clock, new SimpleMeterRegistry()), B,
        new SimpleMeterRegistry(), clock);
    monitorB.check();
    Instant forgotten = FIVE_MINUTES_AGO.plus(FORGET).plusSeconds(1);
    clock.set(forgotten);

    moveTo(B);
    monitorB.check();

    assertThat(publisher.published).extracting(Alert::state, Alert::time, Alert::reason).containsExactly(
        tuple("raised", NOW, "silent"), tuple("resolved", forgotten, "forgotten"));
  }

  /**
   * A symbol lost and gained back between two checks: its owner meanwhile resolved the alert, which the instance must
   * not resolve a second time from the state it knew before (StaleFeedAlertsModelTest found the duplicate).
   */
  @Test
  void shouldReadTheTopicAgainWhenItGainsBackASymbolItLostBetweenTwoChecks() {
    List<StaleFeedMonitor> monitors = raisedOnAThenGivenToBWhenTradesResume();
    monitors.get(1).check();

    moveTo(A);
    monitors.get(0).check();

    assertThat(publisher.published).containsExactlyElementsOf(RAISED_THEN_RESOLVED);
  }

  /** An expired contract's trade stays in the stores: read back, it must not be followed and forgotten at each check. */
  @Test
  void shouldNotFollowAStoredLastTradeOlderThanTheForgetPeriod() {
    stores.putTrade(new TradeView("ESZ25", 4700.25, 1, "BUY", NOW.minus(Duration.ofDays(8)), 7));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> added = new CopyOnWriteArrayList<>();
    registry.config().onMeterAdded(meter -> added.add(meter.getId().getName()));
    StaleFeedMonitor monitor = monitor(health(registry), A);

    monitor.check();
    monitor.check();

    assertThat(added).doesNotContain("tickflow.feed.stale", "tickflow.feed.last.trade.age.seconds");
    assertThat(publisher.published).isEmpty();
  }

  /**
   * A raised alert is resolved when its symbol is forgotten: the page and Prometheus stop showing it then, and no later
   * trade could resolve it, the verdict being gone.
   */
  @Test
  void shouldResolveTheRaisedAlertOfASymbolItForgets() {
    SettableClock clock = new SettableClock(NOW);
    FeedHealth health = healthAt(clock, new SimpleMeterRegistry());
    StaleFeedMonitor monitor = new StaleFeedMonitor(health, publisher, new SimpleMeterRegistry(), clock);
    Instant lastTrade = NOW.minus(Duration.ofMinutes(5));
    health.onTrade("ESZ25", lastTrade);
    monitor.check();
    Instant forgottenAt = lastTrade.plus(FORGET).plusSeconds(1);
    clock.set(forgottenAt);

    monitor.check();
    health.onTrade("ESZ25", forgottenAt);
    monitor.check();

    assertThat(publisher.published).containsExactly(
        new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ESZ25", lastTrade, 300_000, 60_000, NOW, "silent"),
        new Alert(StaleFeedMonitor.STALE_FEED, "resolved", "ESZ25", lastTrade,
            Duration.between(lastTrade, forgottenAt).toMillis(), 60_000, forgottenAt, "forgotten"));
  }

  /**
   * A trade that comes while the check judges the symbol (here from the exchange look-up, the live feed's thread in
   * production): the alert carries the silent trade it was raised on, not the one that came after the verdict.
   */
  @Test
  void shouldPublishTheLastTradeItJudgedWhenATradeComesDuringTheCheck() {
    Instant silentSince = NOW.minus(Duration.ofMinutes(5));
    AtomicReference<FeedHealth> health = new AtomicReference<>();
    health.set(new FeedHealth(new SimpleMeterRegistry(), CLOCK, THRESHOLD, FORGET,
        QueryServiceConfig.of(Map.of()).marketCalendar(symbol -> {
          health.get().onTrade(symbol, NOW);
          return Optional.empty();
        })));
    health.get().onTrade("ES", silentSince);

    monitor(health.get(), A).check();

    assertThat(publisher.published).containsExactly(new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES",
        silentSince, 300_000, 60_000, NOW, "silent"));
  }

  /**
   * A trade racing the forgetting of its symbol: the symbol is then either forgotten or followed with both gauges,
   * never followed without them (looked at under the feed health's lock, which following and forgetting hold).
   */
  @Test
  void shouldNeverFollowASymbolWithoutItsGaugesWhenATradeRacesItsForgetting() throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Every trade is older than the forget period: each forgetSilent drops the symbol.
    FeedHealth health = new FeedHealth(registry, Clock.fixed(NOW.plus(FORGET).plus(FORGET), ZoneOffset.UTC),
        THRESHOLD, FORGET, QueryServiceConfig.of(Map.of()).marketCalendar(symbol -> Optional.empty()));
    Thread trades = new Thread(() -> {
      for (int i = 0; i < 2_000_000; i++) {
        health.onTrade("ES", NOW.plusMillis(i));
      }
    });
    int followedWithoutGauge = 0;

    trades.start();
    while (trades.isAlive() && followedWithoutGauge == 0) {
      health.forgetSilent();
      synchronized (health) {
        if (health.symbols().contains("ES")
            && registry.find("tickflow.feed.stale").tag("symbol", "ES").gauge() == null) {
          followedWithoutGauge++;
        }
      }
    }
    trades.join();

    assertThat(followedWithoutGauge).isZero();
  }

  /**
   * Closing lets a check in progress finish rather than interrupt it: interrupted, the alerts reader's Kafka consumer
   * failed its own close with an ERROR, and the check logged another, at every stop after a rebalance.
   */
  @Test
  void shouldLetACheckInProgressFinishWhenClosed() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AlertPublisher slowReader = new AlertPublisher() {
      @Override
      public void publish(Alert alert) {
      }

      @Override
      public Map<String, Alert> latest() {
        reading.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
        return Map.of();
      }

      @Override
      public void close() {
      }
    };
    FeedHealth health = sawEs(NOW);
    StaleFeedMonitor monitor = new StaleFeedMonitor(health, slowReader, new SimpleMeterRegistry(), CLOCK);
    monitor.start(Duration.ofMillis(10));
    assertThat(reading.await(10, TimeUnit.SECONDS)).as("a check reads the alerts topic").isTrue();

    CompletableFuture<Void> closed = CompletableFuture.runAsync(monitor::close);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> !interrupted.get() && !closed.isDone());
    release.countDown();

    assertThat(closed).succeedsWithin(Duration.ofSeconds(10));
    assertThat(interrupted).as("the check in progress was interrupted").isFalse();
  }
}
