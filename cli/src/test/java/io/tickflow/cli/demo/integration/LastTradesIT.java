package io.tickflow.cli.demo.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.demo.LastTrades;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A restarted demo's simulator resumes each instrument from its last trade on the demo's own raw trades topic, and
 * makes up the market of the time the demo was stopped.
 */
@Tag("integration")
class LastTradesIT {

  private static final Instant T0 = Instant.parse("2026-11-20T14:30:00Z");
  private static final Duration HISTORY = Duration.ofHours(1);

  private EmbeddedKafkaBroker broker;

  @BeforeEach
  void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
    }
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  @Test
  void shouldResumeEachInstrumentFromItsLastTradeWhenTheTopicHoldsTrades() {
    try (Producer<String, byte[]> producer = new KafkaProducer<>(broker.producerConfig(), new StringSerializer(),
        new ByteArraySerializer())) {
      AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);
      double[] es = {6000.25, 6004.0, 6012.5};
      for (int i = 0; i < es.length; i++) {
        producer.send(trade(serializer, "ESZ6", es[i], i));
        producer.send(trade(serializer, "NQZ6", 21000 + i, i));
      }
      // Not a trade (anyone may write to the demo's topic): skipped, not a failure.
      producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, "ESZ6", "x".getBytes(StandardCharsets.UTF_8)));
      producer.send(trade(serializer, "ESZ6-CME", 1.0, 9)); // an import's spelling: not the simulator's instrument
      producer.flush();
    }

    assertThat(LastTrades.read(broker.bootstrapServers(), Set.of("ESZ6", "NQZ6", "GCG7")).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, last -> last.getValue().getPrice())))
        .isEqualTo(Map.of("ESZ6", 6012.5, "NQZ6", 21002.0));
    LastTrades.SimulatedMarket resumed = LastTrades.resume(Instrument.defaults(List.of("ESZ6", "NQZ6", "GCG7")),
        broker.bootstrapServers(), HISTORY, T0.plusSeconds(600));
    assertThat(resumed.instruments()).extracting(Instrument::startPrice).containsExactly(6012.5, 21002.0, 2650.0);
    assertThat(resumed.instruments().get(0))
        .isEqualTo(Instrument.defaults(List.of("ESZ6")).get(0).withStartPrice(6012.5));
    // The time since the newest trade of the simulator's symbols (ESZ6-CME's later one is not theirs) is made up...
    assertThat(resumed.prehistory()).isEqualTo(Duration.ofSeconds(598));
    // ... up to the demo's prehistory.
    assertThat(LastTrades.resume(Instrument.defaults(), broker.bootstrapServers(), HISTORY, T0.plusSeconds(86_400))
        .prehistory()).isEqualTo(HISTORY);
  }

  @Test
  void shouldKeepTheSeedPricesAndMakeUpTheWholePrehistoryWhenTheTopicIsEmpty() {
    assertThat(LastTrades.resume(Instrument.defaults(), broker.bootstrapServers(), HISTORY, T0))
        .isEqualTo(new LastTrades.SimulatedMarket(Instrument.defaults(), HISTORY));
  }

  private static ProducerRecord<String, byte[]> trade(AvroSerializer<Trade> serializer, String symbol, double price,
                                                      int second) {
    Instant time = T0.plusSeconds(second);
    Trade trade = Trade.newBuilder().setSymbol(symbol).setExchange("CME").setPrice(price).setSize(1)
        .setSide(AggressorSide.BID).setEventTime(time).setReceiveTime(time).setSequence(0)
        .setSource(DataSource.LIVE).build();
    return new ProducerRecord<>(TickflowTopics.RAW_TRADES, symbol, serializer.serialize(TickflowTopics.RAW_TRADES,
        trade));
  }
}
