package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
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
  private final TestInputTopic<String, byte[]> rawQuotes;
  private final TestInputTopic<String, byte[]> rawDepth;
  private final TestInputTopic<String, byte[]> definitions;
  private final AvroSerializer<Trade> trades = new AvroSerializer<>(Trade.class);
  private final AvroSerializer<Quote> quotes = new AvroSerializer<>(Quote.class);
  private final AvroSerializer<DepthUpdate> depth = new AvroSerializer<>(DepthUpdate.class);
  private final AvroSerializer<SecurityDefinition> definition = new AvroSerializer<>(SecurityDefinition.class);

  DriverStores(StreamsAppConfig config, Instant wallClock) {
    driver = new TopologyTestDriver(TickflowTopology.build(config), config.streamsProperties(), wallClock);
    rawTrades = input(TickflowTopics.RAW_TRADES);
    rawQuotes = input(TickflowTopics.RAW_QUOTES);
    rawDepth = input(TickflowTopics.RAW_DEPTH);
    definitions = input(TickflowTopics.SECURITY_DEFINITIONS);
  }

  /** Pipes a raw trade keyed by its symbol as spelled, as the connectors key them. */
  void pipe(Trade trade) {
    rawTrades.pipeInput(new TestRecord<>(trade.getSymbol(), trades.serialize(TickflowTopics.RAW_TRADES, trade),
        trade.getEventTime()));
  }

  /** Pipes a raw quote keyed by its symbol as spelled. */
  void pipe(Quote quote) {
    rawQuotes.pipeInput(new TestRecord<>(quote.getSymbol(), quotes.serialize(TickflowTopics.RAW_QUOTES, quote),
        quote.getEventTime()));
  }

  /** Pipes a raw depth update keyed by its symbol as spelled. */
  void pipe(DepthUpdate update) {
    rawDepth.pipeInput(new TestRecord<>(update.getSymbol(), depth.serialize(TickflowTopics.RAW_DEPTH, update),
        update.getEventTime()));
  }

  /** Pipes a security definition (the global definitions store). */
  void pipe(SecurityDefinition update) {
    definitions.pipeInput(new TestRecord<>(update.getSymbol(),
        definition.serialize(TickflowTopics.SECURITY_DEFINITIONS, update), update.getUpdateTime()));
  }

  private TestInputTopic<String, byte[]> input(String topic) {
    return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
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
