package io.tickflow.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickflow.query.QueryServiceConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.slf4j.LoggerFactory;

/**
 * The stale-feed alerts of docs/api.md (Alerts) under random histories: live trades (on time, late, out of order, far
 * in the past), clock moves (seconds, hours, days, to a market's next open or close, over weekends, holidays and DST
 * changes, beyond the forget period), checks, restarts of an instance (a new feed health and monitor; the stores and
 * the alerts topic kept) and symbols moving between two instances that share the topic. A reference written from the
 * docs alone, with its own calendar of sessions, predicts each check's records on the topic, each instance's
 * feed-health rows and gauges and the alert counters: stale iff the market is open (or its hours unknown) and the
 * silence, counted from the later of the last trade and the open, exceeds the threshold; the owner alone publishes,
 * only when its verdict differs from the topic's state, so that each episode is raised once and resolved once (by a
 * trade, the close, or forgetting) across restarts and owners. A failure prints jqwik's seed and the shrunk history.
 */
class StaleFeedAlertsModelTest {

  private static final Duration THRESHOLD = Duration.ofMinutes(1);
  private static final Duration FORGET = Duration.ofDays(3);
  private static final List<String> SYMBOLS = List.of("AAPL", "BTCUSD", "ESZ6", "EURUSD", "XYZ");
  private static final Map<String, String> EXCHANGES = Map.of("AAPL", "NASDAQ", "ESZ6", "CME", "EURUSD", "FX");
  /** Weeks holding a change of clocks (London, then New York), Thanksgiving, Christmas, spring changes. */
  private static final List<Instant> ANCHORS = List.of(Instant.parse("2026-10-23T10:00:00Z"),
      Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-12-22T10:00:00Z"),
      Instant.parse("2027-03-11T10:00:00Z"), Instant.parse("2027-03-26T10:00:00Z"));
  private static final int INSTANCES = 2;
  private static final Set<DayOfWeek> SUNDAY_TO_THURSDAY = EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY,
      DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
  /** The reference's calendar, written from api.md's Market hours and Market holidays, not from the parser. */
  private static final Map<String, Sessions> CALENDAR = Map.of(
      "ESZ6", new Sessions(SUNDAY_TO_THURSDAY, LocalTime.of(17, 0), Duration.ofHours(23), ZoneId.of("America/Chicago"),
          Set.of(LocalDate.parse("2026-12-25")), Map.of(LocalDate.parse("2026-11-26"), LocalTime.of(12, 0))),
      "EURUSD", new Sessions(SUNDAY_TO_THURSDAY, LocalTime.of(17, 0), Duration.ofHours(24),
          ZoneId.of("America/New_York"), Set.of(LocalDate.parse("2026-12-25")), Map.of()),
      "AAPL", new Sessions(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 30),
          Duration.ofMinutes(390), ZoneId.of("America/New_York"),
          Set.of(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-12-25")),
          Map.of(LocalDate.parse("2026-11-27"), LocalTime.of(13, 0))),
      "BTCUSD", new Sessions(EnumSet.allOf(DayOfWeek.class), LocalTime.of(0, 0), Duration.ofHours(23),
          ZoneId.of("Europe/London"), Set.of(), Map.of()));
  private static final Map<String, Object> CONFIG = Map.of(
      QueryServiceConfig.MARKET_HOURS_OVERRIDES_CONFIG, "BTC*=Mon-Sun 00:00 23h Europe/London",
      QueryServiceConfig.MARKET_HOLIDAYS_CONFIG,
      "CME=2026-11-26@12:00 2026-12-25,FX=2026-12-25,NASDAQ=2026-11-26 2026-11-27@13:00 2026-12-25");

  private static Level monitorLogLevel;

  /** Thousands of alerts per run: their log lines would only slow it down. */
  @BeforeContainer
  static void quietMonitorLog() {
    Logger logger = (Logger) LoggerFactory.getLogger(StaleFeedMonitor.class);
    monitorLogLevel = logger.getLevel();
    logger.setLevel(Level.ERROR);
  }

  @AfterContainer
  static void restoreMonitorLog() {
    ((Logger) LoggerFactory.getLogger(StaleFeedMonitor.class)).setLevel(monitorLogLevel);
  }

