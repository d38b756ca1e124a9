package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.GuardScenario.RawTrade;
import io.tickflow.streams.StatefulStages.Input;
import io.tickflow.streams.StatefulStages.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The stateful stages (dedup, then bars: open bars of every series, jump reference, held trades) over real stores,
 * RocksDB and in-memory, read random streams with commits, crashes (uncommitted work and outputs lost, the input since
 * the last commit read again) and clean restarts at random points ({@link StatefulStages}): the committed outputs
 * (accepted trades, final bars, dead letters, in order) are exactly those of one uninterrupted run, and the final bars
 * those of the reference. Two kinds of streams: the validation scenario's ({@link GuardScenario}: held, confirmed and
 * refused price jumps, late, overflowing and copied trades, one instrument's history far behind the others', so that
 * dedup relocates its identities; time, tick, volume and range bars against {@link GuardReference}); the
 * activity scenario's (tick, volume and range bars, sessions across DST, one symbol's days after another's) against
 * {@link ReferenceSessionBars}.
 */
class RestartPropertyTest {

  private static final Instant START = Instant.parse("2026-03-02T14:29:17Z");
  private static final Duration SKEW = Duration.ofSeconds(5);
  private static final Duration STALE_HORIZON = Duration.ofDays(30);
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final List<String> TIMEFRAMES = List.of("1m", "5m");
  private static final List<Duration> IDLE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofDays(10));
  private static final List<Double> JUMP_PERCENT = List.of(10.0, 2.5);
  /**
   * Long enough that no copy comes after the store may have forgotten its original (the outputs would then depend on
   * when the commits wrote the store, as documented): a scenario covers minutes of partition time.
   */
  private static final Duration DEDUP_HORIZON = Duration.ofMinutes(30);
  /**
   * How far the last instrument runs behind (so two or three instruments): none, more than half the dedup horizon
   * (its identities relocated), more than the horizon (relocated, else expired on arrival).
   */
  private static final List<Duration> LAG = List.of(Duration.ZERO, Duration.ofMinutes(20), Duration.ofMinutes(45));
  /**
   * Tick, volume and range bars of every instrument (on the scenario's 0.25 grid), which the held trades of a
   * confirmed level go into too. A 40-trade bar now and then holds trades of two 5-minute windows, so that two trades
   * of half a long overflow it and none of their time bars (about one try in fourteen; the smaller bars about one in
   * four hundred).
   */
  private static final List<ReferenceSessionBars.Activity> ACTIVITY = Stream.of("T3", "T40", "V15", "R4")
      .map(ReferenceSessionBars.Activity::parse).toList();
  /** The scenario's price grid. */
  private static final double TICK = 0.25;
  private static final Set<String> BAR_STAGE_REASONS = Set.of("late", "price_jump", "bar_overflow");

  // 60 tries: BEHIND_COPY_DROPPED, whose coverage is required, shows in about one try in seven, so 30 tries missed it
  // in about one run in seventy (a CI failure without a bug); 60 miss it about once in four thousand.
  @Property(tries = 60)
  void shouldCommitWhatOneRunCommitsWithHeldJumpsAndHistoryFarBehind(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int count,
      @ForAll @IntRange(min = 2, max = 3) int symbols, @ForAll @IntRange(min = 0, max = 2) int idleChoice,
      @ForAll @IntRange(min = 1, max = 4) int confirmations, @ForAll @IntRange(min = 0, max = 2) int lagChoice,
      @ForAll @IntRange(min = 0, max = 1) int jumpChoice, @ForAll boolean inMemory, @ForAll long schedule) {
    List<RawTrade> raw = GuardScenario.generate(seed, count, symbols, START, SKEW, STALE_HORIZON, GRACE,
        LAG.get(lagChoice));
    Duration idle = IDLE.get(idleChoice);
    double jumpPercent = JUMP_PERCENT.get(jumpChoice);
    ReferenceSessionBars.Rules bars = new ReferenceSessionBars.Rules(GuardScenario.barsOfEverySymbol(
        new ReferenceSessionBars.Instrument(ReferenceSessionBars.Session.UTC, TICK, ACTIVITY)), TIMEFRAMES, false,
        GRACE, idle);
    GuardReference reference = new GuardReference(raw, SKEW, STALE_HORIZON, jumpPercent, confirmations,
        DEDUP_HORIZON, bars, index -> false);
    Assume.that(!reference.applied().contains(GuardReference.Rule.COPY_PAST_HORIZON));
    Set<Integer> invalid = reference.letters().stream().filter(letter -> !BAR_STAGE_REASONS.contains(letter.reason()))
        .map(GuardReference.Letter::input).collect(Collectors.toSet());
    List<Input> input = IntStream.range(0, raw.size()).filter(i -> !invalid.contains(i))
        .mapToObj(i -> new Input(reference.normalized(i), i)).toList();

    List<Output> committed = committedWhateverHappens(schedule, inMemory, input, Map.of(
        StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, String.join(",", TIMEFRAMES),
        StreamsAppConfig.BARS_IDLE_MS_CONFIG, Long.toString(idle.toMillis()),
        StreamsAppConfig.BARS_GRACE_MS_CONFIG, Long.toString(GRACE.toMillis()),
        StreamsAppConfig.VALIDATION_PRICE_JUMP_PERCENT_CONFIG, Double.toString(jumpPercent),
        StreamsAppConfig.VALIDATION_PRICE_JUMP_CONFIRMATIONS_CONFIG, Integer.toString(confirmations),
        StreamsAppConfig.DEDUP_HORIZON_MS_CONFIG, Long.toString(DEDUP_HORIZON.toMillis()),
        StreamsAppConfig.BARS_ACTIVITY_CONFIG, ACTIVITY.stream().map(activity -> "*=" + activity.label())
            .collect(Collectors.joining(",")),
        StreamsAppConfig.INSTRUMENT_TICK_SIZE_DEFAULT_CONFIG, Double.toString(TICK)));

    for (GuardReference.Rule rule : List.of(GuardReference.Rule.CONFIRMED, GuardReference.Rule.RETURNED,
        GuardReference.Rule.BEHIND_COPY_DROPPED)) {
      coverage(rule.name(), reference.applied().contains(rule));
    }
    coverage("held at the end", reference.held() > 0);
    // Counted, not required: see ACTIVITY.
    Statistics.label(GuardReference.Rule.ACTIVITY_BAR_OVERFLOWED.name())
        .collect(reference.applied().contains(GuardReference.Rule.ACTIVITY_BAR_OVERFLOWED));
    assertThat(values(committed, Trade.class)).as("accepted trades")
        .isEqualTo(reference.accepted().stream().map(reference::normalized).toList());
    assertThat(values(committed, DeadLetter.class).stream()
        .map(letter -> new GuardReference.Letter((int) letter.getSourceOffset(), letter.getReasonCode())).toList())
        .as("dead letters")
        .isEqualTo(reference.letters().stream().filter(letter -> BAR_STAGE_REASONS.contains(letter.reason())).toList());
    coverage("final activity bars", reference.finalBars().keySet().stream()
        .anyMatch(key -> !TIMEFRAMES.contains(key.timeframe())));
    assertThat(finalBars(committed)).as("final bars").isEqualTo(reference.finalBars());
  }

  @Property(tries = 10)
  void shouldCommitWhatOneRunCommitsWithActivityBarsAndSessions(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int count,
      @ForAll @IntRange(min = 1, max = 3) int symbols, @ForAll @IntRange(min = 0, max = 4) int firstSession,
      @ForAll @IntRange(min = 0, max = 60) int idleSeconds, @ForAll boolean oneSymbolAfterAnother,
      @ForAll boolean intradayFollowsSession, @ForAll boolean inMemory, @ForAll long schedule) {
    Map<String, ReferenceSessionBars.Instrument> instruments = ActivityBarsPropertyTest.instruments(symbols,
        firstSession, false);
    Random random = new Random(seed);
    List<Trade> trades = ActivityBarsPropertyTest.generate(random, count, instruments,
        ActivityBarsPropertyTest.STARTS.get(random.nextInt(ActivityBarsPropertyTest.STARTS.size())));
    if (oneSymbolAfterAnother) {
      trades.sort(Comparator.comparing(Trade::getSymbol)); // stable: each symbol keeps its own order
    }
    trades.addAll(ActivityBarsPropertyTest.closing(instruments.keySet(), trades));
    Duration idle = Duration.ofSeconds(idleSeconds);
    List<Input> input = IntStream.range(0, trades.size()).mapToObj(i -> new Input(trades.get(i), i)).toList();

    List<Output> committed = committedWhateverHappens(schedule, inMemory, input,
        ActivityBarsPropertyTest.settings(instruments, intradayFollowsSession, idle, false));

    assertThat(finalBars(committed)).as("final bars").isEqualTo(ReferenceSessionBars.finals(trades,
        new ReferenceSessionBars.Rules(instruments, ActivityBarsPropertyTest.TIMEFRAMES, intradayFollowsSession,
            ActivityBarsPropertyTest.GRACE, idle)));
  }

  /**
   * Runs the stages on the input once uninterrupted and once with commits, crashes and restarts where the schedule
   * seed puts them; asserts that both committed the same outputs, and returns them.
   */
  private static List<Output> committedWhateverHappens(long schedule, boolean inMemory, List<Input> input,
                                                        Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG,
        inMemory ? StreamsAppConfig.STORE_IN_MEMORY : StreamsAppConfig.STORE_ROCKSDB);
    StreamsAppConfig config = new StreamsAppConfig(all);
    Path stateDir = newStateDir();
    try {
      List<Output> once;
      try (StatefulStages stages = new StatefulStages(config, stateDir.resolve("once"))) {
        once = List.copyOf(stages.runUninterrupted(input));
      }
      try (StatefulStages stages = new StatefulStages(config, stateDir.resolve("interrupted"))) {
        List<Output> interrupted = stages.runInterrupted(input, new Random(schedule));
        coverage("crashed", stages.crashes() > 0);
        coverage("restarted", stages.restarts() > 0);
        assertThat(firstDifference(interrupted, once)).as("committed outputs with%s", stages.events()).isEmpty();
      }
      return once;
    } finally {
      delete(stateDir);
    }
  }

  /**
   * Fails the property unless some try saw the case: a schedule or scenario that stopped making it would pass
   * vacuously. Some are rare (a copy of the far-behind instrument's trade comes in about one try in six).
   */
  static void coverage(String label, boolean seen) {
    Statistics.label(label).collect(seen);
    Statistics.label(label).coverage(checker -> checker.check(true).count(c -> c > 0));
  }

  /**
   * Where the outputs first differ from the expected ones, with the records there and a few before (empty when they
   * are equal): the lists hold hundreds of records.
   */
  private static String firstDifference(List<Output> actual, List<Output> expected) {
    int at = 0;
    while (at < Math.min(actual.size(), expected.size()) && actual.get(at).equals(expected.get(at))) {
      at++;
    }
    if (at == actual.size() && at == expected.size()) {
      return "";
    }
    StringBuilder text = new StringBuilder("first difference at output " + at + " of " + expected.size()
        + " expected, " + actual.size() + " committed");
    for (int i = Math.max(0, at - 3); i < at; i++) {
      text.append("\n  same     ").append(expected.get(i));
    }
    for (int i = at; i < at + 3; i++) {
      text.append("\n  expected ").append(i < expected.size() ? expected.get(i) : "nothing")
          .append("\n       got ").append(i < actual.size() ? actual.get(i) : "nothing");
    }
    return text.toString();
  }

  private static <T> List<T> values(List<Output> outputs, Class<T> type) {
    return outputs.stream().map(Output::value).filter(type::isInstance).map(type::cast).toList();
  }

  /** The final bars by identity; fails when one is final twice. */
  private static Map<ReferenceBars.Key, Bar> finalBars(List<Output> outputs) {
    Map<ReferenceBars.Key, Bar> finals = new LinkedHashMap<>();
    for (Bar bar : values(outputs, Bar.class)) {
      assertThat(bar.getIsFinal()).as("live bar %s", bar).isTrue();
      Bar previous = finals.put(new ReferenceBars.Key(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart()), bar);
      assertThat(previous).as("second final bar for %s", bar).isNull();
    }
    return finals;
  }

  /** A state directory of its own (jqwik has no temporary directory per try). */
  static Path newStateDir() {
    try {
      return Files.createTempDirectory("restart-property");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
