package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.T0;
import static io.tickflow.streams.TopologyHarness.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.bars.TradeTick;
import io.tickflow.marketstate.StoreLookup;
import io.tickflow.marketstate.TradingDates;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.metrics.PipelineCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Time bars, activity bars, sessions, lateness, live revisions and final bars through the whole topology. */
class BarsTopologyTest {

  private static final Instant MINUTE = Instant.parse("2026-03-02T14:30:00Z");

  private TopologyHarness harness;

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private void open(Map<String, ?> overrides) {
    harness = new TopologyHarness(overrides);
  }

  /** ES* instruments trade the CME session, 17:00 America/Chicago; intraday bars as {@code intradayAlign} says. */
  private void openWithCmeSession(String timeframes, String intradayAlign) {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, timeframes,
        StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "ES*=17:00 America/Chicago",
        StreamsAppConfig.BARS_INTRADAY_ALIGN_CONFIG, intradayAlign));
  }

  private void openWithCmeSession(String timeframes) {
    openWithCmeSession(timeframes, "utc");
  }

  private void pipeEs(double price, long size, String at) {
    harness.pipe(trade("ESZ26", price, size, Instant.parse(at)));
  }

  /** The final bars so far as "timeframe windowStart windowEnd". */
  private List<String> finalWindows() {
    return harness.finalBars.readValuesToList().stream()
        .map(b -> b.getTimeframe() + " " + b.getWindowStart() + " " + b.getWindowEnd()).toList();
  }

  @Test
  void shouldBuildFinalBarWithEveryFieldWhenTheWindowCloses() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    harness.pipeAll(List.of(
        trade("ESZ26", 100.00, 2, AggressorSide.ASK, MINUTE.plusSeconds(1), 0),
        trade("ESZ26", 101.00, 3, AggressorSide.BID, MINUTE.plusSeconds(20), 0),
        trade("ESZ26", 99.50, 1, AggressorSide.UNKNOWN, MINUTE.plusSeconds(40), 0),
        trade("ESZ26", 100.50, 4, AggressorSide.ASK, MINUTE.plusSeconds(59), 0),
        trade("ESZ26", 100.25, 1, AggressorSide.ASK, MINUTE.plusSeconds(64), 0)));
    assertThat(harness.finalBars.isEmpty()).isTrue();

    harness.pipe(trade("ESZ26", 100.25, 1, AggressorSide.ASK, MINUTE.plusSeconds(65), 0));

    Bar bar = harness.finalBars.readValue();
    assertThat(bar).isEqualTo(new Bar("ESZ26", "1m", MINUTE, MINUTE.plusSeconds(60), 100.00, 101.00, 99.50, 100.50,
        10L, 3L, 6L, 4L, (200.0 + 303.0 + 99.5 + 402.0) / 10, MINUTE.plusSeconds(1), MINUTE.plusSeconds(59), true, 3));
    assertThat(harness.finalBars.isEmpty()).isTrue();
  }

  @Test
  void shouldPutOutOfOrderTradeWithinGraceIntoItsBarAndDeadLetterLaterOnes() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    harness.pipeAll(List.of(
        trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(58)),
        trade("ESZ26", 100.25, 1, MINUTE.plusSeconds(61)),
        trade("ESZ26", 99.00, 5, MINUTE.plusSeconds(56)),
        trade("ESZ26", 101.00, 1, MINUTE.plusSeconds(57)),
        trade("ESZ26", 100.50, 1, MINUTE.plusSeconds(66)),
        trade("ESZ26", 98.00, 1, MINUTE.plusSeconds(59))));

    Bar bar = harness.finalBars.readValue();
    assertThat(bar.getOpen()).isEqualTo(99.00);
    assertThat(bar.getHigh()).isEqualTo(101.00);
    assertThat(bar.getLow()).isEqualTo(99.00);
    assertThat(bar.getClose()).isEqualTo(100.00);
    assertThat(bar.getVolume()).isEqualTo(7);
    assertThat(bar.getFirstTradeTime()).isEqualTo(MINUTE.plusSeconds(56));
    assertThat(bar.getLastTradeTime()).isEqualTo(MINUTE.plusSeconds(58));
    DeadLetter late = harness.deadLetters.readValue();
    assertThat(late.getReasonCode()).isEqualTo("late");
    assertThat(late.getSourceTopic()).isEqualTo("tickflow.raw.trades");
    assertThat(late.getSourceOffset()).isEqualTo(5);
    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice)
        .containsExactly(100.00, 100.25, 99.00, 101.00, 100.50);
  }

  @Test
  void shouldDeadLetterALateTradeWithItsRawBytesWhetherItWasKeyedCanonicallyOrRepartitioned() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(30)));
    Trade keyed = trade("ESZ6-CME", 99.75, 2, MINUTE.plusSeconds(1));
    Trade rekeyed = trade("ESZ6", 99.50, 3, MINUTE.plusSeconds(2));
    byte[] keyedBytes = TopologyHarness.bytes(keyed);
    byte[] rekeyedBytes = TopologyHarness.bytes(rekeyed);

    harness.rawTrades.pipeInput(new TestRecord<>("ESZ26", keyedBytes, keyed.getEventTime()));
    harness.rawTrades.pipeInput(new TestRecord<>("ESZ6", rekeyedBytes, rekeyed.getEventTime()));

    List<DeadLetter> late = harness.deadLetters.readValuesToList();
    assertThat(late).extracting(DeadLetter::getReasonCode).containsExactly("late", "late");
    assertThat(late).extracting(letter -> letter.getOriginalValue().array())
        .as("the bytes the connector wrote, not the normalized trade (ESZ26, exchange CME)")
        .containsExactly(keyedBytes, rekeyedBytes);
    List<TestRecord<String, Trade>> accepted = harness.trades.readRecordsToList();
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).headers().toArray()).as("headers of an accepted trade").isEmpty();
  }

  @Test
  void shouldEmitExactlyOneFinalBarPerWindowAndNoneForEmptyWindows() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m,5m"));
    harness.pipeAll(List.of(
        trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(5)),
        trade("ESZ26", 100.25, 1, MINUTE.plusSeconds(70)),
        trade("NQZ26", 200.00, 1, MINUTE.plusSeconds(71)),
        trade("ESZ26", 100.50, 1, MINUTE.plusSeconds(200)),
        trade("ESZ26", 100.75, 1, MINUTE.plusSeconds(400))));

    List<Bar> finals = harness.finalBars.readValuesToList();
    assertThat(finals).extracting(b -> b.getSymbol() + " " + b.getTimeframe() + " " + b.getWindowStart())
        .containsExactly(
            "ESZ26 1m 2026-03-02T14:30:00Z",
            "ESZ26 1m 2026-03-02T14:31:00Z",
            "NQZ26 1m 2026-03-02T14:31:00Z",
            "ESZ26 1m 2026-03-02T14:33:00Z",
            "ESZ26 5m 2026-03-02T14:30:00Z",
            "NQZ26 5m 2026-03-02T14:30:00Z");
    assertThat(finals.get(4).getVolume()).isEqualTo(3);
  }

  @Test
  void shouldBuildTheBarsOfOneHistoryImportedAfterAnothersIntoTheSamePartition() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    // Two files caught up one after the other: ES's three minutes, then NQ's same three minutes.
    for (int second = 5; second < 180; second += 20) {
      harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(second)));
    }
    for (int second = 5; second < 180; second += 20) {
      harness.pipe(trade("NQZ26", 200.00, 2, MINUTE.plusSeconds(second)));
    }

    assertThat(harness.deadLetters.isEmpty()).as("nothing of NQ is late").isTrue();
    assertThat(harness.finalBars.readValuesToList())
        .extracting(b -> b.getSymbol() + " " + b.getWindowStart() + " " + b.getVolume())
        .containsExactly(
            "ESZ26 2026-03-02T14:30:00Z 3",
            "ESZ26 2026-03-02T14:31:00Z 3",
            "NQZ26 2026-03-02T14:30:00Z 6",
            "NQZ26 2026-03-02T14:31:00Z 6");
  }

  @Test
  void shouldDropCopiesOfAHistoryImportedMoreThanTheDedupHorizonBehindAnothersWhenTheyAreWithinGrace() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    // ES's file runs three days ahead of NQ's in the same partition; NQ's import overlaps its own last seconds.
    harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plus(Duration.ofDays(3))));
    List<Trade> history = List.of(
        trade("NQZ26", 200.00, 1, MINUTE.plusSeconds(1)),
        trade("NQZ26", 200.25, 2, MINUTE.plusSeconds(2)),
        trade("NQZ26", 200.50, 3, MINUTE.plusSeconds(3)));
    harness.pipeAll(history);
    harness.pipeAll(history);
    harness.pipe(trade("NQZ26", 200.50, 1, MINUTE.plusSeconds(90)));

    Bar bar = harness.finalBars.readValue();
    assertThat(bar.getVolume()).isEqualTo(6);
    assertThat(bar.getTradeCount()).isEqualTo(3);
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(8, 5, Map.of("duplicate", 3L)));
  }

  @Test
  void shouldCloseAQuietSymbolsBarOnStreamTimeOnceTheSymbolIsIdle() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    harness.pipeAll(List.of(
        trade("NQZ26", 200.00, 1, MINUTE.plusSeconds(10)),
        trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(64))));
    assertThat(harness.finalBars.isEmpty()).isTrue();

    harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(65)));

    assertThat(harness.finalBars.readValuesToList()).extracting(b -> b.getSymbol() + " " + b.getWindowStart())
        .containsExactly("NQZ26 2026-03-02T14:30:00Z");
  }

  @Test
  void shouldRefuseAsLateOnlyTheTradesOfAnIdleSymbolWhoseBarIsAlreadyFinal() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    harness.pipeAll(List.of(
        trade("NQZ26", 200.00, 1, MINUTE.plusSeconds(10)),
        trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(100)),
        trade("NQZ26", 200.25, 1, MINUTE.plusSeconds(50)),
        trade("NQZ26", 200.50, 1, MINUTE.plusSeconds(94))));

    assertThat(harness.finalBars.readValuesToList()).extracting(b -> b.getSymbol() + " " + b.getWindowStart())
        .containsExactly("NQZ26 2026-03-02T14:30:00Z");
    DeadLetter late = harness.deadLetters.readValue();
    assertThat(late.getReasonCode()).isEqualTo("late");
    assertThat(late.getDetail()).contains("clock of NQZ26, 2026-03-02T14:31:05Z");
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice).containsExactly(200.00, 100.00, 200.50);
  }

  @Test
  void shouldAcceptAKnownInstrumentsNextHistoryWrittenAfterAnothers() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    // Both instruments known, then a day's import file after file: ES's minutes 2 to 4, then NQ's.
    harness.pipeAll(List.of(
        trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(30)),
        trade("NQZ26", 200.00, 1, MINUTE.plusSeconds(31))));
    for (int second = 125; second < 300; second += 30) {
      harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(second)));
    }
    for (int second = 125; second < 300; second += 30) {
      harness.pipe(trade("NQZ26", 200.00, 2, MINUTE.plusSeconds(second)));
    }

    assertThat(harness.deadLetters.isEmpty()).as("nothing of NQ is late").isTrue();
    assertThat(harness.finalBars.readValuesToList())
        .extracting(b -> b.getSymbol() + " " + b.getWindowStart() + " " + b.getVolume())
        .containsExactly(
            "ESZ26 2026-03-02T14:30:00Z 1",
            "NQZ26 2026-03-02T14:30:00Z 1",
            "ESZ26 2026-03-02T14:32:00Z 2",
            "ESZ26 2026-03-02T14:33:00Z 2",
            "NQZ26 2026-03-02T14:32:00Z 4",
            "NQZ26 2026-03-02T14:33:00Z 4");
  }

  @Test
  void shouldPutEverySymbolOnStreamTimeWhenIdleIsZero() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m", StreamsAppConfig.BARS_IDLE_MS_CONFIG, "0"));
    harness.pipeAll(List.of(
        trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(100)),
        trade("NQZ26", 200.00, 1, MINUTE.plusSeconds(10))));

    assertThat(harness.deadLetters.readValue().getReasonCode()).isEqualTo("late");
  }

  @Test
  void shouldEmitLiveRevisionsAtMostOncePerIntervalAndOnlyOnChange() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m,1h"));
    harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(1)));
    harness.pipe(trade("ESZ26", 100.25, 2, MINUTE.plusSeconds(2)));
    assertThat(harness.liveBars.isEmpty()).isTrue();

    harness.advanceLiveInterval();
    List<Bar> first = harness.liveBars.readValuesToList();
    assertThat(first).extracting(Bar::getTimeframe).containsExactly("1m", "1h");
    assertThat(first).extracting(Bar::getRevision).containsExactly(1, 1);
    assertThat(first).extracting(Bar::getIsFinal).containsOnly(false);
    assertThat(first).extracting(Bar::getVolume).containsOnly(3L);

    harness.advanceLiveInterval();
    assertThat(harness.liveBars.isEmpty()).isTrue();

    harness.pipe(trade("ESZ26", 100.50, 1, MINUTE.plusSeconds(3)));
    harness.advanceLiveInterval();
    assertThat(harness.liveBars.readValuesToList()).extracting(Bar::getRevision).containsExactly(2, 2);
  }

  @Test
  void shouldCarryTheLastVersionAsRevisionOfTheFinalBar() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
    harness.pipe(trade("ESZ26", 100.00, 1, MINUTE.plusSeconds(1)));
    harness.advanceLiveInterval();
    harness.pipe(trade("ESZ26", 100.25, 1, MINUTE.plusSeconds(2)));
    harness.pipe(trade("ESZ26", 100.50, 1, MINUTE.plusSeconds(3)));
    harness.pipe(trade("ESZ26", 100.50, 1, MINUTE.plusSeconds(90)));

    assertThat(harness.liveBars.readValue().getRevision()).isEqualTo(0);
    Bar last = harness.finalBars.readValue();
    assertThat(last.getRevision()).isEqualTo(2);
    assertThat(last.getIsFinal()).isTrue();
  }

  @Test
  void shouldCutTickVolumeAndRangeBarsPerSymbolPattern() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1h",
        StreamsAppConfig.BARS_ACTIVITY_CONFIG, "ES*=T3,ES*=V10,ES*=R4",
        StreamsAppConfig.INSTRUMENT_TICK_SIZE_DEFAULT_CONFIG, "0.25"));
    double[] prices = {100.00, 100.50, 101.00, 100.75, 101.25, 101.00, 100.00};
    long[] sizes = {4, 4, 4, 1, 2, 9, 1};
    for (int i = 0; i < prices.length; i++) {
      harness.pipe(trade("ESZ26", prices[i], sizes[i], MINUTE.plusSeconds(i)));
    }
    harness.pipe(trade("NQZ26", 200.0, 50, MINUTE.plusSeconds(7)));

    List<Bar> finals = harness.finalBars.readValuesToList();
    assertThat(finals).extracting(b -> b.getTimeframe() + " " + b.getOpen() + "-" + b.getClose() + " v" + b.getVolume()
            + " n" + b.getTradeCount())
        .containsExactly(
            "T3 100.0-101.0 v12 n3",
            "V10 100.0-101.0 v12 n3",
            "R4 100.0-100.75 v13 n4",
            "T3 100.75-101.0 v12 n3",
            "V10 100.75-101.0 v12 n3",
            "R4 101.25-101.0 v11 n2");
    Bar tick = finals.get(0);
    assertThat(tick.getWindowStart()).isEqualTo(MINUTE);
    assertThat(tick.getWindowEnd()).isEqualTo(MINUTE.plusSeconds(2));
  }

  @Test
  void shouldGiveEachActivityBarItsOwnStartWhenTradesShareAMicrosecondOrArriveOutOfOrder() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1h", StreamsAppConfig.BARS_ACTIVITY_CONFIG, "ES*=T2"));
    Instant at = MINUTE.plusSeconds(5);
    // A sweep: six prints with one timestamp (a DTC feed stamps trades to the millisecond or second), then two more
    // trades, the second arriving before the first: the fourth bar still starts after the third.
    for (int i = 0; i < 6; i++) {
      harness.pipe(TopologyHarness.trade("ESZ26", 100.0 + i * 0.25, 1, AggressorSide.ASK, at, i));
    }
    harness.pipe(trade("ESZ26", 101.50, 1, at.plusMillis(3)));
    harness.pipe(trade("ESZ26", 101.75, 1, at.minusMillis(2)));

    List<Bar> finals = harness.finalBars.readValuesToList().stream().filter(b -> b.getTimeframe().equals("T2"))
        .toList();
    assertThat(finals).extracting(b -> b.getOpen() + "-" + b.getClose() + " " + b.getWindowStart() + " "
            + b.getFirstTradeTime() + " " + b.getWindowEnd())
        .containsExactly(
            "100.0-100.25 " + at + " " + at + " " + at,
            "100.5-100.75 " + at.plusNanos(1_000) + " " + at + " " + at.plusNanos(1_000),
            "101.0-101.25 " + at.plusNanos(2_000) + " " + at + " " + at.plusNanos(2_000),
            "101.75-101.5 " + at.plusMillis(3) + " " + at.minusMillis(2) + " " + at.plusMillis(3));
    assertThat(harness.reader().bars("ESZ26", "T2", MINUTE, MINUTE.plusSeconds(60), 100))
        .extracting(Bar::getWindowStart).doesNotHaveDuplicates().hasSize(4);
  }

  @Test
  void shouldEndActivityBarsWithTheirSessionSoThatTheNextSessionStartsABar() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1h", StreamsAppConfig.BARS_ACTIVITY_CONFIG, "ES*=T3",
        StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "ES*=17:00 America/Chicago"));
    // Friday's last two trades; Friday's session ends at 17:00 Chicago (23:00 UTC), so once the partition's stream
    // time (here another symbol's trade) passes that plus grace, their bar is final, not at Sunday's first trade.
    pipeEs(100.00, 1, "2026-03-06T21:58:00Z");
    pipeEs(100.25, 1, "2026-03-06T21:59:00Z");
    harness.pipe(trade("NQZ26", 200.0, 1, Instant.parse("2026-03-06T23:01:00Z")));
    assertThat(harness.finalBars.readValuesToList()).filteredOn(b -> b.getTimeframe().equals("T3"))
        .extracting(b -> b.getOpen() + "-" + b.getClose() + " n" + b.getTradeCount() + " " + b.getWindowStart())
        .containsExactly("100.0-100.25 n2 2026-03-06T21:58:00Z");

    // Sunday's session (17:00 Chicago, 22:00 UTC after that day's DST change) opens a bar of its own.
    pipeEs(101.00, 1, "2026-03-08T22:00:00Z");
    pipeEs(101.25, 1, "2026-03-08T22:00:01Z");
    pipeEs(101.50, 1, "2026-03-08T22:00:02Z");
    assertThat(harness.finalBars.readValuesToList()).filteredOn(b -> b.getTimeframe().equals("T3"))
        .extracting(b -> b.getOpen() + "-" + b.getClose() + " n" + b.getTradeCount() + " " + b.getWindowStart())
        .containsExactly("101.0-101.5 n3 2026-03-08T22:00:00Z");
  }

  @Test
  void shouldKeepASessionsLastActivityBarOpenForItsOutOfOrderTradesUntilTheSessionEndPlusGrace() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1h", StreamsAppConfig.BARS_ACTIVITY_CONFIG, "BTC*=T3"));
    // A 24-hour market on the default UTC session: the day's last bar ends at midnight, within the grace period.
    // The next day's first trade opens a bar of its own; a print of the old day that arrives after it, within grace,
    // goes into the old day's bar (still open, as a time bar would be), not into the new day's.
    harness.pipe(trade("BTCUSD", 100.00, 1, Instant.parse("2026-03-06T23:59:59Z")));
    harness.pipe(trade("BTCUSD", 100.25, 1, Instant.parse("2026-03-07T00:00:00Z")));
    harness.pipe(trade("BTCUSD", 99.75, 1, Instant.parse("2026-03-06T23:59:58Z")));
    harness.pipe(trade("BTCUSD", 100.50, 1, Instant.parse("2026-03-07T00:00:01Z")));
    harness.pipe(trade("BTCUSD", 100.75, 1, Instant.parse("2026-03-07T00:00:02Z")));
    assertThat(harness.finalBars.readValuesToList()).filteredOn(b -> b.getTimeframe().equals("T3"))
        .extracting(b -> b.getOpen() + "-" + b.getClose() + " n" + b.getTradeCount() + " " + b.getWindowStart())
        .containsExactly("100.25-100.75 n3 2026-03-07T00:00:00Z");

    // The symbol's clock reaches the old day's end plus grace: its last bar is final, with the late print as open.
    harness.pipe(trade("BTCUSD", 101.00, 1, Instant.parse("2026-03-07T00:00:05Z")));
    assertThat(harness.finalBars.readValuesToList()).filteredOn(b -> b.getTimeframe().equals("T3"))
        .extracting(b -> b.getOpen() + "-" + b.getClose() + " n" + b.getTradeCount() + " " + b.getWindowStart() + " "
            + b.getFirstTradeTime())
        .containsExactly("99.75-100.0 n2 2026-03-06T23:59:59Z 2026-03-06T23:59:58Z");
  }

  static Stream<Arguments> cmeSessionBars() {
    return Stream.of(
        // US DST began Sunday 2026-03-08 02:00 local: the session opening that Sunday at 17:00 is 22:00 UTC.
        Arguments.of("daily and weekly bars across the DST change", "1d,1w", "utc",
            List.of("2026-03-06T22:30:00Z", "2026-03-08T22:30:00Z", "2026-03-16T12:00:00Z"),
            List.of("1d 2026-03-05T23:00:00Z 2026-03-06T23:00:00Z", "1w 2026-03-01T23:00:00Z 2026-03-08T22:00:00Z",
                "1d 2026-03-08T22:00:00Z 2026-03-09T22:00:00Z", "1w 2026-03-08T22:00:00Z 2026-03-15T22:00:00Z")),
        // 15:30 CST belongs to the session that opened 17:00 CST the day before (23:00 UTC); 17:00 CST opens the
        // next; after the DST change the session and its 4 h bars open at 22:00 UTC.
        Arguments.of("4 h bars from the session open with bars.intraday.align=session", "4h", "session",
            List.of("2026-03-05T21:30:00Z", "2026-03-05T23:00:00Z", "2026-03-09T00:30:00Z", "2026-03-10T00:30:00Z"),
            List.of("4h 2026-03-05T19:00:00Z 2026-03-05T23:00:00Z", "4h 2026-03-05T23:00:00Z 2026-03-06T03:00:00Z",
                "4h 2026-03-08T22:00:00Z 2026-03-09T02:00:00Z")),
        // The default: 4 h bars on UTC clock boundaries whatever the session, the same for every instrument.
        Arguments.of("4 h bars from UTC midnight by default", "4h", "utc",
            List.of("2026-03-05T21:30:00Z", "2026-03-05T23:00:00Z", "2026-03-09T00:30:00Z", "2026-03-10T00:30:00Z"),
            List.of("4h 2026-03-05T20:00:00Z 2026-03-06T00:00:00Z", "4h 2026-03-09T00:00:00Z 2026-03-09T04:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cmeSessionBars")
  void shouldAlignBarsToTheSessionOrUtcWhenTheSessionIsNotOnAUtcBoundary(String name, String timeframes,
                                                                        String intradayAlign, List<String> trades,
                                                                        List<String> expectedWindows) {
    openWithCmeSession(timeframes, intradayAlign);
    trades.forEach(at -> pipeEs(100.00, 1, at));

    assertThat(finalWindows()).containsExactlyElementsOf(expectedWindows);
  }

  @Test
  void shouldRefuseATradeThatWouldOverflowATickBarHoldingTradesOfSeveralTimeWindows() {
    // The symbol is quiet for minutes: its 1m bars part the two trades, its 3-trade bar holds both.
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m", StreamsAppConfig.BARS_ACTIVITY_CONFIG, "ES*=T3"));
    pipeEs(100.00, Long.MAX_VALUE / 2 + 1, "2026-03-02T14:30:00Z");
    pipeEs(100.00, Long.MAX_VALUE / 2 + 1, "2026-03-02T14:36:00Z");

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("bar_overflow");
    assertThat(letter.getDetail()).startsWith("size " + (Long.MAX_VALUE / 2 + 1) + " at price 100.0 would take the "
        + "volume of the T3 bar beyond");
  }

  @Test
  void shouldAcceptAHugeTradeThatOpensTheNextRangeBarRatherThanJoinTheOneHoldingAnother() {
    // 1.00 above the first trade (100 ticks), the second one cannot join its 4-tick bar: it opens the next one.
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m", StreamsAppConfig.BARS_ACTIVITY_CONFIG, "ES*=R4"));
    pipeEs(100.00, Long.MAX_VALUE / 2 + 1, "2026-03-02T14:30:00Z");
    pipeEs(101.00, Long.MAX_VALUE / 2 + 1, "2026-03-02T14:36:00Z");

    assertThat(harness.deadLetters.isEmpty()).as("dead letters").isTrue();
    assertThat(harness.finalBars.readValuesToList().stream().filter(bar -> bar.getTimeframe().equals("R4"))
        .map(bar -> bar.getOpen() + " x " + bar.getVolume())).containsExactly("100.0 x " + (Long.MAX_VALUE / 2 + 1));
  }

  @Test
  void shouldBeginWeeklyBarsOnTheWeekdayTheSessionNames() {
    // A Sunday-to-Thursday market: Sunday's session begins its week (by default, Monday's would).
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1w",
        StreamsAppConfig.SESSION_OVERRIDES_CONFIG, "TASI=10:00 Asia/Riyadh Sun"));
    for (String at : List.of("2026-03-05T08:00:00Z", "2026-03-08T08:00:00Z", "2026-03-20T08:00:00Z")) {
      harness.pipe(trade("TASI", 100.00, 1, Instant.parse(at)));
    }

    assertThat(finalWindows()).containsExactly("1w 2026-03-01T07:00:00Z 2026-03-08T07:00:00Z",
        "1w 2026-03-08T07:00:00Z 2026-03-15T07:00:00Z");
  }

  @Test
  void shouldCutTheLastIntradayBarAtTheNextSessionWhenTheTimeframeDoesNotDivideTheSession() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "7m"));
    // 1440 = 205 * 7 + 5: the UTC day's last 7 m bar is 5 minutes long, and the next day's first starts at 00:00.
    for (String at : List.of("2026-03-02T23:57:00Z", "2026-03-03T00:01:00Z", "2026-03-03T00:20:00Z")) {
      harness.pipe(trade("BTCUSD", 100.00, 1, Instant.parse(at)));
    }

    assertThat(finalWindows()).containsExactly(
        "7m 2026-03-02T23:55:00Z 2026-03-03T00:00:00Z",
        "7m 2026-03-03T00:00:00Z 2026-03-03T00:07:00Z");
  }

  @Test
  void shouldPutEveryTradeOfAConfirmedGapAtTheSessionOpenIntoItsBars() {
    openWithCmeSession("1m,1d");
    pipeEs(100.00, 1, "2026-03-06T21:00:00Z");
    // Sunday's open gaps 15 % up; three trades at the new level confirm it.
    pipeEs(115.00, 5, "2026-03-08T22:00:00Z");
    pipeEs(115.25, 6, "2026-03-08T22:00:01Z");
    pipeEs(115.50, 7, "2026-03-08T22:00:02Z");
    pipeEs(115.50, 8, "2026-03-08T22:00:03Z");
    pipeEs(115.50, 1, "2026-03-10T22:00:03Z");

    Map<String, Bar> finals = new java.util.LinkedHashMap<>();
    harness.finalBars.readValuesToList().forEach(b -> finals.put(b.getTimeframe() + " " + b.getWindowStart(), b));
    Bar daily = finals.get("1d 2026-03-08T22:00:00Z");
    assertThat(daily.getOpen()).isEqualTo(115.00);
    assertThat(daily.getVolume()).isEqualTo(26);
    assertThat(daily.getTradeCount()).isEqualTo(4);
    assertThat(daily.getFirstTradeTime()).isEqualTo(Instant.parse("2026-03-08T22:00:00Z"));
    assertThat(finals.get("1m 2026-03-08T22:00:00Z").getLow()).isEqualTo(115.00);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(6, 6, Map.of()));
  }

  @Test
  void shouldTakeTheSessionAndTickScalingFromTheSecurityDefinition() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1d", StreamsAppConfig.PRICE_SCALING_CONFIG, "NQ*=ticks"));
    harness.pipe(TopologyHarness.definition("NQZ6", 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(trade("NQZ6", 80_000, 1, Instant.parse("2026-03-05T23:30:00Z")));
    harness.pipe(trade("NQZ26-CME", 80_004, 1, Instant.parse("2026-03-06T23:30:00Z")));

    assertThat(harness.trades.readValuesToList()).extracting(t -> t.getPrice() + " " + t.getExchange())
        .containsExactly("20000.0 CME", "20001.0 CME");
    Bar daily = harness.finalBars.readValue();
    assertThat(daily.getWindowStart()).isEqualTo(Instant.parse("2026-03-05T23:00:00Z"));
  }

  @Test
  void shouldLabelDailyAndWeeklyBarsWithTheTradingDateOfTheSymbolsSession() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1h,1d,1w", StreamsAppConfig.SESSION_OVERRIDES_CONFIG,
        "ES*=17:00 America/Chicago"));
    harness.pipe(TopologyHarness.definition("NQZ6", 0.25, LocalTime.of(8, 30), "America/Chicago"));
    StoreLookup stores = StoreLookup.of(harness.driver::getKeyValueStore, harness.driver::getWindowStore);
    TradingDates dates = new TradingDates(harness.config);
    long sundayOpen = TradeTick.toMicros(Instant.parse("2026-03-01T23:00:00Z"));

    // By override: the CME session opening Sunday 17:00 Chicago time (23:00 UTC) is Monday's.
    assertThat(dates.sessionOf("ESZ26", "1d", stores).orElseThrow().tradeDate(sundayOpen))
        .isEqualTo(LocalDate.parse("2026-03-02"));
    assertThat(dates.sessionOf("ESZ26", "1w", stores)).isPresent();
    // By the security definition: a morning open is its own day's.
    assertThat(dates.sessionOf("NQZ26", "1d", stores).orElseThrow().tradeDate(
        TradeTick.toMicros(Instant.parse("2026-03-02T14:30:00Z")))).isEqualTo(LocalDate.parse("2026-03-02"));
    // Intraday bars have no trading date to show.
    assertThat(dates.sessionOf("ESZ26", "1h", stores)).isEmpty();
  }

  @Test
  void shouldKeepTheDefaultSessionWhenTheSecurityDefinitionStatesNoneForAnExchangeWithoutOne() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1d",
        StreamsAppConfig.SESSION_DEFAULT_CONFIG, "17:00 America/Chicago"));
    harness.pipe(unstatedSession("ESZ26", "XYZ"));
    pipeEs(100.00, 1, "2026-03-05T23:30:00Z");
    pipeEs(100.25, 1, "2026-03-06T23:30:00Z");

    assertThat(harness.finalBars.readValue().getWindowStart()).isEqualTo(Instant.parse("2026-03-05T23:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // CME Globex: the session opening 17:00 Chicago (23:00 UTC in winter) is the next day's.
      "CME, '', 2026-03-05T23:00:00Z",
      // US equities: New York calendar days (05:00 UTC in winter).
      "NASDAQ, '', 2026-03-06T05:00:00Z",
      // An exchange's session is a default: configured ones win.
      "CME, 'CME=09:30 America/New_York', 2026-03-06T14:30:00Z"})
  void shouldTakeTheSessionOfTheExchangeWhenTheSecurityDefinitionStatesNone(String exchange, String exchanges,
                                                                         Instant expectedStart) {
    Map<String, String> settings = new HashMap<>(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1d"));
    if (!exchanges.isEmpty()) {
      settings.put(StreamsAppConfig.SESSION_EXCHANGES_CONFIG, exchanges);
    }
    open(settings);
    harness.pipe(unstatedSession("ESZ26", exchange));
    pipeEs(100.00, 1, "2026-03-06T15:00:00Z");
    pipeEs(100.25, 1, "2026-03-09T15:00:00Z");

    assertThat(harness.finalBars.readValue().getWindowStart()).isEqualTo(expectedStart);
  }

  /** A definition as the DTC connector writes it: no session known, so the schema's defaults (00:00 to 00:00 UTC). */
  private static SecurityDefinition unstatedSession(String symbol, String exchange) {
    SecurityDefinition unstated = TopologyHarness.definition(symbol, 0.25, LocalTime.MIDNIGHT, "UTC");
    unstated.setSessionClose(LocalTime.MIDNIGHT);
    unstated.setExchange(exchange);
    return unstated;
  }

  @Test
  void shouldScaleTickPricesToTheirDecimalValue() {
    open(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m", StreamsAppConfig.PRICE_SCALING_CONFIG,
        "CL*=ticks,ZB*=multiplier:0.1"));
    harness.pipe(TopologyHarness.definition("CLZ26", 0.01, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(trade("CLZ26", 4505, 1, T0));
    harness.pipe(trade("CLZ26", 4516, 1, T0.plusMillis(1)));
    harness.pipe(trade("ZBZ26", 1203, 1, T0));
    harness.pipe(trade("ZBZ26", Double.NaN, 1, T0));

    // The binary products are 45.050000000000004, 45.160000000000004 and 120.30000000000001.
    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice).containsExactly(45.05, 45.16, 120.3);
    assertThat(harness.deadLetters.readValue().getReasonCode()).isEqualTo("price_not_positive");
  }

  @Test
  void shouldDeadLetterTickPricesWithoutASecurityDefinition() {
    open(Map.of(StreamsAppConfig.PRICE_SCALING_CONFIG, "NQ*=ticks"));
    harness.pipe(trade("NQZ26", 80_000, 1, T0));

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("no_security_definition");
    assertThat(letter.getDetail())
        .isEqualTo("price scaling 'TICKS' of NQZ26 needs its security definition, and no valid one has arrived");
  }

  @ParameterizedTest(name = "tick size {0}")
  @ValueSource(doubles = {0.0, -0.25, Double.NaN, Double.POSITIVE_INFINITY})
  void shouldRefuseADefinitionWithAnAbsurdTickSizeAndKeepThePreviousOne(double tickSize) {
    open(Map.of(StreamsAppConfig.PRICE_SCALING_CONFIG, "NQ*=ticks"));
    harness.pipe(TopologyHarness.definition("NQZ26", 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(TopologyHarness.definition("NQZ26", tickSize, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(TopologyHarness.definition("ESZ26", tickSize, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(trade("NQZ26", 80_000, 1, T0));

    assertThat(harness.trades.readValue().getPrice()).isEqualTo(20_000.0);
    assertThat(harness.counts("definitions"))
        .isEqualTo(new PipelineCounts(3, 1, Map.of("tick_size_invalid", 2L)));
  }

  /** The symbol rule of trades holds for definitions, for their canonical symbol too (64 ß are 128 letters). */
  @Test
  void shouldRefuseADefinitionWhoseSymbolNoTradeCouldHave() {
    open(Map.of(StreamsAppConfig.PRICE_SCALING_CONFIG, "NQ*=ticks"));
    harness.pipe(TopologyHarness.definition("NQZ26\u200B", 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(TopologyHarness.definition("ß".repeat(64), 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(TopologyHarness.definition("\u00A0NQZ26\u00A0", 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(trade("NQZ26", 80_000, 1, T0));

    assertThat(harness.trades.readValue().getPrice()).isEqualTo(20_000.0);
    assertThat(harness.counts("definitions")).isEqualTo(new PipelineCounts(3, 1, Map.of("symbol_invalid", 2L)));
  }

  @Test
  void shouldDeadLetterTickPricesOfASymbolWhoseOnlyDefinitionWasRefused() {
    open(Map.of(StreamsAppConfig.PRICE_SCALING_CONFIG, "NQ*=ticks"));
    harness.pipe(TopologyHarness.definition("NQZ26", 0.0, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(trade("NQZ26", 80_000, 1, T0));

    assertThat(harness.deadLetters.readValue().getReasonCode()).isEqualTo("no_security_definition");
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(1, 0, Map.of("no_security_definition", 1L)));
  }
}
