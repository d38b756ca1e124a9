package io.tickflow.connect.scid.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.integration.ConnectTestSupport;
import io.tickflow.connect.scid.ScidSourceConnector;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.SyntheticTrades;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sierra Chart file connector inside a real Connect worker on a real broker: exact contents, stop and restart
 * without loss or duplicates, tailing, a bad file that is refused without harming anything else, and two tasks
 * keeping each partition in time order.
 */
@Tag("integration")
class ScidSourceConnectorIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String SAMPLE = "/scid/ESM23-CME_seandunaway-scid_10rec.scid";
  private static final Instant START = Instant.parse("2024-05-06T13:30:00Z");

  private static EmbeddedKafkaBroker broker;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldIngestTheSampleExactlyAsAnIndependentParseReadsIt() throws Exception {
    final byte[] sample = ScidSourceConnectorIT.class.getResourceAsStream(SAMPLE).readAllBytes();
    Files.write(dir.resolve("ESM23-CME.scid"), sample);
    final String trades = createTopics("sample");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-scid-sample")) {
      worker.putConnector("scid-sample", connector(trades, Map.of()));
      await().atMost(TIMEOUT).until(() -> count(trades) == 10);
      final List<Trade> read = trades(trades);
      final ByteBuffer raw = ByteBuffer.wrap(sample).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 10; i++) {
        final int at = 56 + i * 40;
        final long micros = raw.getLong(at) - 2_209_161_600_000_000L;
        assertThat(read.get(i).getEventTime()).isEqualTo(DateTimeEncoding.toInstant(micros - micros % 1000));
        assertThat(read.get(i).getSequence()).isEqualTo((int) (micros % 1000));
        assertThat(read.get(i).getPrice()).isEqualTo((double) raw.getFloat(at + 20));
        assertThat(read.get(i).getSize()).isEqualTo(raw.getInt(at + 28));
        assertThat(read.get(i).getSymbol()).isEqualTo("ESM23-CME");
      }
      assertThat(read.get(0).getEventTime()).isEqualTo(Instant.parse("2023-02-21T20:37:19.026Z"));
      assertThat(read.get(9).getEventTime()).isEqualTo(Instant.parse("2023-02-21T20:40:52.682Z"));
      assertThat(read.get(9).getSequence()).isEqualTo(1);
      assertThat(read.get(9).getPrice()).isEqualTo(4048.25);
      assertThat(worker.isRunning("scid-sample", 1)).isTrue();
    }
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenTheWorkerStopsMidFileAndRestarts() throws Exception {
    final long total = 400_000;
    new SyntheticTrades(21, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("NQM4.scid"), total);
    final String trades = createTopics("restart");
    final Map<String, String> config = connector(trades, Map.of("batch.size", "500"));
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-scid-restart")) {
      worker.putConnector("scid-restart", config);
      await().atMost(TIMEOUT).until(() -> count(trades) >= 20_000);
    }
    final long beforeRestart = count(trades);
    assertThat(beforeRestart).as("stopped mid-file").isLessThan(total);
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-scid-restart")) {
      await().atMost(TIMEOUT).until(() -> count(trades) >= total);
      Thread.sleep(2_000);
    }
    final List<Trade> read = trades(trades);
    assertThat(read).hasSize((int) total);
    final Set<String> identities = read.stream().map(t -> t.getEventTime() + "#" + t.getSequence())
        .collect(Collectors.toCollection(HashSet::new));
    assertThat(identities).hasSize((int) total);
  }

  @Test
  void shouldDeliverRecordsAppendedWhileRunning() throws Exception {
    final Path file = dir.resolve("CLN4.scid");
    final SyntheticTrades tape = new SyntheticTrades(5, START, DateTimeEncoding.INT64_MICROS, 0);
    tape.appendTo(file, 1_000);
    final String trades = createTopics("append");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-scid-append")) {
      worker.putConnector("scid-append", connector(trades, Map.of()));
      await().atMost(TIMEOUT).until(() -> count(trades) == 1_000);
      tape.appendTo(file, 700);
      // Half a record: must wait for the rest.
      Files.write(file, new byte[20], StandardOpenOption.APPEND);
      await().atMost(TIMEOUT).until(() -> count(trades) == 1_700);
      Thread.sleep(1_000);
      assertThat(count(trades)).isEqualTo(1_700);
    }
  }

  /**
   * Two tasks, a four-partition topic, eight files with the same hour of history: each partition's trades come out
   * in time order, as one task's catch-up merge wrote them. (Split by file name, both tasks wrote every partition,
   * each its own backlog: the partition's time ran back and forth, and the Streams app would drop trades as late.)
   */
  @Test
  void shouldWriteEachPartitionsCatchUpInTimeOrderWithTwoTasks() throws Exception {
    final int files = 8;
    final int perFile = 5_000;
    for (int i = 0; i < files; i++) {
      new SyntheticTrades(40 + i, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("S" + i + ".scid"),
          perFile);
    }
    final String trades = "it.scid.tasks";
    ConnectTestSupport.createTopics(broker, 4, trades, trades + ".depth", trades + ".dlq");
    final Map<String, String> config = connector(trades, Map.of("batch.size", "500"));
    config.put("tasks.max", "2");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-scid-tasks")) {
      worker.putConnector("scid-tasks", config);
      await().atMost(TIMEOUT).until(() -> count(trades) == (long) files * perFile);
      assertThat(worker.isRunning("scid-tasks", 2)).isTrue();
    }
    // The record timestamp (the trade's event time in milliseconds) is what moves the Streams app's stream time.
    final Map<Integer, List<Long>> timesByPartition = new HashMap<>();
    for (final ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker, trades, TIMEOUT)) {
      timesByPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.timestamp());
    }
    assertThat(timesByPartition).hasSizeGreaterThan(1)
        .allSatisfy((partition, times) -> assertThat(times).as("partition %d", partition).isSorted());
  }

  @Test
  void shouldRefuseABadFileWithAnErrorAndAMetricWhileTheOtherFilesGoOn() throws Exception {
    final byte[] bad = ScidSourceConnectorIT.class.getResourceAsStream(SAMPLE).readAllBytes();
    bad[8] = 44;
    Files.write(dir.resolve("BAD.scid"), bad);
    new SyntheticTrades(8, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(dir.resolve("GCQ4.scid"), 2_000);
    final String trades = createTopics("bad");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-scid-bad")) {
      worker.putConnector("scid-bad", connector(trades, Map.of()));
      await().atMost(TIMEOUT).until(() -> count(trades) == 2_000 && count(trades + ".dlq") == 1);
      final List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAll(broker, trades + ".dlq", TIMEOUT);
      final DeadLetter letter = AvroSerde.of(DeadLetter.class).deserializer().deserialize(trades + ".dlq",
          letters.get(0).value());
      assertThat(letter.getReasonCode()).isEqualTo("bad_file");
      assertThat(letter.getDetail()).isEqualTo(dir.resolve("BAD.scid") + " at byte 8: record size 44 is not"
          + " supported, expected 40");
      assertThat(worker.isRunning("scid-bad", 1)).isTrue();
      assertThat(ConnectTestSupport.pluginMetric("scid-bad", "files-rejected-total")).isEqualTo(1L);
      assertThat(ConnectTestSupport.pluginMetric("scid-bad", "trades-total")).isEqualTo(2_000L);
    }
  }

  private Map<String, String> connector(String tradesTopic, Map<String, String> extra) {
    final Map<String, String> config = new HashMap<>(extra);
    config.put("connector.class", ScidSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("directory", dir.toString());
    config.put("poll.interval.ms", "100");
    config.put("trades.topic", tradesTopic);
    config.put("depth.topic", tradesTopic + ".depth");
    config.put("dead.letter.topic", tradesTopic + ".dlq");
    return config;
  }

  /** Creates the test's one-partition topics (order is kept) and returns the trades topic. */
  private static String createTopics(String name) {
    final String trades = "it.scid." + name;
    ConnectTestSupport.createTopics(broker, trades, trades + ".depth", trades + ".dlq");
    return trades;
  }

  private static long count(String topic) throws Exception {
    return ConnectTestSupport.count(broker, topic);
  }

  private static List<Trade> trades(String topic) {
    final AvroSerde<Trade> serde = AvroSerde.of(Trade.class);
    return TopicReader.readAll(broker, topic, TIMEOUT).stream()
        .map(r -> serde.deserializer().deserialize(topic, r.value())).collect(Collectors.toList());
  }
}