  enum Kind { TRADE, TICK, HOURS, DAYS, TO_BOUNDARY, CHECK, RESTART, MOVE }

  /** How late a trade's event time is: on time, a few seconds, before the symbol's last, days. */
  enum Lag { NOW, LATE, OUT_OF_ORDER, FAR_PAST }

  /** One thing that happens next; {@code pick} chooses a symbol or an instance, {@code amount} a length. */
  record Step(Kind kind, int pick, Lag lag, long amount) {
  }

  record Plan(Instant start, List<Step> steps) {
  }

  @Property(tries = 500)
  void shouldRaiseAndResolveEachEpisodeOnceAsTheDocsSay(@ForAll("plans") Plan plan) {
    World world = new World(plan.start());
    for (Step step : plan.steps()) {
      world.play(step);
    }
    // What the histories reached: every reason, and episodes carried across a restart or a move.
    world.publisher.published.forEach(alert -> Statistics.label("records").collect(alert.state(), alert.reason()));
    Statistics.label("restarts and moves").collect(world.restarts > 0, world.moves > 0);
  }

  @Provide
  Arbitrary<Plan> plans() {
    Arbitrary<Instant> starts = Combinators.combine(Arbitraries.of(ANCHORS), Arbitraries.longs().between(0, 172_800))
        .as(Instant::plusSeconds);
    Arbitrary<Step> steps = Combinators.combine(
        Arbitraries.frequency(Tuple.of(8, Kind.TRADE), Tuple.of(6, Kind.TICK), Tuple.of(2, Kind.HOURS),
            Tuple.of(1, Kind.DAYS), Tuple.of(3, Kind.TO_BOUNDARY), Tuple.of(10, Kind.CHECK),
            Tuple.of(1, Kind.RESTART), Tuple.of(2, Kind.MOVE)),
        Arbitraries.integers().between(0, 99),
        Arbitraries.frequency(Tuple.of(5, Lag.NOW), Tuple.of(3, Lag.LATE), Tuple.of(2, Lag.OUT_OF_ORDER),
            Tuple.of(1, Lag.FAR_PAST)),
        Arbitraries.longs().between(0, 1_000_000))
        .as(Step::new);
    return Combinators.combine(starts, steps.list().ofMinSize(10).ofMaxSize(80)).as(Plan::new);
  }

  /**
   * A market's weekly sessions and holidays, each session at most a day long: it opens on {@code days} at
   * {@code open} local time and lasts {@code length} on the local clock; its trading date is the
   * local date it ends on, which a closed date cancels and an early close ends at that time (cancelled if at or before
   * the open).
   */
  record Sessions(Set<DayOfWeek> days, LocalTime open, Duration length, ZoneId zone, Set<LocalDate> closed,
                  Map<LocalDate, LocalTime> earlyCloses) {

    /** The open periods around {@code instant}, back-to-back sessions joined, in order. */
    List<Instant[]> periods(Instant instant) {
      LocalDate today = LocalDate.ofInstant(instant, zone);
      List<Instant[]> periods = new ArrayList<>();
      for (LocalDate day = today.minusDays(9); !day.isAfter(today.plusDays(9)); day = day.plusDays(1)) {
        session(day).ifPresent(session -> {
          Instant[] last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
          if (last != null && last[1].equals(session[0])) {
            last[1] = session[1];
          } else {
            periods.add(session);
          }
        });
      }
      return periods;
    }

    private Optional<Instant[]> session(LocalDate day) {
      if (!days.contains(day.getDayOfWeek())) {
        return Optional.empty();
      }
      LocalDateTime opens = day.atTime(open);
      LocalDateTime closes = opens.plus(length);
      LocalDate tradingDate = closes.minusNanos(1).toLocalDate();
      LocalTime early = earlyCloses.get(tradingDate);
      if (early != null && tradingDate.atTime(early).isBefore(closes)) {
        closes = tradingDate.atTime(early);
      }
      if (closed.contains(tradingDate) || !closes.isAfter(opens)) {
        return Optional.empty();
      }
      return Optional.of(new Instant[] {opens.atZone(zone).toInstant(), closes.atZone(zone).toInstant()});
    }
  }

