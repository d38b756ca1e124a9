package io.tickflow.connect.scid.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.scid.ScidSourceConnector;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.SyntheticTrades;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sierra Chart file connector inside a real Connect worker on a real broker: exact contents, stop and restart
 * without loss or duplicates, tailing, and a bad file that is refused without harming anything else.
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
      assertThat(pluginMetric("scid-bad", "files-rejected-total")).isEqualTo(1L);
      assertThat(pluginMetric("scid-bad", "trades-total")).isEqualTo(2_000L);
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
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(List.of(spec(trades), spec(trades + ".depth"), spec(trades + ".dlq")));
    }
    return trades;
  }

  private static TopicSpec spec(String topic) {
    return new TopicSpec(topic, 1, (short) 1, "delete", null, "symbol", "any");
  }

  private static long count(String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      final TopicPartition partition = new TopicPartition(topic, 0);
      return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }
  }

  private static List<Trade> trades(String topic) {
    final AvroSerde<Trade> serde = AvroSerde.of(Trade.class);
    return TopicReader.readAll(broker, topic, TIMEOUT).stream()
        .map(r -> serde.deserializer().deserialize(topic, r.value())).collect(Collectors.toList());
  }

  /** A plugin metric of the connector's task, read from JMX like an operator would. */
  private static Object pluginMetric(String connector, String name) throws Exception {
    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    final Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null);
    for (final ObjectName objectName : names) {
      if (connector.equals(objectName.getKeyProperty("connector"))) {
        try {
          return server.getAttribute(objectName, name);
        } catch (AttributeNotFoundException e) {
          // Another plugin of the same task (a converter): look further.
        }
      }
    }
    throw new AssertionError("no plugin metric " + name + " for connector " + connector + " among " + names);
  }
}
