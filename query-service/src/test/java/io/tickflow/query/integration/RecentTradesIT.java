package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.live.TopicFollower;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time and sales with the real broker: an instance started after the trades were written has them (it reads
 * back the partitions' latest records), newest first, as many as it keeps; and what a follower reads back is told
 * apart from what comes after its start, so that live subscribers never get it.
 */
@Tag("integration")
class RecentTradesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-28T14:00:00Z");

  @Test
  void shouldTellTheRecordsReadBackFromThoseWrittenAfterTheStart() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      createTopics(broker);
      produce(broker, "ESZ26", 0, 10);
      List<String> handed = new CopyOnWriteArrayList<>();
      AtomicReference<TopicFollower<byte[]>> follower = new AtomicReference<>();
      follower.set(new TopicFollower<>(broker.bootstrapServers(), "recent-trades-it",
          List.of(TickflowTopics.TRADES), IsolationLevel.READ_COMMITTED, new ByteArrayDeserializer(),
          records -> records.forEach(record ->
              handed.add(record.offset() + (follower.get().isHistory(record) ? " history" : " live")))));
      try (TopicFollower<byte[]> started = follower.get().start(4)) {
        produce(broker, "ESZ26", 10, 2);
        await().atMost(WAIT).until(() -> handed.size() >= 6);
      }
      assertThat(handed).containsExactly("6 history", "7 history", "8 history", "9 history", "10 live", "11 live");
    }
  }

  @Test
  void shouldAnswerTheTradesWrittenBeforeTheInstanceStarted(@TempDir Path stateDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      createTopics(broker);
      produce(broker, "ESZ26", 0, 150);
      produce(broker, "NQZ26", 0, 3);
      Map<String, Object> settings = QueryInstances.settings(broker, "recent-trades-it", stateDir);
      settings.put(QueryServiceConfig.RECENT_TRADES_CONFIG, "120");
      try (QueryServiceApp instance = QueryInstances.start(settings)) {
        // Polled: the records read back come in several polls.
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(sequences(instance, "ESZ26"))
              .isEqualTo(IntStream.iterate(149, i -> i - 1).limit(120).boxed().toList());
          assertThat(sequences(instance, "NQZ26")).containsExactly(2, 1, 0);
        });
      }
    }
  }

  private static void createTopics(EmbeddedKafkaBroker broker) {
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(1, (short) 1));
    }
  }

  /** Trades of one symbol with sequences {@code from} on, as the Streams app writes them to tickflow.trades. */
  private static void produce(EmbeddedKafkaBroker broker, String symbol, int from, int count) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
      for (int sequence = from; sequence < from + count; sequence++) {
        Trade trade = new Trade(symbol, "CME", 6000 + sequence * 0.25, 1L, AggressorSide.ASK, T0, T0, sequence,
            DataSource.LIVE);
        producer.send(new ProducerRecord<>(TickflowTopics.TRADES, symbol.getBytes(StandardCharsets.UTF_8),
            new AvroSerializer<>(Trade.class).serialize(TickflowTopics.TRADES, trade)));
      }
      producer.flush();
    }
  }

  private static List<Integer> sequences(QueryServiceApp instance, String symbol) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + instance.port() + "/api/v1/trades/" + symbol + "?limit=1000")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<Integer> sequences = new ArrayList<>();
    for (JsonNode trade : JSON.readTree(response.body()).path("trades")) {
      sequences.add(trade.path("sequence").asInt());
    }
    return sequences;
  }
}
