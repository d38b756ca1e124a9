package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random streams over several days around a DST change, with duplicates, out-of-order, late and simultaneous trades,
 * sizes crossing volume thresholds and prices crossing range limits, for symbols on sessions whose open moves in UTC
 * (17:00 Chicago or New York, and 12:00 New York, labelled with the next day as it opens at noon), falls into the
 * spring-forward gap (02:30 Chicago) or into the repeated hour (01:30 Chicago), taken from config or (for the first
 * symbol, with its tick size) from its security definition: every final 25-minute and 4-hour bar (from the session
 * open or from 00:00 UTC), daily, two-day, weekly, tick, volume and range bar equals the reference written from the docs
 * ({@link ReferenceSessionBars}), and each is final exactly once.
 */
class ActivityBarsPropertyTest {

  /** Fridays before the US DST changes of Sunday 2026-03-08 (spring forward) and Sunday 2026-11-01 (fall back). */
  static final List<Instant> STARTS = List.of(Instant.parse("2026-03-06T20:00:00Z"),
      Instant.parse("2026-10-30T20:00:00Z"));
  private static final List<String> SESSIONS = List.of("17:00 America/Chicago", "02:30 America/Chicago",
      "01:30 America/Chicago", "17:00 America/New_York", "12:00 America/New_York");
  /** Every symbol's series, then one more per symbol: a bar per trade, a small volume, a one-tick range. */
  private static final List<String> SHARED_ACTIVITY = List.of("T4", "V20", "R3");
  private static final List<String> OWN_ACTIVITY = List.of("T1", "V5", "R1");
  /** 25 minutes divide no session; 4 h bars show the session open moving in UTC. */
  static final List<String> TIMEFRAMES = List.of("25m", "4h", "1d", "2d", "1w");
  /** Prices are on this grid; the tick size of symbols without a definition. */
  private static final double TICK = 0.25;
  /** The tick size of a symbol's security definition: prices stay on its grid, and its range bars are narrower. */
  private static final double DEFINITION_TICK = 0.125;
  static final Duration GRACE = Duration.ofSeconds(5);
  /** Longer than a scenario with its closing trades (500 trades, a few of them jumps of up to ten hours, then 14 days). */
  private static final Duration DEDUP_HORIZON = Duration.ofDays(60);

  @Property(tries = 60)
  void shouldEmitExactlyTheReferenceSessionAndActivityBars(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int count,
      @ForAll @IntRange(min = 1, max = 3) int symbols, @ForAll @IntRange(min = 0, max = 4) int firstSession,
      @ForAll @IntRange(min = 0, max = 60) int idleSeconds, @ForAll boolean oneSymbolAfterAnother,
      @ForAll boolean firstFromDefinition, @ForAll boolean intradayFollowsSession) {
    Map<String, ReferenceSessionBars.Instrument> instruments = instruments(symbols, firstSession, firstFromDefinition);
    Random random = new Random(seed);
    List<Trade> input = generate(random, count, instruments, STARTS.get(random.nextInt(STARTS.size())));
    if (oneSymbolAfterAnother) {
      input.sort(Comparator.comparing(Trade::getSymbol)); // stable: each symbol keeps its own order
    }
    input.addAll(closing(instruments.keySet(), input));
    Duration idle = Duration.ofSeconds(idleSeconds);

    Map<ReferenceBars.Key, Bar> actual;
    try (TopologyHarness harness = new TopologyHarness(settings(instruments, intradayFollowsSession, idle,
        firstFromDefinition))) {
      if (firstFromDefinition) {
        ReferenceSessionBars.Session session = instruments.get(TradeScenario.symbol(0)).session();
        harness.pipe(TopologyHarness.definition(TradeScenario.symbol(0), DEFINITION_TICK, session.open(),
            session.zone().getId()));
      }
      harness.pipeAll(input);
      actual = harness.finalBarsOnce();
    }

    Map<ReferenceBars.Key, Bar> expected = ReferenceSessionBars.finals(input, new ReferenceSessionBars.Rules(
        instruments, TIMEFRAMES, intradayFollowsSession, GRACE, idle));
    assertThat(difference(actual, expected)).as("final bars that differ from the reference").isEmpty();
  }

  /** The bars that differ (empty when the maps are equal), readable where the maps hold hundreds of bars. */
  private static String difference(Map<ReferenceBars.Key, Bar> actual, Map<ReferenceBars.Key, Bar> expected) {
    StringBuilder text = new StringBuilder();
    for (ReferenceBars.Key key : expected.keySet()) {
      if (!expected.get(key).equals(actual.get(key))) {
        text.append("\nexpected ").append(expected.get(key)).append("\n     got ").append(actual.get(key));
      }
    }
    actual.keySet().stream().filter(key -> !expected.containsKey(key))
        .forEach(key -> text.append("\nunexpected ").append(actual.get(key)));
    return text.toString();
  }

  /**
   * The instruments of the symbols: each with its own session (from the list, starting at {@code firstSession}), the
   * shared activity series and one of its own; the first with the definition's tick size when it comes from one.
   */
  static Map<String, ReferenceSessionBars.Instrument> instruments(int symbols, int firstSession,
                                                                  boolean firstFromDefinition) {
    Map<String, ReferenceSessionBars.Instrument> instruments = new LinkedHashMap<>();
    for (int s = 0; s < symbols; s++) {
      List<ReferenceSessionBars.Activity> activity = new ArrayList<>();
      SHARED_ACTIVITY.forEach(label -> activity.add(ReferenceSessionBars.Activity.parse(label)));
      activity.add(ReferenceSessionBars.Activity.parse(OWN_ACTIVITY.get(s)));
      instruments.put(TradeScenario.symbol(s), new ReferenceSessionBars.Instrument(
          ReferenceSessionBars.Session.parse(SESSIONS.get((firstSession + s) % SESSIONS.size())),
          s == 0 && firstFromDefinition ? DEFINITION_TICK : TICK, activity));
    }
    return instruments;
  }

