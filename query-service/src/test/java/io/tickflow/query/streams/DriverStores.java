package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowTopology;
import io.tickflow.topics.TickflowTopics;
import java.time.Instant;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The Streams app's topology ({@link TickflowTopology#build}) in a {@code TopologyTestDriver}, its stores read as a
 * {@link StoreSource}: the real stores without a broker. The driver has one partition, which holds every symbol.
 * Reads may run on other threads (a server's) between pipes, not during one.
 */
final class DriverStores implements StoreSource, AutoCloseable {

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> rawTrades;
  private final AvroSerializer<Trade> trades = new AvroSerializer<>(Trade.class);

  DriverStores(StreamsAppConfig config, Instant wallClock) {
    driver = new TopologyTestDriver(TickflowTopology.build(config), config.streamsProperties(), wallClock);
    rawTrades = driver.createInputTopic(TickflowTopics.RAW_TRADES, new StringSerializer(), new ByteArraySerializer());
  }

  /** Pipes a raw trade keyed by its symbol as spelled, as the connectors key them. */
  void pipe(Trade trade) {
    rawTrades.pipeInput(new TestRecord<>(trade.getSymbol(), trades.serialize(TickflowTopics.RAW_TRADES, trade),
        trade.getEventTime()));
  }

  @Override
  public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
    return stores();
  }

  @Override
  public StoreLookup local(ReadMode mode) {
    return stores();
  }

  @Override
  public StoreLookup global() {
    return stores();
  }

  private StoreLookup stores() {
    return StoreLookup.of(driver::getKeyValueStore, driver::getWindowStore);
  }

  @Override
  public void close() {
    driver.close();
  }
}
