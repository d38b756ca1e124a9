package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.client.AggressorSide;
import io.tickflow.dtc.client.MarketEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The per-symbol state machine: exact sequences and offsets through live, backfill, overlap and failures. */
class SymbolStreamTest {

  private static final long S10 = 1_700_000_010_000_000L;
  private static final Instant NOW = Instant.parse("2026-01-05T15:00:00Z");
  private static final SymbolSpec ES = new SymbolSpec("ESZ6", "CME");
  private static final Duration SEAM_TIMEOUT = Duration.ofSeconds(5);

  private final DtcSourceConnectorConfig config = new DtcSourceConnectorConfig(Map.of(
      DtcSourceConnectorConfig.HOST_CONFIG, "127.0.0.1", DtcSourceConnectorConfig.SYMBOLS_CONFIG, "ESZ6@CME",
      DtcSourceConnectorConfig.DEPTH_LEVELS_CONFIG, "5"));
  private final DtcRecords records = new DtcRecords(config);
  private final TaskMetrics metrics = new TaskMetrics();
  private final RecordingRequester requester = new RecordingRequester();
  private final List<Long> requests = requester.requests;
  private final List<Integer> forgotten = requester.forgotten;
  private final List<SourceRecord> out = new ArrayList<>();
  /** The monotonic clock of the backfill timeout, moved by hand. */
  private final AtomicLong nanoTime = new AtomicLong(123_456_789L);

  private SymbolStream stream(Map<String, ?> storedOffset, Duration lookback) {
    return new SymbolStream(ES, storedOffset, records, metrics, requester, lookback, Duration.ofSeconds(30),
        SEAM_TIMEOUT, nanoTime::get);
  }

  private static TradeEvent trade(long micros, double price) {
    return new TradeEvent(price, 2, AggressorSide.BUY, micros, NOW);
  }

  private static MarketEvents.HistoricalTick tick(int request, long micros, double price, boolean last) {
    return new MarketEvents.HistoricalTick(request, "ESZ6", "CME", price, 2, AggressorSide.BUY, micros, last);
  }

  private static Struct value(SourceRecord record) {
    return (Struct) record.value();
  }

  /** time-price-sequence-source of each trade record, in order. */
  private List<String> trades() {
    return out.stream().filter(r -> r.topic().equals(config.tradesTopic())).map(r -> value(r).getInt64("eventTime")
        - S10 + "@" + value(r).getFloat64("price") + "#" + value(r).getInt32("sequence") + " "
        + value(r).getString("source")).collect(Collectors.toList());
  }

