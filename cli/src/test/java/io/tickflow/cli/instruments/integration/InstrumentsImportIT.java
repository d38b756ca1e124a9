package io.tickflow.cli.instruments.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.FreePorts;
import io.tickflow.cli.CliRun;
import io.tickflow.cli.local.LocalKafkaBroker;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickflow instruments import} on a real broker: the definitions land on the security definitions topic keyed
 * by canonical symbol and dated by their {@code updated}; a file with a mistake sends nothing.
 */
@Tag("integration")
class InstrumentsImportIT {

  @TempDir
  Path directory;

  @Test
  void shouldSendEveryDefinitionKeyedByCanonicalSymbolAndNothingFromAFileWithAMistake() throws Exception {
    Path good = Files.writeString(directory.resolve("instruments.csv"), """
        symbol,exchange,description,tickSize,priceDisplayFormat,tickValue,currency,sessionOpen,sessionTimeZone,updated
        ZNH7-CBOT,CBOT,10-Year T-Note Mar 2027,0.015625,134,15.625,USD,17:00,America/Chicago,2026-11-28T14:00:00Z
        ESZ6,CME,E-mini S&P 500 Dec 2026,0.25,2,12.5,USD,,,2026-11-28T14:00:01Z
        """);
    Path bad = Files.writeString(directory.resolve("bad.csv"), """
        symbol,tickSize
        CLF7,0.01
        GCG7,-0.1
        """);
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory.resolve("kafka"), FreePorts.pair())) {
      assertThat(CliRun.of("topics", "-b", broker.bootstrapServers(), "--replication-factor", "1").exit()).isZero();

      CliRun imported = CliRun.of("instruments", "import", good.toString(), "-b", broker.bootstrapServers());
      CliRun refused = CliRun.of("instruments", "import", bad.toString(), "-b", broker.bootstrapServers());

      assertThat(imported.exit()).isZero();
      assertThat(imported.out()).isEqualTo("Sent 2 security definitions to " + TickflowTopics.SECURITY_DEFINITIONS
          + ".\n");
      assertThat(refused.exit()).isEqualTo(1);
      List<ConsumerRecord<String, byte[]>> records = readAll(broker.bootstrapServers(), 2);
      assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("ZNH27", "ESZ26");
      ConsumerRecord<String, byte[]> zn = records.stream().filter(r -> r.key().equals("ZNH27")).findFirst()
          .orElseThrow();
      assertThat(zn.timestamp()).isEqualTo(Instant.parse("2026-11-28T14:00:00Z").toEpochMilli());
      assertThat(new AvroDeserializer<>(SecurityDefinition.class).deserialize(TickflowTopics.SECURITY_DEFINITIONS,
          zn.value())).isEqualTo(new SecurityDefinition("ZNH7-CBOT", "CBOT", "10-Year T-Note Mar 2027", 0.015625,
          134, 15.625, "USD", LocalTime.of(17, 0), LocalTime.MIDNIGHT, "America/Chicago",
          Instant.parse("2026-11-28T14:00:00Z")));
    }
  }

  /** Every record of the topic, once {@code expected} are there and a last poll brings no more. */
  private static List<ConsumerRecord<String, byte[]>> readAll(String servers, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "instruments-import-it"), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(TickflowTopics.SECURITY_DEFINITIONS));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int empty = 0;
      while (System.nanoTime() < deadline && (records.size() < expected || empty < 1)) {
        int before = records.size();
        consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        empty = records.size() == before && records.size() >= expected ? empty + 1 : 0;
      }
    }
    return records;
  }
}
