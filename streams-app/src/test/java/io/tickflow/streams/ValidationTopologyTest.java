package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.T0;
import static io.tickflow.streams.TopologyHarness.bytes;
import static io.tickflow.streams.TopologyHarness.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.ingest.DeadLetters;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.topics.TickflowTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Normalization, validation, price jumps and deduplication through the whole topology. */
class ValidationTopologyTest {

  /** The latest instant an Avro timestamp-micros holds. */
  private static final Instant LAST_MICROS = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000L, 775_807_000L);

  private TopologyHarness harness;

  @BeforeEach
  void setUp() {
    harness = new TopologyHarness(Map.of(SymbolNormalization.ALIASES_CONFIG, "EMINI-DEC=ESZ26"));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void shouldWriteOneCanonicalSymbolWhenFeedsSpellItDifferently() {
    harness.pipe(trade("ESZ6", 5000.25, 1, T0));
    harness.pipe(trade("ESZ2026", 5000.50, 2, T0.plusMillis(1)));
    harness.pipe(trade("ESZ26-CME", 5000.75, 3, T0.plusMillis(2)));
    harness.pipe(trade("emini-dec", 5001.00, 4, T0.plusMillis(3)));

    List<KeyValue<String, Trade>> out = harness.trades.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactly("ESZ26", "ESZ26", "ESZ26", "ESZ26");
    assertThat(out).extracting(kv -> kv.value.getSymbol()).containsOnly("ESZ26");
    assertThat(out).extracting(kv -> kv.value.getExchange()).containsExactly("", "", "CME", "");
    assertThat(out).extracting(kv -> kv.value.getPrice()).containsExactly(5000.25, 5000.50, 5000.75, 5001.00);
  }

  @Test
  void shouldResolveOneDigitFuturesYearFromEventTime() {
    harness.pipe(trade("NQH7", 20000, 1, T0));

    assertThat(harness.trades.readValue().getSymbol()).isEqualTo("NQH27");
  }

  static Stream<Arguments> invalidTrades() {
    return Stream.of(
        Arguments.of("empty symbol", trade("", 5000, 1, T0), "symbol_invalid", "symbol '' is blank"),
        Arguments.of("blank symbol", trade("  ", 5000, 1, T0), "symbol_invalid", "symbol '  ' is blank"),
        Arguments.of("10 KB symbol", trade("ES".repeat(5_120), 5000, 1, T0), "symbol_invalid",
            "symbol of 10240 characters is longer than 64"),
        Arguments.of("control character in symbol", trade("ES\u0000Z6", 5000, 1, T0), "symbol_invalid",
            "symbol holds control character U+0000 at index 2"),
        Arguments.of("no-break space symbol", trade("\u00A0", 5000, 1, T0), "symbol_invalid",
            "symbol '\u00A0' is blank"),
        Arguments.of("ideographic space symbol", trade("\u3000\u202F", 5000, 1, T0), "symbol_invalid",
            "symbol '\u3000\u202F' is blank"),
        Arguments.of("zero-width space in symbol", trade("ES\u200BZ6", 5000, 1, T0), "symbol_invalid",
            "symbol holds format character U+200B at index 2"),
        Arguments.of("byte order mark before symbol", trade("\uFEFFESZ6", 5000, 1, T0), "symbol_invalid",
            "symbol holds format character U+FEFF at index 0"),
        Arguments.of("bidi override in symbol", trade("ES\u202EZ6", 5000, 1, T0), "symbol_invalid",
            "symbol holds format character U+202E at index 2"),
        Arguments.of("64 eszetts, 128 letters upper-cased", trade("ß".repeat(64), 5000, 1, T0), "symbol_invalid",
            "canonical symbol of 128 characters is longer than 64"),
        Arguments.of("64 characters, 65 with the futures year", trade("A".repeat(62) + "Z6", 5000, 1, T0),
            "symbol_invalid", "canonical symbol of 65 characters is longer than 64"),
        Arguments.of("zero price", trade("ESZ26", 0.0, 1, T0), "price_not_positive", "price 0.0 is not a positive number"),
        Arguments.of("negative price", trade("ESZ26", -1.5, 1, T0), "price_not_positive",
            "price -1.5 is not a positive number"),
        Arguments.of("NaN price", trade("ESZ26", Double.NaN, 1, T0), "price_not_positive",
            "price NaN is not a positive number"),
        Arguments.of("zero size", trade("ESZ26", 5000, 0, T0), "size_not_positive", "size 0 is not positive"),
        Arguments.of("negative size", trade("ESZ26", 5000, -3, T0), "size_not_positive", "size -3 is not positive"),
        Arguments.of("future", new Trade("ESZ26", "", 5000.0, 1L, AggressorSide.BID, T0.plusSeconds(6), T0, 0,
            DataSource.LIVE), "future_timestamp", "event time is 6000000 us after receive time; the limit is 5000000 us"),
        Arguments.of("stale", new Trade("ESZ26", "", 5000.0, 1L, AggressorSide.BID, T0.minus(Duration.ofDays(31)), T0,
            0, DataSource.FILE), "stale_timestamp",
            "event time is 2678400000000 us before receive time; the horizon is 2592000000000 us"),
        Arguments.of("before 1970, no receive time", new Trade("ESZ26", "", 5000.0, 1L, AggressorSide.BID,
            Instant.ofEpochSecond(-2), Instant.EPOCH, 0, DataSource.FILE), "stale_timestamp",
            "event time is 2000000 us before 1970"),
        Arguments.of("future, no receive time", new Trade("ESZ26", "", 5000.0, 1L, AggressorSide.BID,
            T0.plus(Duration.ofDays(1)), Instant.EPOCH, 0, DataSource.FILE), "future_timestamp",
            "event time is 86400000000 us after the record timestamp (no receive time); the limit is 5000000 us"),
        Arguments.of("beyond year 9999, receive time as far", new Trade("ESZ26", "", 5000.0, 1L, AggressorSide.BID,
            LAST_MICROS, LAST_MICROS, 0, DataSource.FILE), "future_timestamp",
            "event time +294247-01-10T04:00:54.775807Z is after year 9999"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTrades")
  void shouldDeadLetterInvalidTradeWithReasonAndOriginalBytes(String name, Trade invalid, String reason,
                                                               String detail) {
    assertOnlyDeadLetter(bytes(invalid), reason, detail);
  }

  /** Pipes one raw trade keyed ESZ26 at T0: it is the one dead letter, with its reason, and nothing is written. */
  private void assertOnlyDeadLetter(byte[] original, String reason, String detail) {
    harness.rawTrades.pipeInput(new TestRecord<>("ESZ26", original, T0));

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo(reason);
    assertThat(letter.getDetail()).isEqualTo(detail);
    assertThat(letter.getSourceTopic()).isEqualTo(TickflowTopics.RAW_TRADES);
    assertThat(letter.getSourceOffset()).isZero();
    assertThat(letter.getOriginalValue().array()).isEqualTo(original);
    assertThat(new String(letter.getOriginalKey().array(), StandardCharsets.UTF_8)).isEqualTo("ESZ26");
    assertThat(letter.getRejectedAt()).isEqualTo(T0);
    assertThat(harness.trades.isEmpty()).isTrue();
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(1, 0, Map.of(reason, 1L)));
  }

  /**
   * A surrogate written as CESU-8 (ED A0 80) is no UTF-8: Avro reads it as replacement characters, which would key
   * every lost character alike.
   */
  @Test
  void shouldDeadLetterASymbolWhoseBytesAreNotUtf8() {
    byte[] original = bytes(trade("AXYZ", 5000, 1, T0));
    int at = indexOf(original, "XYZ".getBytes(StandardCharsets.US_ASCII));
    original[at] = (byte) 0xED;
    original[at + 1] = (byte) 0xA0;
    original[at + 2] = (byte) 0x80;

    assertOnlyDeadLetter(original, "symbol_invalid", "symbol holds replacement character U+FFFD at index 1");
  }

  /** Spaces at the ends are stripped, Unicode ones as ASCII ones: a copy-pasted symbol is the one it shows. */
  @Test
  void shouldKeySymbolsWithSpacesAtTheirEndsAsTheVisibleSymbol() {
    harness.pipe(trade("ESZ26", 5000.25, 1, T0));
    harness.pipe(trade(" ESZ26 ", 5000.50, 2, T0.plusMillis(1)));
    harness.pipe(trade("\u00A0ESZ26\u202F", 5000.75, 3, T0.plusMillis(2)));
    harness.pipe(trade("\u3000esz6\u2007", 5001.00, 4, T0.plusMillis(3)));

    assertThat(harness.trades.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("ESZ26", "ESZ26",
        "ESZ26", "ESZ26");
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(4, 4, Map.of()));
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("no " + Arrays.toString(part) + " in " + Arrays.toString(bytes));
  }

  @Test
  void shouldKeepOtherSymbolsBarsOpenWhenAFarFutureTradeHasNoReceiveTime() {
    harness.pipe(trade("NQZ26", 20000, 1, T0));
    Trade farFuture = new Trade("ESZ26", "", 5000.0, 1L, AggressorSide.BID, Instant.parse("9999-12-31T23:59:59Z"),
        Instant.EPOCH, 0, DataSource.FILE);
    harness.rawTrades.pipeInput(new TestRecord<>("ESZ26", bytes(farFuture), T0.plusSeconds(1)));
    harness.pipe(trade("NQZ26", 20001, 1, T0.plusSeconds(1)));

    assertThat(harness.deadLetters.readValuesToList()).extracting(DeadLetter::getReasonCode)
        .containsExactly("future_timestamp");
    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice).containsExactly(20000.0, 20001.0);
    assertThat(harness.finalBars.isEmpty()).isTrue();
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(3, 2, Map.of("future_timestamp", 1L)));
  }

  @Test
  void shouldRefuseTheTradeThatWouldOverflowABarsVolume() {
    harness.pipe(trade("ESZ26", 100.0, Long.MAX_VALUE, T0));
    harness.pipe(trade("ESZ26", 100.0, 1, T0.plusMillis(1)));
    harness.pipe(trade("ESZ26", 100.0, 1, T0.plus(Duration.ofDays(8))));

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("bar_overflow");
    assertThat(letter.getDetail()).isEqualTo("size 1 at price 100.0 would take the volume of the 1m bar beyond "
        + "9223372036854775807 or its notional beyond 1.7976931348623157E308");
    assertThat(harness.finalBars.readValuesToList()).filteredOn(bar -> bar.getWindowStart().isBefore(T0.plusSeconds(1)))
        .isNotEmpty().allSatisfy(bar -> {
          assertThat(bar.getVolume()).isEqualTo(Long.MAX_VALUE);
          assertThat(bar.getVwap()).isEqualTo(100.0);
        });
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(3, 2, Map.of("bar_overflow", 1L)));
  }

  @Test
  void shouldRefuseTheTradeThatWouldMakeABarsVwapInfinite() {
    harness.pipe(trade("ESZ26", 1e308, 1, T0));
    harness.pipe(trade("ESZ26", 1e308, 1, T0.plusMillis(1)));
    harness.pipe(trade("NQZ26", 1e308, 10, T0.plusMillis(2)));
    harness.pipe(trade("ESZ26", 1e308, 1, T0.plus(Duration.ofDays(8))));

    assertThat(harness.deadLetters.readValuesToList()).extracting(DeadLetter::getReasonCode)
        .containsExactly("bar_overflow", "bar_overflow");
    assertThat(harness.finalBars.readValuesToList()).isNotEmpty()
        .allSatisfy(bar -> assertThat(bar.getVwap()).isEqualTo(1e308));
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(4, 2, Map.of("bar_overflow", 2L)));
  }

  @Test
  void shouldDeadLetterUndecodableBytesUnchanged() {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    harness.rawTrades.pipeInput(new TestRecord<>("ESZ26", garbage, T0));

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("undecodable");
    assertThat(letter.getDetail()).startsWith("Topic tickflow.raw.trades: not Avro single-object data");
    assertThat(letter.getOriginalValue().array()).isEqualTo(garbage);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterARecordNearTheMessageSizeLimitWithItsFirstBytes() {
    byte[] huge = new byte[1_000_000];
    Arrays.fill(huge, (byte) 'x');
    harness.rawTrades.pipeInput(new TestRecord<>("ESZ26", huge, T0));

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("undecodable");
    assertThat(letter.getOriginalValue().remaining()).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
    assertThat(letter.getDetail()).contains("original value of 1000000 bytes cut to its first 524288");
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(1, 0, Map.of("undecodable", 1L)));
  }

  @Test
  void shouldHoldAPriceJumpAndAcceptEveryTradeOfTheLevelWhenItIsConfirmed() {
    harness.pipeAll(List.of(
        trade("ESZ26", 100.0, 1, AggressorSide.ASK, T0, 0),
        trade("ESZ26", 100.5, 1, AggressorSide.ASK, T0.plusMillis(1), 0),
        trade("ESZ26", 120.0, 1, AggressorSide.ASK, T0.plusMillis(2), 0),
        trade("ESZ26", 120.1, 1, AggressorSide.ASK, T0.plusMillis(3), 0),
        trade("ESZ26", 119.9, 1, AggressorSide.ASK, T0.plusMillis(4), 0)));
    assertThat(harness.trades.readValuesToList()).as("the new level is held until confirmed")
        .extracting(Trade::getPrice).containsExactly(100.0, 100.5);

    harness.pipeAll(List.of(
        trade("ESZ26", 120.2, 1, AggressorSide.ASK, T0.plusMillis(5), 0),
        trade("ESZ26", 121.0, 1, AggressorSide.ASK, T0.plusMillis(6), 0)));

    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice)
        .containsExactly(120.0, 120.1, 119.9, 120.2, 121.0);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(7, 7, Map.of()));
  }

  @Test
  void shouldKeepAHeldLevelWhenAnOutOfOrderPrintFromBeforeItComesAtTheOldPrice() {
    harness.pipeAll(List.of(
        trade("ESZ26", 100.0, 1, T0),
        trade("ESZ26", 120.0, 1, T0.plusMillis(10)),
        // Printed before the jump, delivered after it: the old level, not a return to it.
        trade("ESZ26", 100.25, 1, T0.plusMillis(5)),
        trade("ESZ26", 120.1, 1, T0.plusMillis(11)),
        trade("ESZ26", 119.9, 1, T0.plusMillis(12)),
        trade("ESZ26", 120.2, 1, T0.plusMillis(13))));

    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice)
        .containsExactly(100.0, 100.25, 120.0, 120.1, 119.9, 120.2);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(6, 6, Map.of()));
  }

  @Test
  void shouldAcceptReturnToReferenceAfterABadTick() {
    harness.pipeAll(List.of(
        trade("ESZ26", 100.0, 1, T0),
        trade("ESZ26", 1000.0, 1, T0.plusMillis(1)),
        trade("ESZ26", 100.25, 1, T0.plusMillis(2))));

    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice).containsExactly(100.0, 100.25);
    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("price_jump");
    assertThat(letter.getSourceOffset()).as("the bad tick's own offset").isEqualTo(1);
    assertThat(letter.getDetail())
        .isEqualTo("price 1000.0 is more than 10.0% away from 100.0 and its level was not confirmed");
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(3, 2, Map.of("price_jump", 1L)));
  }

  @Test
  void shouldDeadLetterARekeyedTradeRefusedByTheBarStageUnderItsOriginalKey() {
    Trade spelledOtherwise = trade("ESZ2026", 1000.0, 1, T0.plusMillis(1));
    Trade unkeyedLate = trade("ESZ26", 100.5, 1, T0.minusSeconds(60));
    harness.pipe(trade("ESZ26", 100.0, 1, T0));
    harness.pipe(spelledOtherwise);
    harness.rawTrades.pipeInput(new TestRecord<>(null, bytes(unkeyedLate), T0));
    harness.pipe(trade("ESZ26", 100.25, 1, T0.plusMillis(2)));

    List<KeyValue<String, DeadLetter>> letters = harness.deadLetters.readKeyValuesToList();
    assertThat(letters).extracting(kv -> kv.value.getReasonCode()).containsExactly("late", "price_jump");
    assertThat(letters).extracting(kv -> kv.key).containsExactly(null, "ESZ2026");
    assertThat(letters.get(0).value.getOriginalKey()).isNull();
    assertThat(new String(letters.get(1).value.getOriginalKey().array(), StandardCharsets.UTF_8))
        .isEqualTo("ESZ2026");
    assertThat(letters).extracting(kv -> kv.value.getOriginalValue().array())
        .containsExactly(bytes(unkeyedLate), bytes(spelledOtherwise));
    assertThat(letters).allSatisfy(kv -> assertThat(kv.value.getSourceTopic()).endsWith("by-symbol-repartition"));
    assertThat(harness.trades.readValuesToList()).allSatisfy(trade -> assertThat(trade.getSymbol()).isEqualTo("ESZ26"));
  }

  @Test
  void shouldKeepTheKeyBytesOfARekeyedTradeRefusedByTheBarStageWhenTheyAreNotUtf8() {
    byte[] rawKey = {(byte) 0xFF, 'E', 'S'};
    Trade late = trade("ESZ26", 100.5, 1, T0.minusSeconds(60));
    Trade held = trade("ESZ26", 1000.0, 1, T0.plusMillis(1));
    TestInputTopic<byte[], byte[]> rawTrades = harness.driver.createInputTopic(TickflowTopics.RAW_TRADES,
        new ByteArraySerializer(), new ByteArraySerializer());
    harness.pipe(trade("ESZ26", 100.0, 1, T0));
    rawTrades.pipeInput(new TestRecord<>(rawKey, bytes(late), T0));
    rawTrades.pipeInput(new TestRecord<>(rawKey, bytes(held), T0));
    harness.pipe(trade("ESZ26", 100.25, 1, T0.plusMillis(2)));

    List<KeyValue<String, DeadLetter>> letters = harness.deadLetters.readKeyValuesToList();
    assertThat(letters).extracting(kv -> kv.value.getReasonCode()).containsExactly("late", "price_jump");
    assertThat(letters).allSatisfy(kv -> assertThat(kv.value.getOriginalKey().array()).isEqualTo(rawKey));
  }

  @Test
  void shouldRefuseTheHeldTradesOfALevelReplacedByAnotherJump() {
    harness.pipeAll(List.of(
        trade("ESZ26", 100.0, 1, T0),
        trade("ESZ26", 150.0, 1, T0.plusMillis(1)),
        trade("ESZ26", 151.0, 1, T0.plusMillis(2)),
        trade("ESZ26", 50.0, 1, T0.plusMillis(3)),
        trade("ESZ26", 50.5, 1, T0.plusMillis(4)),
        trade("ESZ26", 50.25, 1, T0.plusMillis(5)),
        trade("ESZ26", 50.75, 1, T0.plusMillis(6))));

    assertThat(harness.trades.readValuesToList()).extracting(Trade::getPrice)
        .containsExactly(100.0, 50.0, 50.5, 50.25, 50.75);
    assertThat(harness.deadLetters.readValuesToList()).extracting(DeadLetter::getSourceOffset)
        .containsExactly(1L, 2L);
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(7, 5, Map.of("price_jump", 2L)));
  }

  @Test
  void shouldDropExactDuplicateAndCountIt() {
    Trade trade = trade("ESZ26", 5000.25, 2, AggressorSide.BID, T0, 0);
    harness.pipe(trade);
    harness.pipe(trade);

    assertThat(harness.trades.readValuesToList()).hasSize(1);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(harness.counts("trades")).isEqualTo(new PipelineCounts(2, 1, Map.of("duplicate", 1L)));
  }

  @Test
  void shouldKeepTradesThatDifferOnlyBySequence() {
    harness.pipe(trade("ESZ26", 5000.25, 2, AggressorSide.BID, T0, 0));
    harness.pipe(trade("ESZ26", 5000.25, 2, AggressorSide.BID, T0, 1));

    assertThat(harness.trades.readValuesToList()).extracting(Trade::getSequence).containsExactly(0, 1);
  }

  @Test
  void shouldDropTheOverlapWhenABackfillRepeatsLiveTrades() {
    List<Trade> live = Stream.iterate(0, i -> i + 1).limit(6)
        .map(i -> trade("ESZ26", 5000 + i * 0.25, 1 + i, AggressorSide.ASK, T0.plusSeconds(i), 0)).toList();
    harness.pipeAll(live);
    // The backfill after a reconnect covers seconds 3..9: received later, spelled differently, marked BACKFILL.
    for (int i = 3; i < 10; i++) {
      Trade backfill = trade("ESZ2026", 5000 + i * 0.25, 1 + i, AggressorSide.ASK, T0.plusSeconds(i), 0);
      backfill.setSource(DataSource.BACKFILL);
      backfill.setReceiveTime(T0.plusSeconds(20));
      harness.pipe(backfill);
    }

    assertThat(harness.trades.readValuesToList()).extracting(Trade::getSize)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    PipelineCounts counts = harness.counts("trades");
    assertThat(counts).isEqualTo(new PipelineCounts(13, 10, Map.of("duplicate", 3L)));
    assertThat(counts.isBalanced()).isTrue();
  }

  @Test
  void shouldBalanceInAgainstOutAndRejectedByReason() {
    harness.pipeAll(List.of(
        trade("ESZ26", 100.0, 1, T0),
        trade("ESZ26", 100.0, 1, T0),
        trade("ESZ26", 0.0, 1, T0.plusMillis(1)),
        trade("ESZ26", 100.0, 0, T0.plusMillis(2)),
        trade("ESZ26", 500.0, 1, T0.plusMillis(3)),
        trade("ESZ26", 100.25, 1, T0.plusSeconds(30)),
        trade("ESZ26", 100.5, 1, T0.plusSeconds(1))));

    PipelineCounts counts = harness.counts("trades");
    assertThat(counts).isEqualTo(new PipelineCounts(7, 2, Map.of("duplicate", 1L, "price_not_positive", 1L,
        "size_not_positive", 1L, "price_jump", 1L, "late", 1L)));
    assertThat(counts.isBalanced()).isTrue();
    assertThat(harness.deadLetters.readValuesToList()).hasSize(4);
  }
}