  /** The reference's market status: phase label and, while open, since when. */
  record Status(String phase, Instant openSince) {

    static Status of(String symbol, Instant now) {
      Sessions sessions = CALENDAR.get(symbol);
      if (sessions == null) {
        return new Status("unknown", null);
      }
      return sessions.periods(now).stream().filter(p -> !p[0].isAfter(now) && now.isBefore(p[1])).findFirst()
          .map(p -> new Status("open", p[0])).orElse(new Status("closed", null));
    }

    /** Since when the feed is silent, market open; null while closed. */
    Instant silentSince(Instant lastTrade) {
      return switch (phase) {
        case "unknown" -> lastTrade;
        case "open" -> lastTrade.isAfter(openSince) ? lastTrade : openSince;
        default -> null;
      };
    }

    boolean stale(Instant lastTrade, Instant now) {
      Instant since = silentSince(lastTrade);
      return since != null && Duration.between(since, now).compareTo(THRESHOLD) > 0;
    }

    /** api.md's Alert reasons of a verdict (forgotten aside). */
    String reason(Instant lastTrade, boolean stale) {
      return stale ? "silent" : lastTrade.equals(silentSince(lastTrade)) ? "trading" : "market_closed";
    }
  }

  /** What the reference knows of a followed symbol on one instance. */
  static final class Followed {
    Instant lastTrade;
    boolean stale;
    String market = "unknown";
    String reason;

    Followed(Instant lastTrade) {
      this.lastTrade = lastTrade;
    }
  }

  /** One running instance: the real feed health and monitor, and the reference's view of them. */
  final class Instance {
    final int id;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FeedHealth health;
    final StaleFeedMonitor monitor;
    final Map<String, Followed> followed = new TreeMap<>();

    Instance(int id, World world) {
      this.id = id;
      health = new FeedHealth(registry, world.clock, THRESHOLD, FORGET,
          QueryServiceConfig.of(CONFIG).marketCalendar(symbol -> Optional.ofNullable(EXCHANGES.get(symbol))));
      FeedOwnership ownership = new FeedOwnership() {
        @Override
        public boolean owns(String symbol) {
          return world.owners.get(symbol) == id;
        }

        @Override
        public Map<String, Instant> storedLastTrades(Set<String> known) {
          return world.stored.entrySet().stream().filter(e -> owns(e.getKey()) && !known.contains(e.getKey()))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        @Override
        public long generation() {
          return world.moves;
        }
      };
      monitor = new StaleFeedMonitor(health, ownership, world.publisher, registry, world.clock);
    }
  }

  /** The record the reference expects a check to publish. */
  record Expected(String symbol, String state, Instant lastTrade, String reason) {
  }

  final class World {
    final SettableClock clock;
    final RecordingPublisher publisher = new RecordingPublisher();
    /** The stores: each symbol's newest trade. */
    final Map<String, Instant> stored = new TreeMap<>();
    final Map<String, Integer> owners = new HashMap<>();
    /** The rebalances that moved a symbol. */
    long moves;
    int restarts;
    /** The reference's topic: each symbol's latest record. */
    final Map<String, Expected> topic = new TreeMap<>();
    final Instance[] instances = new Instance[INSTANCES];
    final List<SimpleMeterRegistry> registries = new ArrayList<>();
    final List<String> history = new ArrayList<>();

    World(Instant start) {
      clock = new SettableClock(start);
      for (int i = 0; i < SYMBOLS.size(); i++) {
        owners.put(SYMBOLS.get(i), i % INSTANCES);
      }
      for (int i = 0; i < INSTANCES; i++) {
        start(i);
      }
      history.add("start " + start);
    }

    private void start(int id) {
      if (instances[id] != null) {
        instances[id].monitor.close();
      }
      instances[id] = new Instance(id, this);
      registries.add(instances[id].registry);
    }

