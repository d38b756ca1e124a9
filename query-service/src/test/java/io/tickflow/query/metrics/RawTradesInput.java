package io.tickflow.query.metrics;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.topics.TickflowTopics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The raw trades topic of a TopologyTestDriver, fed Avro trades as the ingest connectors write them. */
final class RawTradesInput {

  private final TestInputTopic<String, byte[]> topic;
  private final AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);

  RawTradesInput(TopologyTestDriver driver) {
    topic = driver.createInputTopic(TickflowTopics.RAW_TRADES, new StringSerializer(), new ByteArraySerializer());
  }

  /** Pipes the trades keyed by symbol, each at its event time. */
  void pipe(List<Trade> trades) {
    for (Trade trade : trades) {
      byte[] value = serializer.serialize(TickflowTopics.RAW_TRADES, trade);
      topic.pipeInput(new TestRecord<>(trade.getSymbol(), value, trade.getEventTime()));
    }
  }

  /** A live trade, received a millisecond after it happened. */
  static Trade trade(String symbol, double price, long size, Instant at) {
    return new Trade(symbol, "", price, size, AggressorSide.ASK, at, at.plusMillis(1), 0, DataSource.LIVE);
  }
}
