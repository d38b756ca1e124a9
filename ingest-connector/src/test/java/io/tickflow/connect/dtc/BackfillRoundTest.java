package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** What a task hands to Connect while symbols backfill: the others' records, then one run per backfilled symbol. */
class BackfillRoundTest {

  private final TaskMetrics metrics = new TaskMetrics();

  @Test
  void shouldPassEveryRecordAsItComesWhileNoSymbolBackfills() {
    BackfillRound round = new BackfillRound(10, metrics);
    List<SourceRecord> records = List.of(record("ES", "trades", 1), record("NQ", "quotes", 1));

    assertThat(round.pass(records, backfilling())).isSameAs(records);
  }

  @Test
  void shouldHoldEachBackfillingSymbolUntilItsHistoryIsInThenHandItOnInOneRun() {
    BackfillRound round = new BackfillRound(100, metrics);
    // ES is live, NQ and CL answer their histories at the same time, interleaved.
    assertThat(round.pass(List.of(record("ES", "trades", 50), record("NQ", "trades", 1), record("CL", "trades", 1),
        record("ES", "quotes", 50), record("NQ", "trades", 2)), backfilling("NQ", "CL")))
        .extracting(BackfillRoundTest::describe).containsExactly("ES trades 50", "ES quotes 50");
    assertThat(round.pass(List.of(record("CL", "trades", 2), record("ES", "trades", 51), record("NQ", "depth", 2)),
        backfilling("NQ", "CL"))).extracting(BackfillRoundTest::describe).containsExactly("ES trades 51");

    List<SourceRecord> out = round.pass(List.of(record("NQ", "trades", 3), record("ES", "trades", 52),
        record("CL", "trades", 3), record("NQ", "trades", 51)), backfilling("CL"));

    assertThat(out).extracting(BackfillRoundTest::describe).containsExactly(
        "ES trades 52", "NQ trades 1", "NQ trades 2", "NQ depth 2", "NQ trades 3", "NQ trades 51");
    assertThat(round.pass(List.of(record("CL", "trades", 51), record("NQ", "trades", 52)), backfilling()))
        .extracting(BackfillRoundTest::describe)
        .containsExactly("NQ trades 52", "CL trades 1", "CL trades 2", "CL trades 3", "CL trades 51");
    assertThat(round.pass(List.of(record("ES", "trades", 53)), backfilling())).extracting(BackfillRoundTest::describe)
        .containsExactly("ES trades 53");
    assertThat(metrics.backfillRoundsSplit).hasValue(0);
  }

  @Test
  void shouldHandOnWhatItHoldsBeyondItsLimitAndCountIt() {
    BackfillRound round = new BackfillRound(3, metrics);
    assertThat(round.pass(List.of(record("NQ", "trades", 1), record("CL", "trades", 1), record("NQ", "trades", 2)),
        backfilling("NQ", "CL"))).isEmpty();

    assertThat(round.pass(List.of(record("ES", "trades", 1), record("CL", "trades", 2)), backfilling("NQ", "CL")))
        .extracting(BackfillRoundTest::describe)
        .containsExactly("ES trades 1", "NQ trades 1", "NQ trades 2", "CL trades 1", "CL trades 2");
    assertThat(metrics.backfillRoundsSplit).hasValue(1);
    assertThat(round.pass(List.of(record("NQ", "trades", 3)), backfilling("NQ", "CL"))).isEmpty();
  }

  @Test
  void shouldHoldNothingWithALimitOfZero() {
    BackfillRound round = new BackfillRound(0, metrics);
    List<SourceRecord> records = List.of(record("NQ", "trades", 1));

    assertThat(round.pass(records, backfilling("NQ"))).isSameAs(records);
  }

  /** A record of a symbol's source partition whose offset is {@code n}, its position in that symbol's stream. */
  private static SourceRecord record(String symbol, String topic, int n) {
    return new SourceRecord(partition(symbol), Map.of("n", n), topic, null,
        Schema.STRING_SCHEMA, symbol, Schema.INT32_SCHEMA, n);
  }

  private static Map<String, String> partition(String symbol) {
    return Map.of("server", "dtc", "symbol", symbol);
  }

  private static Set<Map<String, String>> backfilling(String... symbols) {
    return Arrays.stream(symbols).map(BackfillRoundTest::partition).collect(Collectors.toSet());
  }

  private static String describe(SourceRecord record) {
    return record.sourcePartition().get("symbol") + " " + record.topic() + " " + record.sourceOffset().get("n");
  }
}
