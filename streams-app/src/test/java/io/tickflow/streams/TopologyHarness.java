package io.tickflow.streams;

import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.marketstate.StoreLookup;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver over {@link TickflowTopology#build} with the real serdes, and builders of contract records. */
final class TopologyHarness implements AutoCloseable {

  /** A Monday, 14:30 UTC. */
  static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  final StreamsAppConfig config;
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> rawTrades;
  final TestInputTopic<String, byte[]> rawQuotes;
  final TestInputTopic<String, byte[]> rawDepth;
  final TestInputTopic<String, byte[]> definitions;
  final TestOutputTopic<String, Trade> trades;
  final TestOutputTopic<String, Bar> liveBars;
  final TestOutputTopic<String, Bar> finalBars;
  final TestOutputTopic<String, DeadLetter> deadLetters;

  TopologyHarness() {
    this(Map.of());
  }

  TopologyHarness(Map<String, ?> overrides) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, StreamsAppConfig.STORE_IN_MEMORY);
    settings.putAll(overrides);
    this.config = new StreamsAppConfig(settings);
    Properties props = config.streamsProperties();
    this.driver = new TopologyTestDriver(TickflowTopology.build(config), props, T0);
    this.rawTrades = input(TickflowTopics.RAW_TRADES);
    this.rawQuotes = input(TickflowTopics.RAW_QUOTES);
    this.rawDepth = input(TickflowTopics.RAW_DEPTH);
    this.definitions = input(TickflowTopics.SECURITY_DEFINITIONS);
    this.trades = output(TickflowTopics.TRADES, Trade.class);
    this.liveBars = output(TickflowTopics.BARS_LIVE, Bar.class);
    this.finalBars = output(TickflowTopics.BARS_FINAL, Bar.class);
    this.deadLetters = output(TickflowTopics.DEAD_LETTER, DeadLetter.class);
  }

  static Trade trade(String symbol, double price, long size, AggressorSide side, Instant at, int sequence) {
    return new Trade(symbol, "", price, size, side, at, at.plusMillis(1), sequence, DataSource.LIVE);
  }

  static Trade trade(String symbol, double price, long size, Instant at) {
    return trade(symbol, price, size, AggressorSide.ASK, at, 0);
  }

  static Quote quote(String symbol, Double bid, Double ask, Instant at) {
    return new Quote(symbol, "", bid, bid == null ? null : 10L, ask, ask == null ? null : 12L, at, at.plusMillis(1),
        DataSource.LIVE);
  }

  static DepthUpdate depth(String symbol, BookSide side, DepthAction action, double price, long quantity,
                           boolean endOfBatch, Instant at) {
    return new DepthUpdate(symbol, "", side, price, quantity, 1, action, endOfBatch, at, at.plusMillis(1),
        DataSource.LIVE);
  }

  static SecurityDefinition definition(String symbol, double tickSize, LocalTime sessionOpen, String zone) {
    return new SecurityDefinition(symbol, "CME", "test instrument", tickSize, 2, 12.5, "USD", sessionOpen,
        LocalTime.of(16, 0), zone, T0);
  }

  static <T extends SpecificRecord> byte[] bytes(T record) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    return new AvroSerializer<>(type).serialize("test", record);
  }

  void pipe(Trade trade) {
    rawTrades.pipeInput(new TestRecord<>(trade.getSymbol(), bytes(trade), trade.getEventTime()));
  }

  void pipeAll(List<Trade> trades) {
    trades.forEach(this::pipe);
  }

  void pipe(Quote quote) {
    rawQuotes.pipeInput(new TestRecord<>(quote.getSymbol(), bytes(quote), quote.getEventTime()));
  }

  void pipe(DepthUpdate update) {
    rawDepth.pipeInput(new TestRecord<>(update.getSymbol(), bytes(update), update.getEventTime()));
  }

  void pipe(SecurityDefinition definition) {
    definitions.pipeInput(new TestRecord<>(definition.getSymbol(), bytes(definition), definition.getUpdateTime()));
  }

  /** The final bars written so far by their identity; fails when one is final twice. */
  Map<ReferenceBars.Key, Bar> finalBarsOnce() {
    Map<ReferenceBars.Key, Bar> finals = new LinkedHashMap<>();
    for (Bar bar : finalBars.readValuesToList()) {
      Bar previous = finals.put(new ReferenceBars.Key(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart()), bar);
      if (previous != null) {
        throw new AssertionError("second final bar for " + bar.getSymbol() + " " + bar.getTimeframe() + " "
            + bar.getWindowStart());
      }
    }
    return finals;
  }

  /** Fires the live-bar punctuator once. */
  void advanceLiveInterval() {
    driver.advanceWallClockTime(config.liveEmitInterval());
  }

  void advanceWallClock(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  MarketStateReader reader() {
    return MarketStateReader.of(StoreLookup.of(driver::getKeyValueStore, driver::getWindowStore), config);
  }

  PipelineCounts counts(String pipeline) {
    return PipelineCounts.read(driver.metrics(), pipeline);
  }

  private TestInputTopic<String, byte[]> input(String topic) {
    return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
  }

  private <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, Class<T> type) {
    return driver.createOutputTopic(topic, new StringDeserializer(), new AvroDeserializer<>(type));
  }

  @Override
  public void close() {
    driver.close();
  }
}
