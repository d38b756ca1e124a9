package io.tickflow.cli.local.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.cli.FreePorts;
import io.tickflow.cli.local.LocalKafkaBroker;
import io.tickflow.cli.local.PortInUseException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's broker keeps its data across a restart, and a taken port is one clear error. */
@Tag("integration")
class LocalKafkaBrokerIT {

  @TempDir
  Path directory;

  @Test
  void shouldKeepTopicsAndRecordsAcrossARestart() throws Exception {
    int port = FreePorts.pair();
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory, port)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("demo", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          "bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("demo", "ESZ6", "first")).get();
      }
    }

    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory, port)) {
      assertThat(readAll(broker.bootstrapServers())).containsExactly("first");
    }
  }

  @Test
  void shouldRefuseATakenPortWithOneClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> LocalKafkaBroker.start(directory, taken.getLocalPort()))
          .isInstanceOf(PortInUseException.class)
          .hasMessage("Port " + taken.getLocalPort() + " (Kafka) is already in use: stop what uses it or choose "
              + "another port");
    }
  }

  private static List<String> readAll(String bootstrap) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition("demo", 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }

}
