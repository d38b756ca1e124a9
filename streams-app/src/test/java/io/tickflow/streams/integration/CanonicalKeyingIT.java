package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.ReferenceBars;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.symbols.SymbolNormalizer;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test of the catch-up data loss seen in the demo. Raw trades keyed by the feed's spelling ({@code ESZ6})
 * went through the repartition topic to reach their canonical symbol's partition ({@code ESZ26}); there the records of
 * several upstream tasks interleave by arrival, not by event time, so on a backlog (a restart after downtime) the
 * upstream tasks raced and trades fell behind their partition's stream time: refused as {@code late}, bars missing.
 * Keyed by the canonical symbol, as the connectors now key them, the same backlog stays in its partitions: every
 * trade is accepted and an application-reset replay writes byte-identical final bars. Keyed by the feed's spelling,
 * every trade is accepted too once each symbol keeps its own clock and the idle period covers the tasks' drift.
 */
class CanonicalKeyingIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  private static final Duration SPAN = Duration.ofMinutes(10);
  /** Spellings as a DTC feed sends them, and how often each trades: unequal rates make upstream tasks drift apart. */
  private static final Map<String, Duration> FEED = Map.of("ESZ6", Duration.ofMillis(100),
      "CLF7", Duration.ofMillis(150), "GCG7", Duration.ofMillis(300), "NQZ6", Duration.ofSeconds(1));
  private static final SymbolNormalizer NORMALIZER = SymbolNormalization.of(Map.of()).newNormalizer();

  @TempDir
  Path workDir;

  /** Each test starts from topics without records, so its app reads only its own backlog. */
  @BeforeEach
  void emptyTopics() throws Exception {
    List<String> topics = TickflowTopics.all().stream()
        .filter(spec -> spec.cleanupPolicy().equals(TopicConfig.CLEANUP_POLICY_DELETE)).map(TopicSpec::name).toList();
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
      endOffsets(admin, topics).forEach((partition, end) ->
          deletions.put(partition, RecordsToDelete.beforeOffset(end)));
      admin.deleteRecords(deletions).all().get();
    }
  }

  @Test
  void shouldAcceptEveryTradeOfACatchUpAndReplayItIdenticallyWhenRawTradesAreKeyedByCanonicalSymbol()
      throws Exception {
    List<Trade> backlog = backlog();
    List<Trade> canonical = backlog.stream().map(t -> Trade.newBuilder(t).setSymbol(canonical(t)).build()).toList();
    Map<ReferenceBars.Key, Bar> expected = ReferenceBars.finals(canonical, StreamsRig.PARTITIONS,
        StreamsRig.TIMEFRAMES, StreamsRig.GRACE, StreamsRig.IDLE);
    StreamsRig.produce(broker, backlog, CanonicalKeyingIT::canonical);

    PipelineCounts counts = catchUp("keyed-canonically", workDir.resolve("state"), backlog.size(), expected.size());

    assertThat(counts.rejected()).isEmpty();
    assertThat(counts.out()).isEqualTo(backlog.size());
    List<Bar> finals = StreamsRig.read(broker, TickflowTopics.BARS_FINAL).stream().map(StreamsRig::bar).toList();
    assertThat(finals).extracting(b -> new ReferenceBars.Key(b.getSymbol(), b.getTimeframe(), b.getWindowStart()))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(finals).extracting(Bar::getSymbol).containsOnly("ESZ26", "CLF27", "GCG27", "NQZ26");
    assertThat(recordsWritten("keyed-canonically-trades-by-symbol-repartition")).as("re-keyed trades").isZero();

    StreamsRig.resetApplication(broker, "keyed-canonically");
    catchUp("keyed-canonically", workDir.resolve("state-replay"), backlog.size(), 2 * expected.size());

    StreamsRig.assertReplayedByteIdentically(StreamsRig.read(broker, TickflowTopics.BARS_FINAL));
  }

  @Test
  void shouldAcceptEveryTradeOfACatchUpThroughTheRepartitionTopicWhenTheIdlePeriodCoversTheTasksDrift()
      throws Exception {
    Map<Integer, Set<Integer>> rawPartitionsByCanonicalPartition = FEED.keySet().stream().collect(
        Collectors.groupingBy(s -> partition(canonical(s)), Collectors.mapping(CanonicalKeyingIT::partition,
            Collectors.toSet())));
    assertThat(rawPartitionsByCanonicalPartition.values()).as("a canonical partition fed by both raw partitions")
        .anySatisfy(raw -> assertThat(raw).hasSize(StreamsRig.PARTITIONS));
    List<Trade> backlog = backlog();
    StreamsRig.produce(broker, backlog, Trade::getSymbol);
    Map<String, Object> settings = StreamsRig.appSettings(broker, "keyed-as-sent", workDir.resolve("state"));
    // The upstream tasks drift apart by up to the whole backlog, closing trades a day later included; each symbol
    // keeps its own clock meanwhile.
    settings.put(StreamsAppConfig.BARS_IDLE_MS_CONFIG, Duration.ofDays(2).toMillis());

    PipelineCounts counts;
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      counts = StreamsRig.awaitBalanced(app, backlog.size());
    }

    assertThat(counts.rejected()).isEmpty();
    assertThat(counts.out()).isEqualTo(backlog.size());
    // End offsets also count the transactions' commit markers.
    assertThat(recordsWritten("keyed-as-sent-trades-by-symbol-repartition")).as("re-keyed trades")
        .isGreaterThanOrEqualTo(backlog.size());
  }

  /** Runs the app over the backlog until every trade is accounted for and the final bars are out, then stops it. */
  private static PipelineCounts catchUp(String applicationId, Path stateDir, int trades, int finalBars) {
    try (StreamsApp app = StreamsApp.start(config(applicationId, stateDir))) {
      PipelineCounts counts = StreamsRig.awaitBalanced(app, trades);
      StreamsRig.awaitCount(broker, TickflowTopics.BARS_FINAL, finalBars, Duration.ofSeconds(60));
      return counts;
    }
  }

  /** Records ever written to a topic (its end offsets): a purged repartition topic still counts what it carried. */
  private static long recordsWritten(String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      return endOffsets(admin, List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (String topic : topics) {
      for (int p = 0; p < StreamsRig.PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
    return ends;
  }

  private static StreamsAppConfig config(String applicationId, Path stateDir) {
    return new StreamsAppConfig(StreamsRig.appSettings(broker, applicationId, stateDir));
  }

  /**
   * Ten minutes of trades of four futures, each at its own rate, in event-time order as a live feed delivered them,
   * then one trade per symbol a day later so that every bar closes. Symbols as the feed spells them.
   */
  private static List<Trade> backlog() {
    List<Trade> trades = new ArrayList<>();
    FEED.forEach((symbol, every) -> {
      for (long k = 0; k * every.toMillis() < SPAN.toMillis(); k++) {
        trades.add(trade(symbol, START.plus(every.multipliedBy(k)), 100 + 0.25 * (k % 8), 1 + k % 5));
      }
    });
    trades.sort(Comparator.comparing(Trade::getEventTime).thenComparing(Trade::getSymbol));
    Instant nextDay = START.plus(Duration.ofDays(1));
    FEED.keySet().stream().sorted().forEach(symbol -> trades.add(trade(symbol, nextDay, 100, 1)));
    return trades;
  }

  private static Trade trade(String symbol, Instant at, double price, long size) {
    return new Trade(symbol, "CME", price, size, AggressorSide.values()[(int) (size % 3)], at, at.plusMillis(1), 0,
        DataSource.LIVE);
  }

  /** The key the connectors give a trade: its canonical symbol at its event time. */
  private static String canonical(Trade trade) {
    return NORMALIZER.normalize(trade.getSymbol(), trade.getEventTime().toEpochMilli() * 1_000L).symbol();
  }

  private static String canonical(String symbol) {
    return NORMALIZER.normalize(symbol, START.toEpochMilli() * 1_000L).symbol();
  }

  /** The partition Kafka's default partitioner gives a key. */
  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % StreamsRig.PARTITIONS;
  }
}