  /**
   * The app's settings for the instruments: timeframes, activity series, sessions (by override, but for the first
   * symbol's when it comes from its security definition), grace, the idle period, no price jumps, and a dedup horizon
   * longer than any scenario: the reference never forgets an identity, while the app may forget one older than the
   * horizon (its store expires at commits), and a copy of a trade 30 back can come more than a day later.
   */
  static Map<String, String> settings(Map<String, ReferenceSessionBars.Instrument> instruments,
                                      boolean intradayFollowsSession, Duration idle, boolean firstFromDefinition) {
    return Map.of(
        StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, String.join(",", TIMEFRAMES),
        StreamsAppConfig.BARS_INTRADAY_ALIGN_CONFIG, intradayFollowsSession ? "session" : "utc",
        StreamsAppConfig.BARS_ACTIVITY_CONFIG, activityConfig(instruments.keySet()),
        StreamsAppConfig.INSTRUMENT_TICK_SIZE_DEFAULT_CONFIG, Double.toString(TICK),
        StreamsAppConfig.BARS_GRACE_MS_CONFIG, Long.toString(GRACE.toMillis()),
        StreamsAppConfig.BARS_IDLE_MS_CONFIG, Long.toString(idle.toMillis()),
        StreamsAppConfig.SESSION_OVERRIDES_CONFIG, instruments.entrySet().stream()
            .skip(firstFromDefinition ? 1 : 0)
            .map(e -> e.getKey() + "=" + e.getValue().session().open() + " " + e.getValue().session().zone())
            .collect(Collectors.joining(",")),
        StreamsAppConfig.VALIDATION_PRICE_JUMP_PERCENT_CONFIG, "1000",
        StreamsAppConfig.DEDUP_HORIZON_MS_CONFIG, Long.toString(DEDUP_HORIZON.toMillis()));
  }

  /** {@code SYM*=T4,...} for every symbol, then each symbol's own series. */
  private static String activityConfig(Iterable<String> symbols) {
    List<String> entries = new ArrayList<>();
    SHARED_ACTIVITY.forEach(label -> entries.add("SYM*=" + label));
    int s = 0;
    for (String symbol : symbols) {
      entries.add(symbol + "=" + OWN_ACTIVITY.get(s++));
    }
    return String.join(",", entries);
  }

  /**
   * A seeded tape: mostly in time order with bursts of trades in one millisecond, some out of order within a few
   * seconds, some far behind, repeats of recent trades, and jumps of hours or to a few seconds before a session open
   * (so trades of two sessions meet within grace); prices walk on the tick grid, sizes are mostly small with some
   * blocks larger than a volume bar.
   */
  static List<Trade> generate(Random random, int count, Map<String, ReferenceSessionBars.Instrument> instruments,
                                      Instant start) {
    List<String> symbols = List.copyOf(instruments.keySet());
    Map<String, Double> prices = new LinkedHashMap<>();
    List<Trade> trades = new ArrayList<>(count);
    Instant clock = start;
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(100);
      if (kind < 6 && !trades.isEmpty()) {
        Trade copy = trades.get(Math.max(0, trades.size() - 1 - random.nextInt(30)));
        trades.add(Trade.newBuilder(copy).setSource(DataSource.BACKFILL).build());
        continue;
      }
      String symbol = symbols.get(random.nextInt(symbols.size()));
      if (kind < 9) {
        clock = clock.plusSeconds(3_600L + random.nextInt(9 * 3_600));
      } else if (kind < 13) {
        Instant beforeOpen = instruments.get(symbol).session().end(clock).minusMillis(random.nextInt(8_000));
        clock = beforeOpen.isAfter(clock) ? beforeOpen : clock;
      } else if (kind < 70) {
        clock = clock.plusMillis(random.nextInt(400));
      }
      long offsetMs = kind >= 80 && kind < 94 ? -random.nextInt(6_000) : kind >= 94 ? -random.nextInt(120_000) : 0;
      Instant at = clock.plusMillis(offsetMs);
      double price = prices.getOrDefault(symbol, 100.0) + TICK * (random.nextInt(7) - 3);
      price = Math.max(95.0, Math.min(105.0, price));
      prices.put(symbol, price);
      long size = random.nextInt(100) < 5 ? 10L + random.nextInt(50) : 1L + random.nextInt(9);
      AggressorSide side = AggressorSide.values()[random.nextInt(3)];
      trades.add(new Trade(symbol, "", price, size, side, at, at.plusMillis(1), i, DataSource.LIVE));
    }
    return trades;
  }

  /** One trade per symbol two weeks after the last: every session and week of the scenario is over. */
  static List<Trade> closing(Iterable<String> symbols, List<Trade> trades) {
    Instant at = trades.stream().map(Trade::getEventTime).max(Instant::compareTo).orElseThrow().plus(
        Duration.ofDays(14));
    List<Trade> closing = new ArrayList<>();
    for (String symbol : symbols) {
      closing.add(new Trade(symbol, "", 100.0, 1L, AggressorSide.ASK, at, at.plusMillis(1), -1, DataSource.LIVE));
    }
    return closing;
  }
}
