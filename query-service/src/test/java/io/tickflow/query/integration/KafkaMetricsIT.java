package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.tickflow.query.metrics.QueryMetrics;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams' meters on /metrics from a client reading a real broker: each topic appears once, under its own
 * name, although the Kafka consumer also reports a deprecated twin with the dots replaced by underscores.
 */
@Tag("integration")
class KafkaMetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TWIN = TickflowTopics.RAW_TRADES.replace('.', '_');

  @Test
  void shouldReportEachTopicOnceWhenTheConsumerAlsoReportsAnUnderscoredTwin(@TempDir Path stateDir)
      throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (var admin = broker.admin()) {
        admin.createTopics(List.of(new NewTopic(TickflowTopics.RAW_TRADES, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.producerConfig(),
          new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, "ES", new byte[] {1})).get();
      }
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream(TickflowTopics.RAW_TRADES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
          .foreach((key, value) -> { });
      try (KafkaStreams streams = new KafkaStreams(builder.build(), properties(broker, stateDir));
           QueryMetrics metrics = QueryMetrics.create()) {
        streams.start();
        // Kafka adds the per-topic fetch metrics at the first fetch, the deprecated twin with them.
        Awaitility.await().atMost(WAIT).until(() -> recordsConsumedTopics(streams).containsAll(
            List.of(TickflowTopics.RAW_TRADES, TWIN)));

        try (KafkaStreamsMetrics binder = metrics.bindKafkaStreams(streams)) {
          String scrape = metrics.scrape();

          assertThat(scrape).containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*topic=\""
              + Pattern.quote(TickflowTopics.RAW_TRADES) + "\"} 1.0");
          assertThat(scrape).doesNotContain("topic=\"" + TWIN + "\"");
        }
      }
    }
  }

  private static List<String> recordsConsumedTopics(KafkaStreams streams) {
    return streams.metrics().keySet().stream().filter(name -> name.name().equals("records-consumed-total"))
        .map(MetricName::tags).map(tags -> tags.get("topic")).filter(topic -> topic != null).toList();
  }

  private static Properties properties(EmbeddedKafkaBroker broker, Path stateDir) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "kafka-metrics-it");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return properties;
  }
}
