package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Trade;
import io.tickflow.streams.ReferenceBars;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TradeScenario;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file import or backfill of history: trades whose event times (and so record timestamps) are years older than
 * every retention. The broker's retention checks must delete none of them, neither from the raw topic before the app
 * reads it (that left the app idle in poll() with a third of its input never seen) nor from the outputs, nor from
 * the changelogs a restore reads: after one, the dedup store still knows every identity.
 */
class HistoricalReplayIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2023-02-21T14:00:00Z");
  private static final int SYMBOLS = 4;
  /** A topic that keeps broker defaults (create time, finite retention): proof that a retention check has run. */
  private static final String PROBE = "retention-probe";
  private static final TopicPartition PROBE_PARTITION = new TopicPartition(PROBE, 0);

  @TempDir
  Path workDir;

  @Test
  void shouldKeepHistoricalTradesAndTheirDedupStateWhenBrokerRetentionRuns() throws Exception {
    List<Trade> scenario = TradeScenario.generate(11, 4_000, SYMBOLS, START);
    List<Trade> input = new ArrayList<>(scenario);
    input.addAll(TradeScenario.closing(SYMBOLS, START));
    int expectedFinals = ReferenceBars.finals(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES, StreamsRig.GRACE,
        StreamsRig.IDLE).size();
    int accepted = ReferenceBars.accepted(input, StreamsRig.PARTITIONS, StreamsRig.TIMEFRAMES,
        StreamsRig.GRACE, StreamsRig.IDLE).size();
    Map<String, Object> settings = StreamsRig.appSettings(broker, "historical", workDir.resolve("state"));
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(PROBE, 1, (short) 1)
          .configs(Map.of("retention.ms", Long.toString(Duration.ofDays(1).toMillis()))))).all().get();
    }

    StreamsRig.produce(broker, input);
    awaitRetentionCheck();
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      StreamsRig.awaitCount(broker, TickflowTopics.BARS_FINAL, expectedFinals, Duration.ofSeconds(60));
      StreamsRig.awaitCount(broker, TickflowTopics.TRADES, accepted, StreamsRig.READ_TIMEOUT);
      StreamsRig.awaitBalanced(app, input.size());
    }
    awaitRetentionCheck();
    assertThat(StreamsRig.read(broker, TickflowTopics.TRADES)).hasSize(accepted);

    // A restore from the changelogs alone (fresh local state), then copies of trades from all over the input (inside
    // the dedup horizon) arrive again; a forgotten identity would show as 'late' instead.
    List<Trade> copies = IntStream.range(100, scenario.size()).filter(i -> i % 40 == 0).mapToObj(scenario::get)
        .toList();
    settings.put("state.dir", workDir.resolve("state-restored").toString());
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      StreamsRig.produce(broker, copies);
      PipelineCounts counts = StreamsRig.awaitBalanced(app, copies.size());
      assertThat(counts.rejected()).isEqualTo(Map.of(Reason.DUPLICATE.code(), (long) copies.size()));
    }
    assertThat(StreamsRig.read(broker, TickflowTopics.TRADES)).hasSize(accepted);
  }

  /** Writes a year-old record to the probe topic and waits until the broker's retention check has deleted it. */
  private static void awaitRetentionCheck() {
    long old = START.toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      producer.send(new ProducerRecord<>(PROBE, 0, old, null, "probe".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(broker.consumerConfig())) {
      long end = consumer.endOffsets(List.of(PROBE_PARTITION)).get(PROBE_PARTITION);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> consumer.beginningOffsets(List.of(PROBE_PARTITION)).get(PROBE_PARTITION) >= end);
    }
  }
}
