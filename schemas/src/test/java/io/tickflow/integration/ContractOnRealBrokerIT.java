package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.serde.AvroSerde;
import io.tickflow.serde.SchemaCatalog;
import io.tickflow.serde.SingleObjectHeader;
import io.tickflow.testing.ContractSamples;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicDrift;
import io.tickflow.topics.TopicReport;
import io.tickflow.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The data contract on a real KRaft broker: the admin step, then every schema through the serdes. */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractOnRealBrokerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<TopicSpec> TOPICS = TickflowTopics.all(2, (short) 1);

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  @Order(1)
  void shouldCreateEveryTopicOnceAndReportDriftWithoutChangingIt() throws Exception {
    try (Admin admin = broker.admin()) {
      TopicAdmin topicAdmin = new TopicAdmin(admin);

      TopicReport first = topicAdmin.ensure(TOPICS);
      TopicReport second = topicAdmin.ensure(TOPICS);
      setRetention(admin, TickflowTopics.RAW_TRADES, "1000");
      // A config change reaches the broker's view asynchronously (through the metadata log).
      TopicReport drifted = await().atMost(TIMEOUT).until(() -> topicAdmin.ensure(TOPICS), r -> !r.consistent());
      setRetention(admin, TickflowTopics.RAW_TRADES, TopicConfigValue.RAW_RETENTION_MS);

      assertThat(first.created()).containsExactlyInAnyOrderElementsOf(TOPICS.stream().map(TopicSpec::name).toList());
      assertThat(first.consistent()).isTrue();
      assertThat(second.created()).isEmpty();
      assertThat(second.existing()).hasSize(TOPICS.size());
      assertThat(second.consistent()).isTrue();
      assertThat(drifted.drifts()).containsExactly(
          new TopicDrift(TickflowTopics.RAW_TRADES, "retention.ms", TopicConfigValue.RAW_RETENTION_MS, "1000"));
      assertThat(admin.describeTopics(List.of(TickflowTopics.BARS_FINAL)).allTopicNames().get()
          .get(TickflowTopics.BARS_FINAL).partitions()).hasSize(2);
    }
  }

  @Test
  @Order(2)
  @SuppressWarnings({"unchecked", "rawtypes"})
  void shouldCarryEverySchemaAsSingleObjectAvro() {
    List<SpecificRecord> samples = ContractSamples.all();
    List<String> topics = List.of(TickflowTopics.RAW_TRADES, TickflowTopics.RAW_QUOTES, TickflowTopics.RAW_DEPTH,
        TickflowTopics.SECURITY_DEFINITIONS, TickflowTopics.BARS_FINAL, TickflowTopics.DEAD_LETTER);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      for (int i = 0; i < samples.size(); i++) {
        AvroSerde serde = AvroSerde.of(samples.get(i).getClass());
        producer.send(new ProducerRecord<>(topics.get(i), "ESZ6".getBytes(StandardCharsets.UTF_8),
            serde.serializer().serialize(topics.get(i), samples.get(i))));
      }
      producer.flush();
    }

    for (int i = 0; i < samples.size(); i++) {
      SpecificRecord sample = samples.get(i);
      List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker, topics.get(i), TIMEOUT);
      assertThat(records).hasSize(1);
      byte[] value = records.get(0).value();
      assertThat(value[0]).isEqualTo((byte) 0xC3);
      assertThat(value[1]).isEqualTo((byte) 0x01);
      assertThat(SingleObjectHeader.fingerprint(value)).hasValue(SchemaCatalog.fingerprint(sample.getSchema()));
      AvroSerde serde = AvroSerde.of(sample.getClass());
      assertThat(serde.deserializer().deserialize(topics.get(i), value)).isEqualTo(sample);
    }
  }

  private static void setRetention(Admin admin, String topic, String millis)
      throws ExecutionException, InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
        new ConfigEntry("retention.ms", millis), AlterConfigOp.OpType.SET)))).all().get();
  }

  /** The raw topics' retention as the spec sets it, in Kafka's string form. */
  private static final class TopicConfigValue {
    static final String RAW_RETENTION_MS = TickflowTopics.byName(TickflowTopics.RAW_TRADES).orElseThrow()
        .configs().get("retention.ms");
  }
}
