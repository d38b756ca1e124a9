package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.alerts.Alert;
import io.tickflow.query.alerts.FeedHealth;
import io.tickflow.query.alerts.KafkaAlertPublisher;
import io.tickflow.query.alerts.StaleFeedMonitor;
import io.tickflow.query.metrics.PipelineSeries;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.streams.metrics.PipelineSensors;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads from a real broker: Kafka Streams' meters on /metrics, each topic once under its own name
 * (the Kafka consumer also reports a deprecated twin with the dots replaced by underscores) and the pipeline
 * counters once, under Tickflow's names, and the alerts topic's records, decodable by the data contract and read back
 * by a restarted monitor.
 */
@Tag("integration")
class ObservabilityIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TWIN = TickflowTopics.RAW_TRADES.replace('.', '_');
  /** An alerts topic of its own, set up as the catalogue says, so that its records are the restart test's only. */
  private static final String RESTART_ALERTS = TickflowTopics.ALERTS + ".restart";

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(TickflowTopics.RAW_TRADES, 1, (short) 1),
          new NewTopic(TickflowTopics.ALERTS, 1, (short) 1),
          new NewTopic(RESTART_ALERTS, 2, (short) 1)
              .configs(TickflowTopics.byName(TickflowTopics.ALERTS).orElseThrow().configs()))).all().get();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldReportEachTopicOnceWhenTheConsumerAlsoReportsAnUnderscoredTwin(@TempDir Path stateDir)
      throws Exception {
    produce(TickflowTopics.RAW_TRADES);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(TickflowTopics.RAW_TRADES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .process(CountingIn::new);
    Properties properties = properties(stateDir);
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties);
         QueryMetrics metrics = QueryMetrics.create()) {
      streams.start();
      // Kafka adds the per-topic fetch metrics at the first fetch, the deprecated twin with them; the pipeline
      // sensor exists once the task does, so the Kafka binder finds it when bound.
      Awaitility.await().atMost(WAIT).until(() -> recordsConsumedTopics(streams).containsAll(
          List.of(TickflowTopics.RAW_TRADES, TWIN))
          && PipelineCounts.read(streams.metrics(), Pipeline.TRADES.id()).in() == 1);

      try (QueryMetrics.StreamsMeters binding = metrics.bindKafkaStreams(streams, properties)) {
        String scrape = metrics.scrape();

        assertThat(scrape).containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*topic=\""
            + Pattern.quote(TickflowTopics.RAW_TRADES) + "\"} 1.0");
        assertThat(scrape).doesNotContain("topic=\"" + TWIN + "\"");
        assertThat(scrape).contains(PipelineSeries.in(Pipeline.TRADES) + " 1.0")
            .doesNotContain("kafka_stream_tickflow");
      }
    }
  }

  @Test
  void shouldKeepCountingUpWhenAStreamThreadIsReplaced(@TempDir Path stateDir) throws Exception {
    String topic = "observability.thread-replacement";
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    produce(topic);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray())).process(CountingIn::new);
    Properties properties = properties(stateDir);
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "observability-thread-it");
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties);
         QueryMetrics metrics = QueryMetrics.create();
         QueryMetrics.StreamsMeters binding = metrics.bindKafkaStreams(streams, properties)) {
      String recordsIn = PipelineSeries.in(Pipeline.TRADES);
      streams.start();
      Awaitility.await().atMost(WAIT).until(() -> metrics.scrape().contains(recordsIn + " 1.0"));

      streams.addStreamThread();
      String removed = streams.removeStreamThread(WAIT).orElseThrow();
      produce(topic);

      // Kafka keeps a removed thread's custom sensors (they are not among the thread-level sensors it drops), so
      // the sum does not fall back when the task moves to the other thread and counts from zero there.
      Awaitility.await().atMost(WAIT).until(() -> metrics.scrape().contains(recordsIn + " 2.0"));
      assertThat(recordsInByThread(streams)).containsEntry(removed, 1.0).hasSize(2);
    }
  }

  @Test
  void shouldPublishAlertsKeyedBySymbolAsContractRecords() {
    Instant lastTrade = Instant.parse("2024-01-02T14:59:00.123456Z");
    Instant now = Instant.parse("2024-01-02T15:01:00Z");
    List<Alert> alerts = List.of(
        new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES", lastTrade, 120_000, 60_000, now, "silent"),
        new Alert(StaleFeedMonitor.STALE_FEED, "resolved", "ES", now.plusSeconds(5), 0, 60_000, now.plusSeconds(6),
            "trading"));

    try (KafkaAlertPublisher publisher = new KafkaAlertPublisher(broker.bootstrapServers(), TickflowTopics.ALERTS)) {
      alerts.forEach(publisher::publish);
    }

    List<ConsumerRecord<String, io.tickflow.schemas.Alert>> records = new ArrayList<>();
    try (KafkaConsumer<String, io.tickflow.schemas.Alert> consumer = new KafkaConsumer<>(broker.consumerConfig(),
        new StringDeserializer(), new AvroDeserializer<>(io.tickflow.schemas.Alert.class))) {
      consumer.assign(List.of(new TopicPartition(TickflowTopics.ALERTS, 0)));
      Awaitility.await().atMost(WAIT).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= alerts.size();
      });
    }
    assertThat(records).extracting(ConsumerRecord::key).containsExactly("ES", "ES");
    assertThat(records).extracting(record -> KafkaAlertPublisher.fromAvro(record.value()))
        .containsExactlyElementsOf(alerts);
  }

  /**
   * Three processes in turn, each with a new publisher and monitor: the first raises the alert, the second (feed still
   * silent) reads it back and stays quiet, the third (feed back) resolves it. The topic holds one raise and one
   * resolution, and reads back as resolved.
   */
  @Test
  void shouldResolveOnceAfterRestartsAnAlertRaisedBeforeThem() {
    Instant now = Instant.parse("2024-01-02T15:00:00Z");
    Instant lastTrade = now.minus(Duration.ofMinutes(5));

    runOnce(lastTrade, now);
    runOnce(lastTrade, now);
    Map<String, Alert> latest = runOnce(now, now);

    assertThat(readAll(RESTART_ALERTS)).containsExactly(
        new Alert(StaleFeedMonitor.STALE_FEED, "raised", "ES", lastTrade, 300_000, 60_000, now, "silent"),
        new Alert(StaleFeedMonitor.STALE_FEED, "resolved", "ES", now, 0, 60_000, now, "trading"));
    assertThat(latest).containsOnlyKeys("ES").extractingByKey("ES").extracting(Alert::state).isEqualTo("resolved");
  }

  /** One process of the query service that sees ES's last trade at {@code lastTrade} and checks once; its read-back. */
  private static Map<String, Alert> runOnce(Instant lastTrade, Instant now) {
    try (KafkaAlertPublisher publisher = new KafkaAlertPublisher(broker.bootstrapServers(), RESTART_ALERTS)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Clock clock = Clock.fixed(now, ZoneOffset.UTC);
      FeedHealth health = new FeedHealth(registry, clock, Duration.ofMinutes(1), Duration.ofDays(7),
          QueryServiceConfig.of(Map.of()).marketCalendar(symbol -> Optional.empty()));
      health.onTrade("ES", lastTrade);
      new StaleFeedMonitor(health, publisher, registry, clock).check();
      return publisher.latest();
    }
  }

  private static List<Alert> readAll(String topic) {
    List<Alert> alerts = new ArrayList<>();
    try (KafkaConsumer<String, io.tickflow.schemas.Alert> consumer = new KafkaConsumer<>(broker.consumerConfig(),
        new StringDeserializer(), new AvroDeserializer<>(io.tickflow.schemas.Alert.class))) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Awaitility.await().atMost(WAIT).until(() -> {
        consumer.poll(Duration.ofMillis(200))
            .forEach(record -> alerts.add(KafkaAlertPublisher.fromAvro(record.value())));
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
      });
    }
    return alerts;
  }

  /** Counts every record in, as a pipeline's first stage does. */
  private static final class CountingIn implements Processor<String, byte[], Void, Void> {

    private PipelineSensors sensors;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      sensors = new PipelineSensors(context.metrics(), Pipeline.TRADES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      sensors.in();
    }
  }

  private static void produce(String topic) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.producerConfig(),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "ES", new byte[] {1})).get();
    }
  }

  private static Map<String, Double> recordsInByThread(KafkaStreams streams) {
    Map<String, Double> byThread = new HashMap<>();
    streams.metrics().forEach((name, metric) -> {
      if (name.group().equals(PipelineSensors.GROUP) && name.name().equals(PipelineSensors.IN + "-total")) {
        byThread.put(name.tags().get("thread-id"), ((Number) metric.metricValue()).doubleValue());
      }
    });
    return byThread;
  }

  private static List<String> recordsConsumedTopics(KafkaStreams streams) {
    return streams.metrics().keySet().stream().filter(name -> name.name().equals("records-consumed-total"))
        .map(MetricName::tags).map(tags -> tags.get("topic")).filter(topic -> topic != null).toList();
  }

  private static Properties properties(Path stateDir) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "observability-it");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return properties;
  }
}
