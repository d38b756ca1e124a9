package io.tickflow.query.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.query.TestServer;
import io.tickflow.query.format.Formats;
import io.tickflow.query.live.LiveBarsFeed;
import io.tickflow.query.ws.WsTestClient;
import io.tickflow.schemas.Bar;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live bars from a real broker's {@code tickflow.bars.live} to WebSocket clients: ordered, gap-free updates for a
 * fast client while a deliberately slow one is conflated to the latest revision and does not hold the fast one
 * back. (Snapshots come from the stores, which the Streams-backed ITs cover; here the symbol has none yet.)
 */
@Tag("integration")
class LiveBarsOverWebSocketIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int REVISIONS = 20_000;

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.start();
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(TickflowTopics.BARS_LIVE, 3, (short) 1),
          new NewTopic(TickflowTopics.BARS_FINAL, 3, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static Bar revision(int revision, Instant start) {
    double close = 4700 + revision * 0.25;
    return Bar.newBuilder().setSymbol("ES").setTimeframe("1m").setWindowStart(start)
        .setWindowEnd(start.plusSeconds(60)).setOpen(4700).setHigh(close).setLow(4700).setClose(close)
        .setVolume(revision + 1L).setBidVolume(0).setAskVolume(revision + 1L).setTradeCount(revision + 1L)
        .setVwap(close).setFirstTradeTime(start).setLastTradeTime(Instant.now()).setIsFinal(false)
        .setRevision(revision).build();
  }

  @Test
  void shouldDeliverOrderedUpdatesToFastClientWhileSlowClientIsConflated() throws Exception {
    try (TestServer server = TestServer.start(Map.of("ws.queue.capacity", "100"), Clock.systemUTC());
         LiveBarsFeed feed = new LiveBarsFeed(broker.bootstrapServers(), server.hub, server.metrics,
             server.feedHealth, new Formats(), bar -> Optional.empty(), Clock.systemUTC()).start();
         WsTestClient fast = WsTestClient.connect(server.port());
         WsTestClient slow = WsTestClient.connect(server.port())) {
      for (WsTestClient client : List.of(fast, slow)) {
        client.send("{\"type\":\"subscribe\",\"channel\":\"bars\",\"symbol\":\"ES\",\"timeframe\":\"1m\"}");
        assertThat(client.next("snapshot", WAIT).get("seq").asLong()).isEqualTo(1);
      }
      slow.pause();

      Instant start = Instant.parse("2024-01-02T14:30:00Z");
      try (KafkaProducer<String, Bar> producer = new KafkaProducer<>(broker.producerConfig(),
          new StringSerializer(), new AvroSerializer<>(Bar.class))) {
        for (int i = 0; i < REVISIONS; i++) {
          producer.send(new ProducerRecord<>(TickflowTopics.BARS_LIVE, "ES", revision(i, start)));
        }
      }

      // The fast client takes every revision in order, or, in a moment it has a write in flight (20,000 updates
      // come as fast as the broker delivers them), the latest with the count it replaced: nothing is lost either way.
      Receipts fastReceipts = new Receipts();
      Awaitility.await().atMost(WAIT).until(() -> fastReceipts.read(fast) == REVISIONS - 1);
      assertThat(fastReceipts.updates + fastReceipts.conflated).isEqualTo(REVISIONS);

      slow.resume();
      Receipts slowReceipts = new Receipts();
      Awaitility.await().atMost(WAIT).until(() -> slowReceipts.read(slow) == REVISIONS - 1);
      assertThat(slowReceipts.updates + slowReceipts.conflated).isEqualTo(REVISIONS);
      assertThat(slowReceipts.updates).as("updates the paused client got").isLessThan(REVISIONS);
      assertThat(server.metrics.scrape()).containsPattern("tickflow_ws_conflations_total\\{channel=\"bars\"} [1-9]");
    }
  }

  /** What a client has received of the bar's updates; checks seq stays gap-free and revisions only go up. */
  private static final class Receipts {
    private long updates;
    private long conflated;
    private int lastRevision = -1;

    /** Takes what the client has received so far; returns the latest revision. */
    int read(WsTestClient client) {
      for (JsonNode message : client.drain()) {
        if (message.path("type").asText().equals("update")) {
          updates++;
          conflated += message.get("conflated").asLong();
          assertThat(message.get("seq").asLong()).isEqualTo(updates + 1);
          int revision = message.get("data").get("revision").asInt();
          assertThat(revision).isGreaterThan(lastRevision);
          lastRevision = revision;
        }
      }
      return lastRevision;
    }
  }
}
