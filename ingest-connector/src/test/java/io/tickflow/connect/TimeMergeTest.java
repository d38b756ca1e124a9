package io.tickflow.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** What a task hands to Connect while sources are behind: every source's records merged in time, up to theirs. */
class TimeMergeTest {

  private final AtomicLong splits = new AtomicLong();

  @Test
  void shouldPassEveryRecordAsItComesWhileNoSymbolBackfills() {
    TimeMerge round = new TimeMerge(10, "max.held", "trades", splits);
    List<SourceRecord> records = List.of(trade("ES", 1), quote("NQ", 1));

    assertThat(round.pass(records, backfilling(), false)).isSameAs(records);
  }

  @Test
  void shouldMergeTheSymbolsInTimeUpToWhereEveryHistoryHasReached() {
    TimeMerge round = new TimeMerge(100, "max.held", "trades", splits);
    // After a reconnect ES and NQ ask for the gap; ES's history comes first, whole, with a quote on the way.
    // CL, not backfilling, has sent no trade yet: its quote goes at once.
    assertThat(round.pass(List.of(trade("ES", 10), trade("ES", 20), quote("ES", 21), trade("ES", 30),
        quote("CL", 5)), backfilling("ES", "NQ"), true)).extracting(TimeMergeTest::describe)
        .containsExactly("CL quotes 5");
    assertThat(round.pass(List.of(trade("NQ", 12), trade("NQ", 25)), backfilling("ES", "NQ"), true))
        .extracting(TimeMergeTest::describe)
        .containsExactly("ES trades 10", "NQ trades 12", "ES trades 20", "ES quotes 21", "NQ trades 25");
    // ES is live again; its trades wait for NQ's history to reach them.
    assertThat(round.pass(List.of(trade("ES", 100), trade("CL", 99)), backfilling("NQ"), true)).isEmpty();

    // A quote goes with the trade before it in its symbol's records, whatever its own time.
    assertThat(round.pass(List.of(trade("NQ", 38), quote("NQ", 101), trade("NQ", 101)), backfilling(), true))
        .extracting(TimeMergeTest::describe).containsExactly(
            "ES trades 30", "NQ trades 38", "NQ quotes 101", "CL trades 99", "ES trades 100", "NQ trades 101");
    List<SourceRecord> live = List.of(trade("ES", 102));
    assertThat(round.pass(live, backfilling(), false)).isSameAs(live);
    assertThat(splits).hasValue(0);
  }

  @Test
  void shouldMergeAPollInWhichTheBackfillsBeganAndEnded() {
    TimeMerge round = new TimeMerge(100, "max.held", "trades", splits);

    assertThat(round.pass(List.of(trade("ES", 10), trade("ES", 20), trade("NQ", 12), trade("NQ", 25)), backfilling(),
        true)).extracting(TimeMergeTest::describe)
        .containsExactly("ES trades 10", "NQ trades 12", "ES trades 20", "NQ trades 25");
  }

  @Test
  void shouldPassTheRecordsOfTheOnlySourceBehindAsTheyComeAndMergeTheOthersAfterThem() {
    TimeMerge round = new TimeMerge(100, "max.held", "trades", splits);
    List<SourceRecord> history = List.of(trade("ES", 10), quote("ES", 50), trade("ES", 20));

    assertThat(round.pass(history, backfilling("ES"), true)).isSameAs(history);
    assertThat(round.pass(List.of(trade("NQ", 15), trade("NQ", 25)), backfilling("ES"), true))
        .extracting(TimeMergeTest::describe).containsExactly("NQ trades 15");
  }

  @Test
  void shouldHoldEverythingUntilEveryBackfillingSymbolsHistoryHasBegun() {
    TimeMerge round = new TimeMerge(100, "max.held", "trades", splits);

    assertThat(round.pass(List.of(trade("ES", 10), trade("ES", 11)), backfilling("ES", "NQ"), true)).isEmpty();
    assertThat(round.pass(List.of(trade("NQ", 10)), backfilling("ES", "NQ"), true))
        .extracting(TimeMergeTest::describe).containsExactly("ES trades 10", "NQ trades 10");
  }

  @Test
  void shouldHandOnWhatItHoldsBeyondItsLimitAndCountIt() {
    TimeMerge round = new TimeMerge(3, "max.held", "trades", splits);
    assertThat(round.pass(List.of(trade("NQ", 1), trade("CL", 3), trade("NQ", 2)), backfilling("NQ", "ES"), true))
        .isEmpty();

    assertThat(round.pass(List.of(trade("CL", 4)), backfilling("NQ", "ES"), true))
        .extracting(TimeMergeTest::describe)
        .containsExactly("NQ trades 1", "NQ trades 2", "CL trades 3", "CL trades 4");
    assertThat(splits).hasValue(1);
    assertThat(round.pass(List.of(trade("NQ", 5)), backfilling("NQ", "ES"), true)).isEmpty();
  }

  @Test
  void shouldHoldNothingWithALimitOfZero() {
    TimeMerge round = new TimeMerge(0, "max.held", "trades", splits);
    List<SourceRecord> records = List.of(trade("NQ", 1));

    assertThat(round.pass(records, backfilling("NQ"), true)).isSameAs(records);
  }

  /** A trade of the symbol at {@code millis}; its offset is its time too. */
  private static SourceRecord trade(String symbol, long millis) {
    return record(symbol, "trades", millis);
  }

  /** A quote received at {@code millis}: its time orders nothing, its place in its symbol's records does. */
  private static SourceRecord quote(String symbol, long millis) {
    return record(symbol, "quotes", millis);
  }

  private static SourceRecord record(String symbol, String topic, long millis) {
    return new SourceRecord(partition(symbol), Map.of("n", millis), topic, null, Schema.STRING_SCHEMA, symbol,
        Schema.INT64_SCHEMA, millis, millis);
  }

  private static Map<String, String> partition(String symbol) {
    return Map.of("server", "dtc", "symbol", symbol);
  }

  private static Set<Map<String, String>> backfilling(String... symbols) {
    return Arrays.stream(symbols).map(TimeMergeTest::partition).collect(Collectors.toSet());
  }

  private static String describe(SourceRecord record) {
    return record.sourcePartition().get("symbol") + " " + record.topic() + " " + record.sourceOffset().get("n");
  }
}