    void play(Step step) {
      Instant now = clock.instant();
      String symbol = SYMBOLS.get(step.pick() % SYMBOLS.size());
      switch (step.kind()) {
        case TRADE -> trade(symbol, eventTime(symbol, step, now));
        // A quarter of the moves end exactly on the threshold or the boundary, where > and >= differ.
        case TICK -> move(now.plusMillis(step.amount() % 4 == 0 ? THRESHOLD.toMillis()
            : 1 + step.amount() % 90_000));
        case HOURS -> move(now.plusSeconds(3_600 + step.amount() % 100_000));
        case DAYS -> move(now.plusSeconds(86_400 + step.amount() % 300_000));
        case TO_BOUNDARY -> nextBoundary(symbol, now)
            .ifPresent(boundary -> move(max(now, boundary.plusMillis(step.amount() % 4 == 0 ? 0
                : step.amount() % 92_000 - 2_000))));
        case CHECK -> check(instances[step.pick() % INSTANCES]);
        case RESTART -> {
          restarts++;
          history.add("restart " + step.pick() % INSTANCES);
          start(step.pick() % INSTANCES);
        }
        case MOVE -> {
          owners.put(symbol, (int) (step.amount() % INSTANCES));
          moves++;
          history.add(symbol + " owned by " + owners.get(symbol));
        }
      }
      for (Instance instance : instances) {
        checkPage(instance);
      }
    }

    private Instant eventTime(String symbol, Step step, Instant now) {
      return switch (step.lag()) {
        case NOW -> now;
        case LATE -> now.minusMillis(step.amount() % 30_000);
        case OUT_OF_ORDER -> Optional.ofNullable(stored.get(symbol)).orElse(now)
            .minusMillis(step.amount() % 180_000);
        case FAR_PAST -> now.minusSeconds(86_400 + step.amount() % 600_000);
      };
    }

    private void trade(String symbol, Instant eventTime) {
      history.add("trade " + symbol + " at " + eventTime);
      stored.merge(symbol, eventTime, StaleFeedAlertsModelTest::max);
      for (Instance instance : instances) {
        instance.health.onTrade(symbol, eventTime);
        Followed followed = instance.followed.computeIfAbsent(symbol, key -> new Followed(eventTime));
        followed.lastTrade = max(followed.lastTrade, eventTime);
      }
    }

    private void move(Instant to) {
      history.add("clock " + to);
      clock.set(to);
    }

    /** The next open or close of the symbol's market after {@code now}. */
    private Optional<Instant> nextBoundary(String symbol, Instant now) {
      Sessions sessions = CALENDAR.get(symbol);
      return sessions == null ? Optional.empty() : sessions.periods(now).stream()
          .flatMap(period -> Stream.of(period[0], period[1]))
          .filter(now::isBefore).findFirst();
    }

    private boolean owns(Instance instance, String symbol) {
      return owners.get(symbol) == instance.id;
    }

    /** The reference's check, then the real one, then the comparison. */
    private void check(Instance instance) {
      Instant now = clock.instant();
      history.add("check " + instance.id + " at " + now);
      List<Expected> expected = new ArrayList<>();
      stored.forEach((symbol, lastTrade) -> {
        if (owns(instance, symbol) && !instance.followed.containsKey(symbol) && !tooOld(lastTrade, now)) {
          instance.followed.put(symbol, new Followed(lastTrade));
        }
      });
      // Raised on the topic, owned, neither stored nor seen: followed from the alert, or resolved as forgotten.
      topic.values().forEach(alert -> {
        if (raised(alert.symbol()) && owns(instance, alert.symbol())
            && !instance.followed.containsKey(alert.symbol())) {
          if (tooOld(alert.lastTrade(), now)) {
            expected.add(new Expected(alert.symbol(), "resolved", alert.lastTrade(), "forgotten"));
          } else {
            instance.followed.put(alert.symbol(), new Followed(alert.lastTrade()));
          }
        }
      });
      instance.followed.entrySet().removeIf(entry -> {
        boolean forget = tooOld(entry.getValue().lastTrade, now);
        if (forget && owns(instance, entry.getKey()) && raised(entry.getKey())) {
          expected.add(new Expected(entry.getKey(), "resolved", entry.getValue().lastTrade, "forgotten"));
        }
        return forget;
      });
      instance.followed.forEach((symbol, followed) -> {
        Status status = Status.of(symbol, now);
        boolean stale = status.stale(followed.lastTrade, now);
        String state = stale ? "raised" : "resolved";
        boolean publish = owns(instance, symbol) && stale != raised(symbol);
        if (publish || stale != followed.stale) {
          followed.reason = status.reason(followed.lastTrade, stale);
        }
        if (publish) {
          expected.add(new Expected(symbol, state, followed.lastTrade, followed.reason));
        }
        followed.stale = stale;
        followed.market = status.phase();
      });
      expected.forEach(alert -> topic.put(alert.symbol(), alert));

      int before = publisher.published.size();
      instance.monitor.check();
      List<Alert> published = publisher.published.subList(before, publisher.published.size());

      assertThat(published).as(describe("the records of this check")).allSatisfy(alert -> {
        assertThat(alert.time()).isEqualTo(now);
        assertThat(alert.type()).isEqualTo(StaleFeedMonitor.STALE_FEED);
        assertThat(alert.thresholdMillis()).isEqualTo(THRESHOLD.toMillis());
        assertThat(alert.ageMillis()).isEqualTo(Duration.between(alert.lastTrade(), now).toMillis());
      });
      assertThat(published.stream()
              .map(alert -> new Expected(alert.symbol(), alert.state(), alert.lastTrade(), alert.reason())))
          .as(describe("the records of this check")).containsExactlyInAnyOrderElementsOf(expected);
      checkTopicAndCounters();
    }