  /** Starts a stream with no offset whose first live trade (at 10.3 s, the 2nd of that time) anchors a backfill. */
  private SymbolStream startedAndBackfilled() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 300_000, 100.5, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 300_000, 101, true), NOW, out);
    return stream;
  }

  @Test
  void shouldBackfillFromTheFirstLiveTradesSecondAndDropTheHeldLiveTradeWhenTheBackfillEnds() {
    final SymbolStream stream = startedAndBackfilled();
    stream.onLiveTrade(trade(S10 + 300_000, 101.25), out);
    stream.onLiveTrade(trade(S10 + 400_000, 101.5), out);

    assertThat(requests).containsExactly(S10);
    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@100.5#0 BACKFILL",
        "300000@101.0#1 BACKFILL", "300000@101.25#2 LIVE", "400000@101.5#0 LIVE");
    assertThat(out.get(4).sourceOffset()).isEqualTo(Map.of("eventTime", S10 + 400_000, "sequence", 0));
    assertThat(out.get(4).sourcePartition()).isEqualTo(Map.of("server", "127.0.0.1:11099", "symbol", "ESZ6"));
    assertThat(out.get(4).key()).isEqualTo("ESZ26");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(1);
    assertThat(metrics.backfillTrades.get()).isEqualTo(3);
    assertThat(metrics.liveTrades.get()).isEqualTo(2);
    assertThat(forgotten).as("answered: the client may forget it").containsExactly(1);
  }

  /** What the task asks after each poll: its records of a poll in which the symbol backfilled go merged in time. */
  @Test
  void shouldSayItBackfilledInEveryPollFromTheRequestToTheEndOfTheAnswer() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    assertThat(stream.backfilledSinceAsked()).as("before its first trade").isFalse();

    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    assertThat(stream.backfilledSinceAsked()).as("the poll of the request").isTrue();
    assertThat(stream.backfilledSinceAsked()).as("a poll waiting for the answer").isTrue();
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, true), NOW, out);
    assertThat(stream.backfilledSinceAsked()).as("the poll the answer ended in").isTrue();
    assertThat(stream.backfilledSinceAsked()).as("the poll after").isFalse();

    stream.onGap();
    stream.onHistoricalTick(tick(2, S10 + 300_000, 101, true), NOW, out);
    assertThat(stream.backfilledSinceAsked()).as("a poll the whole backfill began and ended in").isTrue();
  }

  @Test
  void shouldCompleteTheBackfillWithTheTicksReceivedWhenATrailerEndsTheAnswer() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 300_000, 101, false), NOW, out);

    stream.onHistoricalComplete(1, out);
    stream.onLiveTrade(trade(S10 + 400_000, 101.5), out);

    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@101.0#0 BACKFILL",
        "400000@101.5#0 LIVE");
    assertThat(metrics.backfillsCompleted.get()).isEqualTo(1);
    assertThat(metrics.backfillFailures.get()).isZero();
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(1);
    assertThat(forgotten).containsExactly(1);
  }

  @Test
  void shouldIgnoreATrailerAfterTheFinalRecordAndOneOfAnUnknownRequest() {
    final SymbolStream stream = startedAndBackfilled();
    stream.onHistoricalComplete(1, out);
    stream.onHistoricalComplete(7, out);
    // A second backfill running: neither an old nor a foreign trailer ends it.
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 600_000, 102), out);
    stream.onHistoricalComplete(1, out);
    stream.onHistoricalComplete(7, out);

    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@100.5#0 BACKFILL",
        "300000@101.0#1 BACKFILL");
    assertThat(metrics.backfillsCompleted.get()).isEqualTo(1);
    assertThat(metrics.backfillFailures.get()).isZero();
    assertThat(forgotten).containsExactly(1);
  }

  @Test
  void shouldTakeATrailerWithoutTicksAsNoRecordsToReturn() {
    final SymbolStream stream = stream(Map.of("eventTime", S10 + 300_000, "sequence", 0), Duration.ZERO);
    stream.onSessionStart();

    stream.onHistoricalComplete(1, out);
    stream.onLiveTrade(trade(S10 + 400_000, 101.5), out);

    assertThat(trades()).containsExactly("400000@101.5#0 LIVE");
    assertThat(metrics.backfillsCompleted.get()).isEqualTo(1);
    assertThat(metrics.backfillFailures.get()).isZero();
  }

  @Test
  void shouldReDeliverTheOverlapAsExactDuplicatesWhenTheSessionRestarts() {
    final SymbolStream stream = startedAndBackfilled();
    stream.onLiveTrade(trade(S10 + 300_000, 101.25), out);
    stream.onLiveTrade(trade(S10 + 400_000, 101.5), out);
    final List<String> beforeGap = trades().stream().map(t -> t.substring(0, t.indexOf(' ')))
        .collect(Collectors.toList());
    out.clear();

    // Reconnect: 10.5 s was streamed while disconnected, 10.6 s arrives live before the answer, 10.7 s after it.
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 600_000, 102), out);
    stream.onHistoricalTick(tick(2, S10 + 100_000, 100, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 300_000, 100.5, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 300_000, 101, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 300_000, 101.25, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 400_000, 101.5, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 500_000, 101.75, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 600_000, 102, true), NOW, out);
    stream.onLiveTrade(trade(S10 + 700_000, 102.25), out);

    assertThat(requests).containsExactly(S10, S10);
    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@100.5#0 BACKFILL",
        "300000@101.0#1 BACKFILL", "300000@101.25#2 BACKFILL", "400000@101.5#0 BACKFILL",
        "500000@101.75#0 BACKFILL", "600000@102.0#0 BACKFILL", "700000@102.25#0 LIVE");
    assertThat(trades().subList(0, beforeGap.size())).allSatisfy(t -> assertThat(beforeGap).anyMatch(t::startsWith));
    assertThat(out.get(out.size() - 1).sourceOffset()).isEqualTo(Map.of("eventTime", S10 + 700_000, "sequence", 0));
  }

  @Test
  void shouldFillTheGapFromItsOffsetWhenTheServerSaysTheStreamMissedData() {
    final SymbolStream stream = startedAndBackfilled();
    stream.onLiveTrade(trade(S10 + 400_000, 101.5), out);
    out.clear();

    stream.onGap();
    stream.onGap(); // a second report while the backfill runs asks nothing more
    stream.onLiveTrade(trade(S10 + 600_000, 102), out);
    stream.onHistoricalTick(tick(2, S10 + 100_000, 100, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 400_000, 101.5, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 500_000, 101.75, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 600_000, 102, true), NOW, out);

    assertThat(requests).containsExactly(S10, S10);
    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "400000@101.5#0 BACKFILL",
        "500000@101.75#0 BACKFILL", "600000@102.0#0 BACKFILL");
  }

  @Test
  void shouldForgetTheRequestItStopsWaitingForWhenTheSessionRestartsMidBackfill() {
    final SymbolStream stream = stream(Map.of("eventTime", S10, "sequence", 0L), Duration.ZERO);
    stream.onSessionStart();

    stream.onSessionStart();

    assertThat(requests).containsExactly(S10, S10);
    assertThat(forgotten).containsExactly(1);
  }

  @Test
  void shouldForgetTheBackfillItWaitsForWhenTheSymbolIsRejected() {
    final SymbolStream stream = stream(Map.of("eventTime", S10, "sequence", 0L), Duration.ZERO);
    stream.onSessionStart();

    stream.onRejected("127.0.0.1:11099", "Symbol ESZ6 is not available", "trades", NOW, out);

    assertThat(forgotten).containsExactly(1);
  }

  @Test
  void shouldRequestFromTheStoredOffsetsWholeSecondWhenTheSessionStarts() {
    final SymbolStream stream = stream(Map.of("eventTime", S10 + 345_678L, "sequence", 3L), Duration.ofHours(1));
    stream.onSessionStart();
    assertThat(requests).containsExactly(S10);
    assertThat(stream.offset()).isEqualTo(Map.of("eventTime", S10 + 345_678L, "sequence", 3L));
  }

  @Test
  void shouldLookBackBeforeTheFirstLiveTradeWhenThereIsNoOffset() {
    final SymbolStream stream = stream(null, Duration.ofMillis(2_500));
    stream.onSessionStart();
    assertThat(requests).isEmpty();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    assertThat(requests).containsExactly(S10 - 3_000_000);
    assertThat(out).isEmpty();
    assertThat(stream.offset()).isEmpty();
  }

  @Test
  void shouldTakeTheReceiveTimeRatherThan1970WhenALiveTradeCarriesNoTime() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();

    // A TRADE_NO_TIMESTAMP before any timed trade of the symbol: the adapter has no time to reuse.
    stream.onLiveTrade(TradeEvent.live(new MarketEvents.Trade(1, "ESZ6", "CME", 101, 2, AggressorSide.BUY, 0), NOW),
        out);
    stream.onHistoricalEnd(1, "no records to return", out);

    assertThat(requests).containsExactly(DtcRecords.micros(NOW));
    assertThat(out).singleElement().satisfies(record -> assertThat(record.sourceOffset())
        .isEqualTo(Map.of("eventTime", DtcRecords.micros(NOW), "sequence", 0)));
  }

  @Test
  void shouldPublishTheHeldLiveTradesAndCountAFailureWhenTheBackfillIsRejected() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    stream.onLiveTrade(trade(S10 + 300_000, 101.25), out);
    stream.onHistoricalEnd(1, "rejected: no history", out);
    stream.onLiveTrade(trade(S10 + 300_000, 101.5), out);

    assertThat(trades()).containsExactly("300000@101.0#0 LIVE", "300000@101.25#1 LIVE", "300000@101.5#2 LIVE");
    assertThat(metrics.backfillFailures.get()).isEqualTo(1);
  }

  @Test
  void shouldGiveUpTheBackfillWhenItIsNotAnsweredInTime() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    nanoTime.addAndGet(Duration.ofSeconds(30).toNanos());
    stream.checkTimeouts(out);
    assertThat(out).isEmpty();
    nanoTime.incrementAndGet();
    stream.checkTimeouts(out);
    assertThat(trades()).containsExactly("300000@101.0#0 LIVE");
    assertThat(metrics.backfillFailures.get()).isEqualTo(1);
    assertThat(forgotten).containsExactly(1);
  }

  /** A stream that resumes from a stored offset at 9.0 s and has asked for its backfill (request 1). */
  private SymbolStream resumedAndBackfilling() {
    final SymbolStream stream = stream(Map.of("eventTime", S10 - 1_000_000, "sequence", 0), Duration.ZERO);
    stream.onSessionStart();
    return stream;
  }

  @Test
  void shouldJoinTheLiveTradesThatFollowAHistoryThatStoppedInTheSecondTheSubscriptionStarted() {
    final SymbolStream stream = resumedAndBackfilling();
    // A separate historical server: the subscription started at 10.3 s, the history stops after 10.3 s.
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    stream.onLiveTrade(trade(S10 + 500_000, 101.5), out);
    stream.onHistoricalTick(tick(1, S10 - 1_000_000, 99, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, false), NOW, out);
    stream.onLiveTrade(trade(S10 + 600_000, 102), out);
    stream.onHistoricalTick(tick(1, S10 + 300_000, 101, true), NOW, out);
    stream.onLiveTrade(trade(S10 + 700_000, 102.5), out);

    assertThat(trades()).containsExactly("-1000000@99.0#0 BACKFILL", "100000@100.0#0 BACKFILL",
        "300000@101.0#0 BACKFILL", "500000@101.5#0 LIVE", "600000@102.0#0 LIVE", "700000@102.5#0 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).as("10.3 s came both ways").isEqualTo(1);
    assertThat(metrics.backfillFailures.get()).isZero();
  }

  @Test
  void shouldKeepTheLiveTradesOfTheHistorysLastSecondWhenTheSubscriptionStartedBeforeIt() {
    final SymbolStream stream = resumedAndBackfilling();
    // The historical server lags: it knows 10.1 s but not yet 10.4 s, which the live stream brought.
    stream.onLiveTrade(trade(S10 - 500_000, 99.5), out);
    stream.onLiveTrade(trade(S10 + 100_000, 100), out);
    stream.onLiveTrade(trade(S10 + 400_000, 100.5), out);
    stream.onLiveTrade(trade(S10 + 1_200_000, 101), out);
    stream.onHistoricalTick(tick(1, S10 - 1_000_000, 99, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 - 500_000, 99.5, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, true), NOW, out);

    assertThat(trades()).containsExactly("-1000000@99.0#0 BACKFILL", "-500000@99.5#0 BACKFILL",
        "100000@100.0#0 BACKFILL", "400000@100.5#0 LIVE", "1200000@101.0#0 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(2);
  }

  @Test
  void shouldCountTheOverlapOnceWhenTradesOfOneWholeSecondCameBothWays() {
    final SymbolStream stream = resumedAndBackfilling();
    // Whole-second times: only the order tells which of the live trades the history already holds.
    stream.onLiveTrade(trade(S10, 101), out);
    stream.onLiveTrade(trade(S10, 102), out);
    stream.onHistoricalTick(tick(1, S10, 100, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10, 101, true), NOW, out);

    assertThat(trades()).containsExactly("0@100.0#0 BACKFILL", "0@101.0#1 BACKFILL", "0@102.0#2 LIVE");
  }

  @Test
  void shouldDropNoLiveTradeWhenTheHistoryStoppedBeforeTheSubscriptionsSecond() {
    final SymbolStream stream = resumedAndBackfilling();
    stream.onLiveTrade(trade(S10 + 1_200_000, 102), out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 900_000, 101, true), NOW, out);

    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "900000@101.0#0 BACKFILL",
        "1200000@102.0#0 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isZero();
  }

  @Test
  void shouldJoinWhatHistoryArrivedToTheLiveTradesWhenTheBackfillIsCutOff() {
    final SymbolStream stream = resumedAndBackfilling();
    stream.onLiveTrade(trade(S10 + 100_000, 100), out);
    stream.onLiveTrade(trade(S10 + 400_000, 100.5), out);
    stream.onHistoricalTick(tick(1, S10 - 1_000_000, 99, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, false), NOW, out);
    assertThat(trades()).as("10 s may still grow").containsExactly("-1000000@99.0#0 BACKFILL");
    stream.onHistoricalEnd(1, "rejected: historical data server closed the connection", out);

    assertThat(trades()).containsExactly("-1000000@99.0#0 BACKFILL", "100000@100.0#0 BACKFILL",
        "400000@100.5#0 LIVE");
    assertThat(metrics.backfillFailures.get()).isEqualTo(1);
    assertThat(forgotten).containsExactly(1);
  }

  @Test
  void shouldKeepWaitingForTheBackfillWhenTheWallClockJumpsForward() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);

    // An hour's jump of the wall clock (the receive time) with 10 s of real time gone.
    nanoTime.addAndGet(Duration.ofSeconds(10).toNanos());
    stream.checkTimeouts(out);
    stream.onHistoricalTick(tick(1, S10 + 300_000, 101, true), NOW.plus(Duration.ofHours(1)), out);

    assertThat(trades()).containsExactly("300000@101.0#0 BACKFILL");
    assertThat(metrics.backfillFailures.get()).isZero();
  }

  @Test
  void shouldNotCountAFailureWhenAnEmptyBackfillHeldNothing() {
    final SymbolStream stream = stream(Map.of("eventTime", S10, "sequence", 0L), Duration.ZERO);
    stream.onSessionStart();
    stream.onHistoricalEnd(1, "no records to return", out);
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    assertThat(trades()).containsExactly("300000@101.0#0 LIVE");
    assertThat(metrics.backfillFailures.get()).isZero();
  }

  @Test
  void shouldIgnoreTicksOfARequestNoLongerAwaited() {
    final SymbolStream stream = stream(Map.of("eventTime", S10, "sequence", 0L), Duration.ZERO);
    stream.onSessionStart();
    stream.onSessionStart();
    stream.onHistoricalTick(tick(1, S10, 100, true), NOW, out);
    assertThat(out).isEmpty();
    stream.onHistoricalTick(tick(2, S10, 100, true), NOW, out);
    assertThat(trades()).containsExactly("0@100.0#0 BACKFILL");
  }

  @Test
  void shouldPublishTheLiveTradesHeldForABackfillWhenTheSymbolIsRejectedBeforeItsAnswer() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    stream.onSessionStart(); // a reconnect before the answer: the trade stays held

    stream.onRejected("127.0.0.1:11099", "Symbol ESZ6 is not available", "trades", NOW, out);

    assertThat(trades()).containsExactly("300000@101.0#0 LIVE");
    assertThat(value(out.get(out.size() - 1)).getString("reasonCode")).isEqualTo("symbol_rejected");
    assertThat(metrics.liveTrades.get()).isEqualTo(1);
    assertThat(metrics.backfillFailures.get()).as("its gap may not be filled").isEqualTo(1);
    assertThat(forgotten).containsExactly(1, 2);
  }

  @Test
  void shouldDeadLetterARejectedSymbolAndPublishNothingMoreForIt() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onRejected("127.0.0.1:11099", "Symbol ESZ6 is not available", "trades", NOW, out);
    stream.onLiveTrade(trade(S10, 100), out);
    stream.onQuote(new MarketEvents.Quote(1, "ESZ6", "CME", 1.0, 2.0, 1.25, 3.0, S10), NOW, out);
    stream.onSessionStart();

    assertThat(out).hasSize(1);
    assertThat(out.get(0).topic()).isEqualTo(config.deadLetterTopic());
    assertThat(metrics.unknownSymbolMessages.get()).as("counted where they went").isEqualTo(2);
    assertThat(value(out.get(0)).getString("reasonCode")).isEqualTo("symbol_rejected");
    assertThat(value(out.get(0)).getString("detail"))
        .isEqualTo("DTC server 127.0.0.1:11099 rejected symbol ESZ6@CME: Symbol ESZ6 is not available");
    assertThat(value(out.get(0)).getString("sourceTopic")).isEqualTo("trades");
    assertThat(requests).isEmpty();
    assertThat(metrics.symbolsRejected.get()).isEqualTo(1);
  }

  @Test
  void shouldClearTheBookBeforeEachDepthSnapshot() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    for (int round = 0; round < 2; round++) {
      stream.onDepth(depth(AggressorSide.BUY, 99.75, MarketEvents.Depth.SNAPSHOT, false), NOW, out);
      stream.onDepth(depth(AggressorSide.SELL, 100, MarketEvents.Depth.SNAPSHOT, true), NOW, out);
    }
    stream.onDepth(depth(AggressorSide.SELL, 100, MarketEvents.Depth.DELETE, true), NOW, out);

    assertThat(out).extracting(r -> value(r).getString("action") + " " + value(r).getString("side") + " "
        + value(r).getInt64("quantity") + " " + value(r).getBoolean("endOfBatch")).containsExactly(
        "CLEAR UNKNOWN 0 false", "INSERT BID 7 false", "INSERT ASK 7 true",
        "CLEAR UNKNOWN 0 false", "INSERT BID 7 false", "INSERT ASK 7 true", "DELETE ASK 0 true");
    assertThat(metrics.depthUpdates.get()).isEqualTo(7);
  }

  @Test
  void shouldPublishAnEmptyBookSnapshotAsOneClearThatEndsTheBatch() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onDepth(depth(AggressorSide.BUY, 99.75, MarketEvents.Depth.SNAPSHOT, true), NOW, out);
    // DTC sends an empty book as one snapshot message, first and last of its batch, that holds no level.
    stream.onDepth(new MarketEvents.Depth(1, "ESZ6", AggressorSide.UNKNOWN, 0, 0, 0, MarketEvents.Depth.SNAPSHOT,
        S10, true, true), NOW, out);

    assertThat(out).extracting(r -> value(r).getString("action") + " " + value(r).getString("side") + " "
        + value(r).getBoolean("endOfBatch")).containsExactly(
        "CLEAR UNKNOWN false", "INSERT BID true", "CLEAR UNKNOWN true");
    assertThat(metrics.depthUpdates.get()).isEqualTo(3);
  }

  @Test
  void shouldClearTheBookBeforeTheSnapshotOfANewSessionWhenTheLastOneWasCutOff() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onDepth(depth(AggressorSide.BUY, 99.75, MarketEvents.Depth.SNAPSHOT, false), NOW, out);
    stream.onSessionStart();
    stream.onDepth(depth(AggressorSide.BUY, 99.5, MarketEvents.Depth.SNAPSHOT, true), NOW, out);

    assertThat(out).extracting(r -> value(r).getString("action") + " " + value(r).getFloat64("price")).containsExactly(
        "CLEAR 0.0", "INSERT 99.75", "CLEAR 0.0", "INSERT 99.5");
  }

  /** A level without the first-of-batch flag: whether a snapshot level starts a batch is the stream's to know. */
  private static MarketEvents.Depth depth(AggressorSide side, double price, int type, boolean last) {
    return new MarketEvents.Depth(1, "ESZ6", side, price, 7, 1, type, S10, false, last);
  }

  @Test
  void shouldReplaceTheLiveTradesHeldBeforeAReconnectThatSupersededTheBackfillWhenTheNewHistoryHoldsThem() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10, 100), out);
    stream.onLiveTrade(trade(S10, 100.25), out);
    stream.onSessionStart(); // disconnected before the answer: asked again, the two trades still held

    stream.onHistoricalTick(tick(2, S10, 100, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10, 100.25, false), NOW, out);
    stream.onHistoricalTick(tick(2, S10 + 250_000, 100, true), NOW, out);

    assertThat(trades()).containsExactly("0@100.0#0 BACKFILL", "0@100.25#1 BACKFILL", "250000@100.0#0 BACKFILL");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(2);
  }

  @Test
  void shouldNotPublishAgainTheHeldLiveTradesOfSecondsTheSupersededBackfillPublishedWhenTheNextOneFails() {
    final SymbolStream stream = stream(null, Duration.ZERO);
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);
    stream.onHistoricalTick(tick(1, S10 + 100_000, 100, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 300_000, 101, false), NOW, out);
    stream.onHistoricalTick(tick(1, S10 + 1_000_000, 102, false), NOW, out); // second 10 is complete: published
    stream.onSessionStart(); // disconnected before the answer ended

    stream.onHistoricalEnd(2, "rejected", out);

    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@101.0#0 BACKFILL");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(1);
  }

  /** Plays a historical answer to the request: these ticks, the last one final. */
  private void answer(SymbolStream stream, int request, TradeEvent... ticks) {
    for (int i = 0; i < ticks.length; i++) {
      final boolean last = i == ticks.length - 1;
      stream.onHistoricalTick(tick(request, ticks[i].eventTimeMicros(), ticks[i].price(), last), NOW, out);
    }
  }

  private void live(SymbolStream stream, TradeEvent... trades) {
    for (final TradeEvent trade : trades) {
      stream.onLiveTrade(trade, out);
    }
  }

  @Test
  void shouldRecognizeTheLiveTradesStillInFlightWhenTheHistoryRunsAheadByPartOfASecond() {
    final SymbolStream stream = resumedAndBackfilling();
    // A separate historical server answers up to 10.5 s while the market-data connection has delivered 10.1 s.
    stream.onLiveTrade(trade(S10 + 100_000, 100), out);
    answer(stream, 1, trade(S10 - 1_000_000, 99), trade(S10 + 100_000, 100), trade(S10 + 300_000, 101),
        trade(S10 + 500_000, 101.5));
    stream.onLiveTrade(trade(S10 + 300_000, 101), out); // in flight when the answer ended
    live(stream, trade(S10 + 500_000, 101.5), trade(S10 + 600_000, 102), trade(S10 + 1_200_000, 103));

    assertThat(trades()).containsExactly("-1000000@99.0#0 BACKFILL", "100000@100.0#0 BACKFILL",
        "300000@101.0#0 BACKFILL", "500000@101.5#0 BACKFILL", "600000@102.0#0 LIVE", "1200000@103.0#0 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(3);
    assertThat(metrics.liveTrades.get() + metrics.liveTradesReplaced.get()).as("count in").isEqualTo(5);
  }

  @Test
  void shouldDropTheLiveTradesOfEarlierSecondsWhenTheHistoryRunsAheadBySeveralSeconds() {
    final SymbolStream stream = resumedAndBackfilling();
    stream.onLiveTrade(trade(S10 - 500_000, 99.5), out);
    answer(stream, 1, trade(S10 - 1_000_000, 99), trade(S10 - 500_000, 99.5), trade(S10 + 100_000, 100),
        trade(S10 + 1_200_000, 101), trade(S10 + 2_400_000, 102));
    live(stream, trade(S10 + 100_000, 100), trade(S10 + 1_200_000, 101), trade(S10 + 2_400_000, 102),
        trade(S10 + 2_700_000, 102.5));

    assertThat(trades()).containsExactly("-1000000@99.0#0 BACKFILL", "-500000@99.5#0 BACKFILL",
        "100000@100.0#0 BACKFILL", "1200000@101.0#0 BACKFILL", "2400000@102.0#0 BACKFILL", "2700000@102.5#0 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(4);
  }

  @Test
  void shouldRecognizeIdenticalPrintsOfAWholeSecondThatTheHistoryHoldsAheadOfTheLiveStream() {
    final SymbolStream stream = resumedAndBackfilling();
    // Whole-second times: the live stream read the first of three equal prints when the history held all three.
    stream.onLiveTrade(trade(S10, 100), out);
    answer(stream, 1, trade(S10, 100), trade(S10, 100), trade(S10, 100));
    live(stream, trade(S10, 100), trade(S10, 100), trade(S10, 100.25));

    assertThat(trades()).containsExactly("0@100.0#0 BACKFILL", "0@100.0#1 BACKFILL", "0@100.0#2 BACKFILL",
        "0@100.25#3 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(3);
  }

  @Test
  void shouldJoinTheLiveTradesThatFollowTheHistoryWhenTheyShareItsLastPrints() {
    final SymbolStream stream = resumedAndBackfilling();
    // Not ahead: equal prints 100, 100 came after the history's 100, 100, 100.5 (the seam must not take them).
    answer(stream, 1, trade(S10, 100), trade(S10, 100), trade(S10, 100.5));
    live(stream, trade(S10, 100), trade(S10, 100), trade(S10, 101));

    assertThat(trades()).containsExactly("0@100.0#0 BACKFILL", "0@100.0#1 BACKFILL", "0@100.5#2 BACKFILL",
        "0@100.0#3 LIVE", "0@100.0#4 LIVE", "0@101.0#5 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isZero();
  }

  @Test
  void shouldNotPublishTheTradesHeldByTheOpenSeamAgainWhenTheSessionRestarts() {
    final SymbolStream stream = resumedAndBackfilling();
    stream.onLiveTrade(trade(S10 + 100_000, 100), out);
    answer(stream, 1, trade(S10 + 100_000, 100), trade(S10 + 300_000, 101), trade(S10 + 500_000, 101.5));
    stream.onLiveTrade(trade(S10 + 300_000, 101), out);

    // Disconnected before 10.5 s came live: the new session asks again from the offset's second.
    stream.onSessionStart();
    stream.onLiveTrade(trade(S10 + 900_000, 102), out);
    answer(stream, 2, trade(S10 + 100_000, 100), trade(S10 + 300_000, 101), trade(S10 + 500_000, 101.5),
        trade(S10 + 700_000, 101.75), trade(S10 + 900_000, 102));
    stream.onLiveTrade(trade(S10 + 1_100_000, 102.5), out);

    assertThat(requests).containsExactly(S10 - 1_000_000, S10);
    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@101.0#0 BACKFILL",
        "500000@101.5#0 BACKFILL", "100000@100.0#0 BACKFILL", "300000@101.0#0 BACKFILL", "500000@101.5#0 BACKFILL",
        "700000@101.75#0 BACKFILL", "900000@102.0#0 BACKFILL", "1100000@102.5#0 LIVE");
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(3);
    assertThat(metrics.liveTrades.get() + metrics.liveTradesReplaced.get()).as("count in").isEqualTo(4);
  }

  @Test
  void shouldCloseTheSeamAtItsBoundWhenTheLiveStreamNeverReachesTheHistorysEnd() {
    final SymbolStream stream = resumedAndBackfilling();
    answer(stream, 1, trade(S10 + 100_000, 100), trade(S10 + 300_000, 101), trade(S10 + 500_000, 101.5));
    live(stream, trade(S10 + 100_000, 100), trade(S10 + 300_000, 101)); // then quiet: 10.5 s never comes live

    nanoTime.addAndGet(SEAM_TIMEOUT.toNanos());
    stream.checkTimeouts(out);
    assertThat(metrics.seamTimeouts.get()).as("not yet").isZero();
    nanoTime.incrementAndGet();
    stream.checkTimeouts(out);
    stream.onLiveTrade(trade(S10 + 500_000, 101.5), out); // after the bound: published as it comes

    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "300000@101.0#0 BACKFILL",
        "500000@101.5#0 BACKFILL", "500000@101.5#1 LIVE");
    assertThat(metrics.seamTimeouts.get()).isEqualTo(1);
    assertThat(metrics.liveTradesReplaced.get()).isEqualTo(2);
    assertThat(metrics.liveTrades.get()).isEqualTo(1);
  }

  @Test
  void shouldCloseTheSeamOfAQuietMarketAtItsBoundWithoutAWarning() {
    final SymbolStream stream = resumedAndBackfilling();
    answer(stream, 1, trade(S10 + 100_000, 100));

    nanoTime.addAndGet(SEAM_TIMEOUT.toNanos() + 1);
    stream.checkTimeouts(out);
    stream.onLiveTrade(trade(S10 + 100_000, 100.25), out);

    assertThat(trades()).containsExactly("100000@100.0#0 BACKFILL", "100000@100.25#1 LIVE");
    assertThat(metrics.seamTimeouts.get()).isZero();
  }
}
