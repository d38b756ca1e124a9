package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.marketstate.OrderBook;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.streams.MarketStateScenario.Raw;
import io.tickflow.streams.MarketStateScenario.Spelling;
import io.tickflow.streams.market.BookProcessor;
import io.tickflow.streams.market.LatestQuoteProcessor;
import io.tickflow.streams.market.OrderBookState;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Random interleaved raw quotes and depth updates of several instruments ({@link MarketStateScenario}) through the
 * whole topology, against {@link ReferenceMarketState}, written from docs/topology.md and the DTC depth flow: after
 * every record the touched symbol's book (the levels the read API shows and every level kept) and latest quote are the
 * reference's; every refused record is dead-lettered for one of its documented reasons, with its coordinates, key,
 * bytes and time; the pipeline metrics count in = out + rejected by reason. The valid records then go through the book
 * and latest-quote stages alone over RocksDB stores, started again on their stores at random points: the state read
 * after every record is still the reference's.
 */
class BookPropertyTest {

  @Property(tries = 25)
  void shouldKeepBooksAndQuotesAsTheDocumentedRulesSay(@ForAll long seed,
                                                      @ForAll @IntRange(min = 50, max = 300) int count,
                                                      @ForAll @IntRange(min = 1, max = 4) int depth,
                                                      @ForAll @IntRange(min = 0, max = 3) int moreLevelsKept,
                                                      @ForAll boolean rocksDb) throws IOException {
    int maxLevels = depth + moreLevelsKept;
    MarketStateScenario.Scenario scenario = MarketStateScenario.generate(seed, count, maxLevels);
    List<Raw> input = scenario.raws();
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      expected.add(expected(input.get(i), i >= scenario.definitionAt()));
    }
    Map<String, PipelineCounts> counts;
    List<DeadLetter> letters;
    Set<ReferenceMarketState.Rule> applied;
    Path stateDir = Files.createTempDirectory("book-property");
    try (TopologyHarness harness = new TopologyHarness(Map.of(
        StreamsAppConfig.BOOK_DEPTH_CONFIG, Integer.toString(depth),
        StreamsAppConfig.BOOK_MAX_LEVELS_CONFIG, Integer.toString(maxLevels),
        StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m",
        StreamsAppConfig.PRICE_SCALING_CONFIG, MarketStateScenario.IN_TICKS + "=ticks",
        StreamsAppConfig.STATE_STORE_TYPE_CONFIG, rocksDb ? StreamsAppConfig.STORE_ROCKSDB
            : StreamsAppConfig.STORE_IN_MEMORY,
        StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()))) {
      MarketStateReader reader = harness.reader();
      KeyValueStore<String, byte[]> books = harness.driver.getKeyValueStore(TickflowStores.BOOKS);
      ReferenceMarketState reference = new ReferenceMarketState(maxLevels);
      for (int i = 0; i < input.size(); i++) {
        if (i == scenario.definitionAt()) {
          harness.pipe(TopologyHarness.definition(MarketStateScenario.IN_TICKS, MarketStateScenario.PENNY_TICK,
              LocalTime.MIDNIGHT, "UTC"));
        }
        pipe(harness, input.get(i));
        Expected next = expected.get(i);
        if (next.reasons().isEmpty()) {
          String symbol = next.apply(reference);
          assertThat(reader.latestQuote(symbol)).as("quote after record %d", i)
              .isEqualTo(reference.latestQuote(symbol));
          assertThat(reader.book(symbol)).as("book after record %d", i).isEqualTo(reference.book(symbol, depth));
          assertThat(Optional.ofNullable(books.get(symbol))
              .flatMap(bytes -> OrderBookState.fromBytes(bytes).top(symbol, maxLevels)))
              .as("levels kept after record %d", i).isEqualTo(reference.book(symbol, maxLevels));
        }
      }
      assertThat(reader.symbols()).as("symbols").isEqualTo(expected.stream().filter(e -> e.reasons().isEmpty())
          .map(Expected::symbol).collect(Collectors.toCollection(TreeSet::new)));
      counts = Map.of(TickflowTopics.RAW_QUOTES, harness.counts("quotes"),
          TickflowTopics.RAW_DEPTH, harness.counts("depth"));
      letters = harness.deadLetters.readValuesToList();
      applied = reference.applied();
    } finally {
      Utils.delete(stateDir.toFile());
    }
    assertDeadLetters(input, expected, letters);
    assertCounts(input, expected, letters, counts);
    assertRestartsKeepTheState(seed, expected, depth, maxLevels);
    collectCoverage(expected, applied);
  }

  /** A raw record's fate by the reference: the reasons it may be refused for, or its normalized value. */
  private record Expected(Raw raw, Set<String> reasons, String symbol, SpecificRecord normalized) {

    /** Applies the valid record to the reference; returns its canonical symbol. */
    String apply(ReferenceMarketState reference) {
      if (normalized instanceof Quote quote) {
        reference.apply(symbol, quote);
      } else {
        reference.apply(symbol, (DepthUpdate) normalized);
      }
      return symbol;
    }
  }

  /**
   * @param definitionKnown whether the security definition of the instrument quoted in ticks has arrived
   */
  private static Expected expected(Raw raw, boolean definitionKnown) {
    if (raw.value() == null) {
      return new Expected(raw, Set.of("undecodable"), null, null);
    }
    Spelling spelling = raw.spelling();
    SpecificRecord normalized = spelling == null ? raw.value() : normalized(raw.value(), spelling);
    Set<String> reasons = new TreeSet<>(normalized instanceof Quote quote
        ? ReferenceMarketState.reasons(quote, raw.timestampMs())
        : ReferenceMarketState.reasons((DepthUpdate) normalized, raw.timestampMs()));
    if (spelling != null && spelling.tickSize() > 0 && !definitionKnown) {
      reasons.add("no_security_definition");
    }
    return reasons.isEmpty() ? new Expected(raw, reasons, spelling.canonical(), normalized)
        : new Expected(raw, reasons, null, null);
  }

  /**
   * The record with its canonical symbol, the exchange its spelling names, its event time to the microsecond and its
   * prices in ticks times the tick size.
   */
  private static SpecificRecord normalized(SpecificRecord value, Spelling spelling) {
    if (value instanceof Quote quote) {
      return Quote.newBuilder(quote).setSymbol(spelling.canonical()).setExchange(spelling.exchange())
          .setEventTime(toMicros(quote.getEventTime()))
          .setBidPrice(scaled(quote.getBidPrice(), spelling)).setAskPrice(scaled(quote.getAskPrice(), spelling))
          .build();
    }
    DepthUpdate update = (DepthUpdate) value;
    return DepthUpdate.newBuilder(update).setSymbol(spelling.canonical()).setExchange(spelling.exchange())
        .setEventTime(toMicros(update.getEventTime()))
        .setPrice(update.getAction() == DepthAction.CLEAR ? update.getPrice() : scaled(update.getPrice(), spelling))
        .build();
  }

  private static Double scaled(Double price, Spelling spelling) {
    if (price == null || spelling.tickSize() == 0) {
      return price;
    }
    if (!Double.isFinite(price)) {
      return price * spelling.tickSize(); // refused as price_not_positive anyway
    }
    // topology.md: the decimal product (3 ticks of 0.1 are 0.3, not the binary 0.30000000000000004).
    return new BigDecimal(Double.toString(price)).multiply(new BigDecimal(Double.toString(spelling.tickSize())))
        .doubleValue();
  }

  private static Instant toMicros(Instant instant) {
    return ReferenceMarketState.instant(ReferenceMarketState.micros(instant));
  }

  private static void pipe(TopologyHarness harness, Raw raw) {
    TestRecord<String, byte[]> record = new TestRecord<>(raw.key(), raw.bytes(),
        Instant.ofEpochMilli(raw.timestampMs()));
    (raw.topic().equals(TickflowTopics.RAW_QUOTES) ? harness.rawQuotes : harness.rawDepth).pipeInput(record);
  }

  /**
   * One dead letter per refused record, in input order, for one of its reasons, with the raw record's topic, offset
   * (its position in its topic), key, value bytes and timestamp.
   */
  private static void assertDeadLetters(List<Raw> input, List<Expected> expected, List<DeadLetter> letters) {
    Map<String, Long> offsets = new HashMap<>();
    List<Expected> refused = new ArrayList<>();
    List<Long> refusedOffsets = new ArrayList<>();
    for (Expected next : expected) {
      long offset = offsets.merge(next.raw().topic(), 1L, Long::sum) - 1;
      if (!next.reasons().isEmpty()) {
        refused.add(next);
        refusedOffsets.add(offset);
      }
    }
    assertThat(letters).as("dead letters").hasSize(refused.size());
    for (int i = 0; i < letters.size(); i++) {
      DeadLetter letter = letters.get(i);
      Raw raw = refused.get(i).raw();
      assertThat(letter.getReasonCode()).as("reason of letter %d", i).isIn(refused.get(i).reasons());
      assertThat(List.of(letter.getSourceTopic(), letter.getSourceOffset(), letter.getRejectedAt()))
          .as("coordinates of letter %d", i)
          .isEqualTo(List.of(raw.topic(), refusedOffsets.get(i), Instant.ofEpochMilli(raw.timestampMs())));
      assertThat(letter.getOriginalKey())
          .isEqualTo(raw.key() == null ? null : ByteBuffer.wrap(raw.key().getBytes(StandardCharsets.UTF_8)));
      assertThat(letter.getOriginalValue()).isEqualTo(raw.bytes() == null ? null : ByteBuffer.wrap(raw.bytes()));
    }
  }

  /** Per pipeline: in = every record, out = the valid ones, rejected = the dead letters, by reason. */
  private static void assertCounts(List<Raw> input, List<Expected> expected, List<DeadLetter> letters,
                                   Map<String, PipelineCounts> counts) {
    for (String topic : counts.keySet()) {
      long in = input.stream().filter(raw -> raw.topic().equals(topic)).count();
      long out = expected.stream().filter(e -> e.raw().topic().equals(topic) && e.reasons().isEmpty()).count();
      Map<String, Long> rejected = letters.stream().filter(letter -> letter.getSourceTopic().equals(topic))
          .collect(Collectors.groupingBy(DeadLetter::getReasonCode, TreeMap::new, Collectors.counting()));
      assertThat(counts.get(topic)).as("counts of %s", topic)
          .isEqualTo(new PipelineCounts(in, out, rejected));
      assertThat(counts.get(topic).in()).isEqualTo(counts.get(topic).out() + counts.get(topic).rejectedTotal());
    }
  }

  /**
   * The book and latest-quote stages alone over RocksDB stores, fed the valid records and started again (stores
   * closed and opened, new processors) at random points: what the stores hold after every record is the reference's.
   */
  private static void assertRestartsKeepTheState(long seed, List<Expected> expected, int depth, int maxLevels) {
    StreamsAppConfig config = new StreamsAppConfig(Map.of(StreamsAppConfig.BOOK_DEPTH_CONFIG, Integer.toString(depth),
        StreamsAppConfig.BOOK_MAX_LEVELS_CONFIG, Integer.toString(maxLevels)));
    Random random = new Random(seed);
    ReferenceMarketState reference = new ReferenceMarketState(maxLevels);
    try (MarketStateStages stages = new MarketStateStages(config)) {
      for (Expected next : expected) {
        if (!next.reasons().isEmpty()) {
          continue;
        }
        if (random.nextInt(60) == 0) {
          stages.restart();
        }
        String symbol = next.apply(reference);
        stages.process(symbol, next.normalized());
        assertThat(stages.book(symbol, maxLevels)).as("book after %s", next.normalized())
            .isEqualTo(reference.book(symbol, maxLevels));
        assertThat(stages.latestQuote(symbol)).isEqualTo(reference.latestQuote(symbol));
      }
      Statistics.label("restarts").collect(stages.restarts > 0);
    }
  }

  /**
   * Fails the property unless enough tries saw each reason and each book and quote rule: a generator that stopped
   * producing them would pass vacuously.
   */
  private static void collectCoverage(List<Expected> expected, Set<ReferenceMarketState.Rule> applied) {
    Set<String> reasons = expected.stream().flatMap(e -> e.reasons().stream()).collect(Collectors.toSet());
    for (String reason : List.of("undecodable", "symbol_invalid", "price_not_positive", "size_not_positive",
        "future_timestamp", "stale_timestamp", "crossed_quote", "book_side_unknown", "no_security_definition")) {
      coverage(reason, reasons.contains(reason));
    }
    for (ReferenceMarketState.Rule rule : ReferenceMarketState.Rule.values()) {
      coverage(rule.name(), applied.contains(rule));
    }
  }

  private static void coverage(String label, boolean seen) {
    Statistics.label(label).collect(seen);
    Statistics.label(label).coverage(checker -> checker.check(true).percentage(p -> p >= 10));
  }

  /**
   * The book and latest-quote stages over the stores the topology builds (RocksDB, without cache and changelog,
   * which {@link MockProcessorContext} lacks) in a state directory of their own; a restart closes the stores, opens
   * them again on their files and starts new processors on them.
   */
  private static final class MarketStateStages implements AutoCloseable {
    private final StreamsAppConfig config;
    private final Path stateDir;
    private KeyValueStore<String, byte[]> books;
    private KeyValueStore<String, Quote> quotes;
    private BookProcessor bookStage;
    private LatestQuoteProcessor quoteStage;
    int restarts;

    MarketStateStages(StreamsAppConfig config) {
      this.config = config;
      try {
        this.stateDir = Files.createTempDirectory("book-property");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      start();
    }

    private void start() {
      MockProcessorContext<Void, Void> context = new MockProcessorContext<>(properties(), new TaskId(0, 0),
          stateDir.toFile());
      books = TickflowTopology.bookStore(config).withCachingDisabled().withLoggingDisabled().build();
      quotes = TickflowTopology.latestQuoteStore(config).withCachingDisabled().withLoggingDisabled().build();
      books.init(context.getStateStoreContext(), books);
      quotes.init(context.getStateStoreContext(), quotes);
      context.addStateStore(books);
      context.addStateStore(quotes);
      bookStage = new BookProcessor(TickflowStores.BOOKS, config.bookMaxLevels());
      quoteStage = new LatestQuoteProcessor(TickflowStores.LATEST_QUOTES);
      bookStage.init(context);
      quoteStage.init(context);
    }

    void restart() {
      closeStores();
      start();
      restarts++;
    }

    void process(String symbol, SpecificRecord value) {
      if (value instanceof Quote quote) {
        quoteStage.process(new Record<>(symbol, quote, 0L));
      } else {
        bookStage.process(new Record<>(symbol, (DepthUpdate) value, 0L));
      }
    }

    Optional<OrderBook> book(String symbol, int depth) {
      return Optional.ofNullable(books.get(symbol)).flatMap(bytes -> OrderBookState.fromBytes(bytes).top(symbol, depth));
    }

    Optional<Quote> latestQuote(String symbol) {
      return Optional.ofNullable(quotes.get(symbol));
    }

    private Properties properties() {
      Properties properties = new Properties();
      properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "book-property");
      properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      return properties;
    }

    private void closeStores() {
      books.close();
      quotes.close();
    }

    @Override
    public void close() {
      closeStores();
      try {
        Utils.delete(stateDir.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