    private boolean raised(String symbol) {
      return topic.containsKey(symbol) && topic.get(symbol).state().equals("raised");
    }

    private boolean tooOld(Instant lastTrade, Instant now) {
      return Duration.between(lastTrade, now).compareTo(FORGET) > 0;
    }

    /** No state twice in a row for a symbol, and a first record that raises; counters agree with the topic. */
    private void checkTopicAndCounters() {
      Map<String, String> last = new HashMap<>();
      for (Alert alert : publisher.published) {
        assertThat(alert.state()).as(describe("record after " + last.get(alert.symbol()) + " of " + alert.symbol()))
            .isNotEqualTo(last.getOrDefault(alert.symbol(), "resolved"));
        last.put(alert.symbol(), alert.state());
      }
      for (String state : List.of("raised", "resolved")) {
        double counted = registries.stream()
            .mapToDouble(registry -> registry.get("tickflow.alerts").tag("state", state).counter().count()).sum();
        assertThat(counted).as(describe("tickflow.alerts " + state))
            .isEqualTo(publisher.published.stream().filter(alert -> alert.state().equals(state)).count());
      }
    }

    /** The page's rows and the gauges agree with the reference's last verdicts. */
    private void checkPage(Instance instance) {
      Instant now = clock.instant();
      List<FeedHealth.Row> expected = instance.followed.entrySet().stream()
          .map(entry -> new FeedHealth.Row(entry.getKey(), entry.getValue().lastTrade,
              Duration.between(entry.getValue().lastTrade, now).toMillis(), entry.getValue().stale,
              entry.getValue().market, entry.getValue().reason))
          .toList();
      assertThat(instance.health.rows()).as(describe("rows of instance " + instance.id))
          .containsExactlyElementsOf(expected);
      for (String symbol : SYMBOLS) {
        Gauge stale = instance.registry.find("tickflow.feed.stale").tag("symbol", symbol).gauge();
        Gauge age = instance.registry.find("tickflow.feed.last.trade.age.seconds").tag("symbol", symbol).gauge();
        Followed followed = instance.followed.get(symbol);
        if (followed == null) {
          assertThat(List.of(Optional.ofNullable(stale), Optional.ofNullable(age)))
              .as(describe("gauges of forgotten " + symbol + " on " + instance.id)).containsOnly(Optional.empty());
        } else {
          assertThat(stale.value()).as(describe("stale gauge of " + symbol + " on " + instance.id))
              .isEqualTo(followed.stale ? 1 : 0);
          assertThat(age.value()).as(describe("age gauge of " + symbol + " on " + instance.id))
              .isEqualTo(Duration.between(followed.lastTrade, now).toMillis() / 1000.0);
        }
      }
    }

    private String describe(String what) {
      return what + " after " + String.join("; ", history) + "\ntopic: " + publisher.published;
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
