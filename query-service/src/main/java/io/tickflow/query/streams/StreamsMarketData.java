package io.tickflow.query.streams;

import io.tickflow.bars.TradingSession;
import io.tickflow.marketstate.BookLevel;
import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.marketstate.OrderBook;
import io.tickflow.marketstate.StoreLookup;
import io.tickflow.marketstate.TradingDates;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.data.TradeView;
import io.tickflow.schemas.Bar;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The query service's data over the Streams app's stores ({@link MarketStateReader}). A per-symbol read asks exactly
 * the partition that holds the symbol, so a partition that moved away fails (503, the next instance is tried)
 * instead of answering "unknown symbol". {@link ReadMode#STANDBY_ALLOWED} reads standby replicas too
 * ({@code StoreQueryParameters.enableStaleStores()}). Thread-safe.
 */
public final class StreamsMarketData implements MarketDataReader {

  private final StreamsBinding binding;
  private final List<String> series;
  private final int bookDepth;
  private final TradingDates tradingDates;

  /**
   * @param series labels of the bar series the Streams app builds
   * @param bookDepth levels per side of a book
   * @param tradingDates the sessions that label daily and weekly bars
   */
  public StreamsMarketData(StreamsBinding binding, List<String> series, int bookDepth, TradingDates tradingDates) {
    this.binding = binding;
    this.series = List.copyOf(series);
    this.bookDepth = bookDepth;
    this.tradingDates = tradingDates;
  }

  @Override
  public Set<String> symbols(ReadMode mode) {
    return read(streams -> reader(streams, mode, null).symbols());
  }

  @Override
  public Optional<List<BarView>> bars(String symbol, String timeframe, Instant from, Instant to, int limit,
                                      ReadMode mode) {
    return read(streams -> {
      MarketStateReader reader = reader(streams, mode, partition(streams, Dataset.BARS, symbol));
      // The API's range includes 'to'; the read API's excludes it.
      List<Bar> bars = reader.newestBars(symbol, timeframe, from, to.plusNanos(1), limit);
      if (bars.isEmpty() && reader.latestTrade(symbol).isEmpty()) {
        return Optional.empty();
      }
      Optional<TradingSession> session = sessionOf(streams, symbol, timeframe);
      return Optional.of(bars.stream().map(bar -> BarView.of(bar, session)).toList());
    });
  }

  @Override
  public Optional<BarView> latestBar(String symbol, String timeframe, ReadMode mode) {
    return read(streams -> reader(streams, mode, partition(streams, Dataset.BARS, symbol))
        .latestBar(symbol, timeframe).map(bar -> BarView.of(bar, sessionOf(streams, symbol, timeframe))));
  }

  @Override
  public Optional<QuoteView> latestQuote(String symbol, ReadMode mode) {
    return read(streams -> reader(streams, mode, partition(streams, Dataset.QUOTES, symbol))
        .latestQuote(symbol).map(QuoteView::of));
  }

  @Override
  public Optional<TradeView> latestTrade(String symbol, ReadMode mode) {
    return read(streams -> reader(streams, mode, partition(streams, Dataset.BARS, symbol))
        .latestTrade(symbol).map(TradeView::of));
  }

  @Override
  public Optional<BookView> book(String symbol, ReadMode mode) {
    return read(streams -> reader(streams, mode, partition(streams, Dataset.BOOK, symbol))
        .book(symbol).map(StreamsMarketData::bookView));
  }

  /**
   * The exchange a symbol's security definition names, from the global definitions store (every instance holds every
   * symbol's); empty when it has no definition or states no exchange, and while no Streams client can answer.
   */
  public Optional<String> exchangeOf(String symbol) {
    try {
      return read(streams -> reader(streams, ReadMode.ACTIVE, null).exchange(symbol));
    } catch (StoreUnavailableException e) {
      return Optional.empty();
    }
  }

  private static BookView bookView(OrderBook book) {
    return new BookView(book.symbol(), book.eventTime(), levels(book.bids()), levels(book.asks()));
  }

  private static List<BookView.Level> levels(List<BookLevel> levels) {
    return levels.stream().map(l -> new BookView.Level(l.price(), l.quantity(), l.numOrders())).toList();
  }

  /** Runs a read, turning "Streams cannot answer now" into {@link StoreUnavailableException}. */
  private <T> T read(Function<KafkaStreams, T> read) {
    try {
      return read.apply(binding.require());
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // InvalidStateStoreException: rebalancing, restoring, migrated, not started; IllegalStateException: the
      // client is shutting down or failed (queryMetadataForKey's "not running").
      throw new StoreUnavailableException(e.getMessage(), e);
    }
  }

  private static int partition(KafkaStreams streams, Dataset dataset, String symbol) {
    KeyQueryMetadata metadata = DatasetStores.metadata(streams, dataset, symbol);
    if (KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      throw new StoreUnavailableException("No metadata for " + symbol + " in " + DatasetStores.storeOf(dataset)
          + " (rebalancing)");
    }
    return metadata.partition();
  }

  /**
   * The session that labels a daily or weekly bar with its trading date (for bars read elsewhere, e.g. from a topic);
   * empty for other bars and while no Streams client can answer.
   */
  public Optional<TradingSession> sessionOf(Bar bar) {
    return binding.streams().flatMap(streams -> sessionOf(streams, bar.getSymbol(), bar.getTimeframe()));
  }

  /** Read from the global definitions store, which every instance holds whole: no partition, no standby. */
  private Optional<TradingSession> sessionOf(KafkaStreams streams, String symbol, String series) {
    return tradingDates.sessionOf(symbol, series, StoreLookup.of(streams));
  }

  private MarketStateReader reader(KafkaStreams streams, ReadMode mode, Integer partition) {
    return new MarketStateReader(new PartitionStores(streams, mode, partition), series, bookDepth);
  }

  /** The stores of one partition (or of all local ones when null), active only or standbys too. */
  private static final class PartitionStores implements StoreLookup {

    private final KafkaStreams streams;
    private final ReadMode mode;
    private final Integer partition;

    PartitionStores(KafkaStreams streams, ReadMode mode, Integer partition) {
      this.streams = streams;
      this.mode = mode;
      this.partition = partition;
    }

    @Override
    public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
      return streams.store(parameters(name, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public <K, V> ReadOnlyWindowStore<K, V> windowStore(String name) {
      return streams.store(parameters(name, QueryableStoreTypes.windowStore()));
    }

    private <T> StoreQueryParameters<T> parameters(String name, QueryableStoreType<T> type) {
      StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(name, type);
      if (partition != null) {
        parameters = parameters.withPartition(partition);
      }
      return mode == ReadMode.STANDBY_ALLOWED ? parameters.enableStaleStores() : parameters;
    }
  }
}
