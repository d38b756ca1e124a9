package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.GuardScenario.RawTrade;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Random raw trades topics ({@link GuardScenario}) mixing good trades, records that are not trades, invalid ones,
 * isolated bad prints, confirmed and unconfirmed level shifts, out-of-order prints of the old level, sweeps,
 * out-of-order and late trades, bar-overflowing sizes and copies (a backfill's overlap, some spelled otherwise so that
 * they are re-keyed), with one instrument's history behind the others' or not, under no, the default and a
 * never-reached idle period, one to four confirmations, three jump percentages and the default or a short dedup
 * horizon: every record is accounted for as the documented rules say ({@link GuardReference}): out, rejected for its
 * reason or still held, on the topics and in the pipeline metrics; every dead letter carries its reason, the record's
 * coordinates, key, raw bytes and time; the trades topic holds exactly the accepted trades, in order, and no header
 * reaches it or the dead letters; and the final bars are those of the accepted trades.
 */
class ValidationPropertyTest {

  private static final Instant START = Instant.parse("2026-03-02T14:29:17Z");
  private static final Duration SKEW = Duration.ofSeconds(5);
  private static final Duration HORIZON = Duration.ofDays(30);
  private static final Duration GRACE = Duration.ofSeconds(5);
  /**
   * The default; one that the spread of good trades around their level (up to 1 either side, from 50) sometimes
   * passes, so that the guard holds and confirms ordinary trades; one no move reaches.
   */
  private static final List<Double> JUMP_PERCENT = List.of(10.0, 2.5, 1000.0);
  private static final List<String> TIMEFRAMES = List.of("1m", "5m");
  /** The default tick size: no range bars here. */
  private static final double TICK = 0.01;
  private static final List<Duration> IDLE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofDays(10));
  /** How far the last instrument's history runs behind: none, more than half the short horizon, more than it. */
  private static final List<Duration> LAG = List.of(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(90));
  private static final Duration SHORT_DEDUP_HORIZON = Duration.ofSeconds(20);
  private static final String REPARTITION = "trades-by-symbol-repartition";

  @Property(tries = 200)
  void shouldAccountForEveryTradeAsTheDocumentedRulesSay(@ForAll long seed,
                                                         @ForAll @IntRange(min = 1, max = 400) int count,
                                                         @ForAll @IntRange(min = 1, max = 3) int symbols,
                                                         @ForAll @IntRange(min = 0, max = 2) int idleChoice,
                                                         @ForAll @IntRange(min = 1, max = 4) int confirmations,
                                                         @ForAll @IntRange(min = 0, max = 2) int lagChoice,
                                                         @ForAll boolean shortDedupHorizon,
                                                         @ForAll @IntRange(min = 0, max = 2) int jumpChoice) {
    double jumpPercent = JUMP_PERCENT.get(jumpChoice);
    List<RawTrade> input = GuardScenario.generate(seed, count, symbols, START, SKEW, HORIZON, GRACE,
        LAG.get(lagChoice));
    Duration idle = IDLE.get(idleChoice);
    Duration dedupHorizon = shortDedupHorizon ? SHORT_DEDUP_HORIZON : Duration.ofDays(1);

    try (TopologyHarness harness = new TopologyHarness(Map.of(
        StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, String.join(",", TIMEFRAMES),
        StreamsAppConfig.BARS_IDLE_MS_CONFIG, Long.toString(idle.toMillis()),
        StreamsAppConfig.BARS_GRACE_MS_CONFIG, Long.toString(GRACE.toMillis()),
        StreamsAppConfig.VALIDATION_FUTURE_SKEW_MS_CONFIG, Long.toString(SKEW.toMillis()),
        StreamsAppConfig.VALIDATION_STALE_HORIZON_MS_CONFIG, Long.toString(HORIZON.toMillis()),
        StreamsAppConfig.VALIDATION_PRICE_JUMP_PERCENT_CONFIG, Double.toString(jumpPercent),
        StreamsAppConfig.VALIDATION_PRICE_JUMP_CONFIRMATIONS_CONFIG, Integer.toString(confirmations),
        StreamsAppConfig.DEDUP_HORIZON_MS_CONFIG, Long.toString(dedupHorizon.toMillis())))) {
      Set<Integer> dropped = new HashSet<>();
      for (int i = 0; i < input.size(); i++) {
        RawTrade raw = input.get(i);
        long duplicates = harness.counts("trades").rejected().getOrDefault("duplicate", 0L);
        harness.rawTrades.pipeInput(new TestRecord<>(raw.key(), raw.bytes(), Instant.ofEpochMilli(raw.timestampMs())));
        if (harness.counts("trades").rejected().getOrDefault("duplicate", 0L) > duplicates) {
          dropped.add(i);
        }
      }
      ReferenceSessionBars.Rules bars = new ReferenceSessionBars.Rules(GuardScenario.barsOfEverySymbol(
          new ReferenceSessionBars.Instrument(ReferenceSessionBars.Session.UTC, TICK, List.of())), TIMEFRAMES, false,
          GRACE, idle);
      GuardReference reference = new GuardReference(input, SKEW, HORIZON, jumpPercent, confirmations, dedupHorizon,
          bars, dropped::contains);
      collectCoverage(input, reference);
      List<TestRecord<String, Trade>> tradeRecords = harness.trades.readRecordsToList();
      List<TestRecord<String, DeadLetter>> letterRecords = harness.deadLetters.readRecordsToList();
      // The raw records had no headers: the ones carrying raw values and keys to the bar stage go no further.
      assertThat(Stream.concat(tradeRecords.stream(), letterRecords.stream()))
          .allSatisfy(record -> assertThat(record.headers().toArray()).as("headers of %s", record).isEmpty());
      List<KeyValue<String, Trade>> trades = tradeRecords.stream()
          .map(record -> KeyValue.pair(record.key(), record.value())).toList();
      List<DeadLetter> letters = letterRecords.stream().map(TestRecord::value).toList();
      PipelineCounts counts = harness.counts("trades");

      long duplicates = reference.rejected().getOrDefault("duplicate", 0L);
      assertThat(trades.size() + letters.size() + duplicates + reference.held()).as("in = out + rejected + held")
          .isEqualTo(input.size());
      assertThat(counts).as("pipeline metrics")
          .isEqualTo(new PipelineCounts(input.size(), reference.accepted().size(), reference.rejected()));
      assertThat(counts.in() - counts.out() - counts.rejectedTotal()).as("held").isEqualTo(reference.held());

      assertThat(letters.stream().map(ValidationPropertyTest::describe).toList()).as("dead letters")
          .isEqualTo(expectedLetters(input, reference));
      assertThat(trades).as("trades topic").isEqualTo(reference.accepted().stream()
          .map(i -> KeyValue.pair(input.get(i).canonical(), reference.normalized(i))).toList());
      assertThat(finalBars(harness.finalBars.readValuesToList())).as("final bars").isEqualTo(reference.finalBars());
    }
  }

  /**
   * Fails the property unless enough tries exercised each price-jump rule, each reason, trades still held at the end
   * and letters of re-keyed trades from the bar stage: a generator that stopped producing them would pass vacuously.
   */
  private static void collectCoverage(List<RawTrade> input, GuardReference reference) {
    for (GuardReference.Rule rule : GuardReference.Rule.values()) {
      if (rule == GuardReference.Rule.ACTIVITY_BAR_OVERFLOWED) {
        continue; // no activity bars here: RestartPropertyTest's
      }
      if (rule == GuardReference.Rule.HELD_OVERFLOWED) {
        // Needs two huge trades in one bar, one of them held: too rare to require (about 1 try in 300), so counted.
        Statistics.label(rule.name()).collect(reference.applied().contains(rule));
      } else {
        coverage(rule.name(), reference.applied().contains(rule));
      }
    }
    for (String reason : List.of("undecodable", "symbol_invalid", "price_not_positive", "size_not_positive",
        "future_timestamp", "stale_timestamp", "duplicate", "late", "price_jump", "bar_overflow")) {
      coverage(reason, reference.rejected().containsKey(reason));
    }
    coverage("held at the end", reference.held() > 0);
    coverage("bar stage letter of a re-keyed trade", reference.letters().stream().anyMatch(letter ->
        !isStageTwo(letter.reason()) && isRekeyed(input.get(letter.input()))));
  }

  private static void coverage(String label, boolean seen) {
    Statistics.label(label).collect(seen);
    Statistics.label(label).coverage(checker -> checker.check(true).percentage(p -> p >= 5));
  }

  /** A dead letter as compared: reason, coordinates, key, value bytes and time. */
  private record Letter(String reason, String topic, long offset, String key, ByteBuffer value, Instant rejectedAt) {
  }

  private static Letter describe(DeadLetter letter) {
    String topic = letter.getSourceTopic().endsWith(REPARTITION) ? REPARTITION : letter.getSourceTopic();
    return new Letter(letter.getReasonCode(), topic, letter.getSourceOffset(),
        new String(letter.getOriginalKey().array(), StandardCharsets.UTF_8), letter.getOriginalValue(),
        letter.getRejectedAt());
  }

  /**
   * Stage 2 letters carry the raw record's coordinates and timestamp; the bar stage's those of the record it read:
   * the raw one, or for a trade whose key is not its canonical symbol, its repartition record (one per such valid
   * record, in order), whose timestamp is the trade's event time in milliseconds. Both carry the raw key and value.
   */
  private static List<Letter> expectedLetters(List<RawTrade> input, GuardReference reference) {
    Map<Integer, Long> repartitionOffsets = new HashMap<>();
    List<Integer> invalid = reference.letters().stream().filter(l -> isStageTwo(l.reason()))
        .map(GuardReference.Letter::input).toList();
    for (int i = 0; i < input.size(); i++) {
      if (!invalid.contains(i) && isRekeyed(input.get(i))) {
        repartitionOffsets.put(i, (long) repartitionOffsets.size());
      }
    }
    List<Letter> expected = new ArrayList<>();
    for (GuardReference.Letter letter : reference.letters()) {
      RawTrade raw = input.get(letter.input());
      boolean stageTwo = isStageTwo(letter.reason());
      boolean rekeyed = repartitionOffsets.containsKey(letter.input()) && !stageTwo;
      expected.add(new Letter(letter.reason(), rekeyed ? REPARTITION : TickflowTopics.RAW_TRADES,
          rekeyed ? repartitionOffsets.get(letter.input()) : letter.input(), raw.key(), ByteBuffer.wrap(raw.bytes()),
          stageTwo ? Instant.ofEpochMilli(raw.timestampMs())
              : raw.trade().getEventTime().truncatedTo(ChronoUnit.MILLIS)));
    }
    return expected;
  }

  /** Whether the topology re-keys the record (when valid) through the repartition topic. */
  private static boolean isRekeyed(RawTrade raw) {
    return !raw.key().equals(raw.canonical());
  }

  private static boolean isStageTwo(String reason) {
    return !List.of("late", "price_jump", "bar_overflow").contains(reason);
  }

  private static Map<ReferenceBars.Key, Bar> finalBars(List<Bar> bars) {
    Map<ReferenceBars.Key, Bar> byKey = new LinkedHashMap<>();
    for (Bar bar : bars) {
      Bar previous = byKey.put(new ReferenceBars.Key(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart()), bar);
      assertThat(previous).as("second final bar for %s", bar).isNull();
    }
    return byKey;
  }
}
