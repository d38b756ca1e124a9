package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.converter.ConnectAvroData;
import io.tickflow.integration.plugins.CollectingSinkConnector;
import io.tickflow.integration.plugins.SamplesSourceConnector;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.ContractSamples;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The converter inside a real Connect worker on a real broker: a source connector's Structs land as the exact bytes
 * the Streams serdes write, and a sink connector reads those bytes back into equal Structs.
 */
@Tag("integration")
class ConverterInConnectWorkerIT {

  private static final String TOPIC = "it.samples";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static EmbeddedKafkaBroker broker;
  private static EmbeddedConnectWorker worker;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(List.of(new TopicSpec(TOPIC, 1, (short) 1, "delete", null, "symbol", "any")));
    }
    worker = EmbeddedConnectWorker.start(broker, "it-converter");
  }

  @AfterAll
  static void stop() {
    worker.close();
    broker.close();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void shouldWriteAndReadExactlyTheSerdeBytesThroughAWorker() {
    worker.putConnector("samples-source", Map.of("connector.class", SamplesSourceConnector.class.getName(),
        "tasks.max", "1", "topic", TOPIC));
    List<SpecificRecord> samples = ContractSamples.all();

    await().atMost(TIMEOUT).until(() -> count() == samples.size());
    List<ConsumerRecord<byte[], byte[]>> written = TopicReader.readAll(broker, TOPIC, TIMEOUT);
    for (int i = 0; i < samples.size(); i++) {
      AvroSerde serde = AvroSerde.of(samples.get(i).getClass());
      assertThat(written.get(i).value()).isEqualTo(serde.serializer().serialize(TOPIC, samples.get(i)));
    }

    worker.putConnector("collecting-sink", Map.of("connector.class", CollectingSinkConnector.class.getName(),
        "tasks.max", "1", "topics", TOPIC, "consumer.override.auto.offset.reset", "earliest"));
    await().atMost(TIMEOUT).until(() -> CollectingSinkConnector.RECEIVED.size() == samples.size());
    for (int i = 0; i < samples.size(); i++) {
      SinkRecord received = CollectingSinkConnector.RECEIVED.get(i);
      assertThat(received.value()).isEqualTo(ConnectAvroData.get().toStruct((GenericRecord) samples.get(i)));
      assertThat(received.key()).isEqualTo("ESZ6");
    }
  }

  private static int count() {
    return TopicReader.readAll(broker, TOPIC, TIMEOUT).size();
  }
}
