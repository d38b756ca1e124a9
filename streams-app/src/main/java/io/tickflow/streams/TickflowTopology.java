package io.tickflow.streams;

import io.tickflow.bars.BarEngine;
import io.tickflow.bars.BarSpec;
import io.tickflow.bars.PriceJumpGuard;
import io.tickflow.bars.SymbolStateSerde;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.streams.bars.BarsProcessor;
import io.tickflow.streams.bars.WriteAtCommitStore;
import io.tickflow.streams.dedup.DedupProcessor;
import io.tickflow.streams.ingest.DepthKind;
import io.tickflow.streams.ingest.IngestProcessor;
import io.tickflow.streams.ingest.QuoteKind;
import io.tickflow.streams.ingest.RawKind;
import io.tickflow.streams.ingest.TradeKind;
import io.tickflow.streams.market.BookProcessor;
import io.tickflow.streams.market.LatestQuoteProcessor;
import io.tickflow.streams.normalize.DefinitionsProcessor;
import io.tickflow.topics.TickflowTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * The whole Tickflow stream topology, read top to bottom: security definitions into a global store; per pipeline
 * (trades, quotes, depth) source, normalize + validate (refusals to the dead-letter topic), repartition only the
 * records whose canonical symbol differs from their key; then trades are deduplicated and built into bars (accepted
 * trades, live bars, final bars and late or jumping trades out), quotes into the latest-quote table, depth into books.
 * {@code main} and the tests call {@link #build}.
 */
public final class TickflowTopology {

  private static final Serde<String> KEYS = Serdes.String();
  private static final Serde<byte[]> BYTES = Serdes.ByteArray();

  private TickflowTopology() {
  }

  /** Builds the topology of a configuration, whose running tasks nothing follows. */
  public static Topology build(StreamsAppConfig config) {
    return build(config, new ProcessingTasks());
  }

  /**
   * Builds the topology of a configuration.
   *
   * @param tasks follows the processors of the stores interactive queries read, and so whether a task holds them whole
   */
  public static Topology build(StreamsAppConfig config, ProcessingTasks tasks) {
    StreamsBuilder builder = new StreamsBuilder();
    // Interactive queries read the definitions too: a read of the store closed under it fails rather than answer none.
    builder.addGlobalStore(CloseCheckedKeyValueStore.builder(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TickflowStores.SECURITY_DEFINITIONS), KEYS, BYTES)
            .withLoggingDisabled()),
        TickflowTopics.SECURITY_DEFINITIONS, Consumed.with(BYTES, BYTES).withName("definitions-source"),
        () -> new DefinitionsProcessor(TickflowStores.SECURITY_DEFINITIONS, config::newSymbolNormalizer));

    KStream<String, Trade> trades = normalizeAndValidate(builder, config, new TradeKind(), AvroSerde.of(Trade.class));
    builder.addStateStore(DedupProcessor.storeBuilder(TickflowStores.TRADE_DEDUP, config.dedupHorizon(),
        config.inMemoryStores()));
    KStream<String, Trade> uniqueTrades = trades.process(() -> new DedupProcessor(TickflowStores.TRADE_DEDUP, config.dedupHorizon()),
        Named.as("trades-dedup"), TickflowStores.TRADE_DEDUP);
    routeBarOutput(uniqueTrades.process(tasks.track(() -> newBarsProcessor(config)), Named.as("trades-bars"),
        addBarStores(builder, config)));

    normalizeAndValidate(builder, config, new QuoteKind(), AvroSerde.of(Quote.class))
        .process(tasks.track(() -> new LatestQuoteProcessor(TickflowStores.LATEST_QUOTES)),
            Named.as("quotes-latest"), addStore(builder, latestQuoteStore(config)));

    normalizeAndValidate(builder, config, new DepthKind(), AvroSerde.of(DepthUpdate.class))
        .process(tasks.track(() -> new BookProcessor(TickflowStores.BOOKS, config.bookMaxLevels())),
            Named.as("depth-books"), addStore(builder, bookStore(config)));
    return builder.build();
  }

  /** The latest-quote stage's store. */
  static StoreBuilder<KeyValueStore<String, Quote>> latestQuoteStore(StreamsAppConfig config) {
    return keyValueStore(TickflowStores.LATEST_QUOTES, config, AvroSerde.of(Quote.class));
  }

  /** The book stage's store. */
  static StoreBuilder<KeyValueStore<String, byte[]>> bookStore(StreamsAppConfig config) {
    return keyValueStore(TickflowStores.BOOKS, config, BYTES);
  }

  /**
   * Source, normalize and validate, dead letters out; a record whose key already is its canonical symbol stays in
   * its partition, the others go through the named repartition topic {@code <pipeline>-by-symbol}.
   */
  private static <T extends SpecificRecord> KStream<String, T> normalizeAndValidate(
      StreamsBuilder builder, StreamsAppConfig config, RawKind<T> kind, Serde<T> serde) {
    String pipeline = kind.pipeline().id();
    Map<String, KStream<String, SpecificRecord>> routes = builder
        .stream(kind.topic(), Consumed.with(BYTES, BYTES).withName(pipeline + "-source"))
        .process(() -> new IngestProcessor<>(kind, config::newSymbolNormalizer, config.timestampRule(),
            config.instrumentSettings(), TickflowStores.SECURITY_DEFINITIONS), Named.as(pipeline + "-normalize-validate"))
        .split(Named.as(pipeline + "-route-"))
        .branch((key, value) -> value instanceof DeadLetter, Branched.withConsumer(
            deadLetters -> deadLetters.to(TickflowTopics.DEAD_LETTER,
                produced(pipeline + "-dead-letter-sink", AvroSerde.of(DeadLetter.class))), "dead-letter"))
        .branch((key, value) -> key != null && key.equals(kind.symbol(kind.type().cast(value))), Branched.as("keyed"))
        .defaultBranch(Branched.as("rekey"));
    KStream<String, T> rekeyed = TickflowTopology.<T>narrow(routes.get(pipeline + "-route-rekey"))
        .selectKey((key, value) -> kind.symbol(value), Named.as(pipeline + "-canonical-key"))
        .repartition(Repartitioned.<String, T>as(pipeline + "-by-symbol").withKeySerde(KEYS).withValueSerde(serde));
    return TickflowTopology.<T>narrow(routes.get(pipeline + "-route-keyed"))
        .merge(rekeyed, Named.as(pipeline + "-by-canonical-symbol"));
  }

  /** Accepted trades, final bars, live bars and refused trades to their topics. */
  private static void routeBarOutput(KStream<String, SpecificRecord> output) {
    output.split(Named.as("bars-route-"))
        .branch((key, value) -> value instanceof DeadLetter, Branched.withConsumer(s -> s.to(TickflowTopics.DEAD_LETTER,
            produced("bars-dead-letter-sink", AvroSerde.of(DeadLetter.class))), "dead-letter"))
        .branch((key, value) -> value instanceof Trade, Branched.withConsumer(s -> s.to(TickflowTopics.TRADES,
            produced("trades-sink", AvroSerde.of(Trade.class))), "trades"))
        .branch((key, value) -> ((Bar) value).getIsFinal(), Branched.withConsumer(s -> s.to(TickflowTopics.BARS_FINAL,
            produced("bars-final-sink", AvroSerde.of(Bar.class))), "final"))
        .defaultBranch(Branched.withConsumer(s -> s.to(TickflowTopics.BARS_LIVE,
            produced("bars-live-sink", AvroSerde.of(Bar.class))), "live"));
  }

  /** The bar stage of a configuration, over the stores of {@link #barStores}. */
  static BarsProcessor newBarsProcessor(StreamsAppConfig config) {
    return new BarsProcessor(new BarEngine(config.timeBars(), config.grace(), config.idle()),
        new PriceJumpGuard(config.priceJumpPercent(), config.priceJumpConfirmations()), config.instrumentSettings(),
        config.liveEmitInterval(), TickflowStores.SYMBOL_STATE, TickflowStores.SECURITY_DEFINITIONS,
        TickflowStores::bars);
  }

  /** The symbol state store and one final-bar window store per bar series; returns their names. */
  private static String[] addBarStores(StreamsBuilder builder, StreamsAppConfig config) {
    return barStores(config).stream().map(store -> addStore(builder, store)).toArray(String[]::new);
  }

  /** The bar stage's stores: the symbol states, then one final-bar window store per bar series. */
  static List<StoreBuilder<?>> barStores(StreamsAppConfig config) {
    List<StoreBuilder<?>> stores = new ArrayList<>();
    stores.add(WriteAtCommitStore.builder(keyValueStore(TickflowStores.SYMBOL_STATE, config,
        new SymbolStateSerde(config.barSeries()))));
    for (BarSpec spec : config.barSeries()) {
      boolean timeBars = spec instanceof BarSpec.TimeBars;
      Duration size = timeBars ? ((BarSpec.TimeBars) spec).timeframe().nominalLength() : Duration.ofMillis(1);
      String name = TickflowStores.bars(spec.label());
      // Activity bars may start in the same millisecond: keep duplicates rather than overwrite.
      WindowBytesStoreSupplier supplier = config.inMemoryStores()
          ? Stores.inMemoryWindowStore(name, config.retention(spec), size, !timeBars)
          : CheckpointFileWindowStore.supplier(
              Stores.persistentWindowStore(name, config.retention(spec), size, !timeBars));
      // Interactive queries read these stores: a read the store closes under fails rather than come back short.
      stores.add(Stores.windowStoreBuilder(CloseCheckedWindowStore.supplier(supplier), KEYS, AvroSerde.of(Bar.class))
          .withLoggingEnabled(TickflowStores.WINDOW_CHANGELOG));
    }
    return stores;
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> keyValueStore(String name, StreamsAppConfig config,
                                                                          Serde<V> values) {
    KeyValueBytesStoreSupplier supplier = config.inMemoryStores()
        ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    // The cache folds the per-record writes of a commit interval into one changelog record per key. Interactive
    // queries read these stores: a read the store closes under fails rather than come back short.
    return CloseCheckedKeyValueStore.builder(Stores.keyValueStoreBuilder(supplier, KEYS, values).withCachingEnabled());
  }

  private static String addStore(StreamsBuilder builder, StoreBuilder<?> store) {
    builder.addStateStore(store);
    return store.name();
  }

  private static Produced<String, SpecificRecord> produced(String name, Serde<? extends SpecificRecord> values) {
    return Produced.with(KEYS, widen(values)).withName(name);
  }

  /** The branch holds only records of the serde's type, so the wider view is safe (generics are erased). */
  @SuppressWarnings("unchecked")
  private static Serde<SpecificRecord> widen(Serde<? extends SpecificRecord> serde) {
    return (Serde<SpecificRecord>) serde;
  }

  /** The branch holds only valid records of the pipeline's type (dead letters went another way). */
  @SuppressWarnings("unchecked")
  private static <T> KStream<String, T> narrow(KStream<String, SpecificRecord> stream) {
    return (KStream<String, T>) (KStream<String, ?>) stream;
  }
}
