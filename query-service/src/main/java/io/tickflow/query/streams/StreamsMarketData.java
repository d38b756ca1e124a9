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
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.data.TradeView;
import io.tickflow.schemas.Bar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The query service's data over the Streams app's stores ({@link MarketStateReader}), found by a {@link StoreSource}:
 * a per-symbol read asks the stores of exactly the partition that holds the symbol ({@link StreamsStores}).
 * Thread-safe.
 */
public final class StreamsMarketData implements MarketDataReader {

  private final Supplier<Optional<StoreSource>> stores;
  private final List<String> series;
  private final int bookDepth;
  private final TradingDates tradingDates;

  /**
   * @param standbyMaxLag records a standby replica may be behind its changelog and still answer
   * @param lagTimeout how long a standby read waits for the measure of its lag
   * @param series labels of the bar series the Streams app builds
   * @param bookDepth levels per side of a book
   * @param tradingDates the sessions that label daily and weekly bars
   */
  public StreamsMarketData(StreamsBinding binding, long standbyMaxLag, Duration lagTimeout, List<String> series,
                           int bookDepth, TradingDates tradingDates) {
    this(stores(binding, new StandbyLimit(ChangelogLags.of(binding, lagTimeout), standbyMaxLag)), series, bookDepth,
        tradingDates);
  }

  /** The bound client's stores, each read refused while an active task of the client restores. */
  static Supplier<Optional<StoreSource>> stores(StreamsBinding binding, StandbyLimit standbys) {
    return () -> binding.streams().map(streams -> new ProcessingGuardedStores(
        new StreamsStores(streams, binding.self(), standbys), binding.tasks(), () -> LocalTasks.active(streams)));
  }

  /**
   * @param stores the stores to read; empty while there are none (Kafka Streams not bound yet: every read is
   *     unavailable)
   */
  public StreamsMarketData(Supplier<Optional<StoreSource>> stores, List<String> series, int bookDepth,
                           TradingDates tradingDates) {
    this.stores = stores;
    this.series = List.copyOf(series);
    this.bookDepth = bookDepth;
    this.tradingDates = tradingDates;
  }

  @Override
  public Set<String> symbols(ReadMode mode) {
    return read(source -> reader(source.local(mode)).symbols());
  }

  @Override
  public Optional<List<BarView>> bars(String symbol, String timeframe, Instant from, Instant to, int limit,
                                      ReadMode mode) {
    return read(source -> {
      MarketStateReader reader = reader(source, Dataset.BARS, symbol, mode);
      // The API's range includes 'to'; the read API's excludes it.
      List<Bar> bars = reader.newestBars(symbol, timeframe, from, to.plusNanos(1), limit);
      if (bars.isEmpty() && reader.latestTrade(symbol).isEmpty()) {
        return Optional.empty();
      }
      Optional<TradingSession> session = sessionOf(source, symbol, timeframe);
      return Optional.of(bars.stream().map(bar -> BarView.of(bar, session)).toList());
    });
  }

  /** From the global definitions store, which every instance holds whole. */
  @Override
  public TradingSession session(String symbol) {
    return readGlobal(source -> tradingDates.sessionOf(symbol, source.global()));
  }

  /** From the global definitions store, which every instance holds whole. */
  @Override
  public Optional<InstrumentView> instrument(String symbol) {
    return readGlobal(source -> reader(source.global()).definition(symbol)
        .map(definition -> InstrumentView.of(symbol, definition, tradingDates.sessionOf(symbol, definition))));
  }

  /** From the global definitions store, which every instance holds whole. */
  @Override
  public List<InstrumentView> instruments() {
    return readGlobal(source -> reader(source.global()).definitions().entrySet().stream()
        .map(entry -> InstrumentView.of(entry.getKey(), entry.getValue(),
            tradingDates.sessionOf(entry.getKey(), entry.getValue())))
        .toList());
  }

  @Override
  public Optional<BarView> latestBar(String symbol, String timeframe, ReadMode mode) {
    return read(source -> reader(source, Dataset.BARS, symbol, mode)
        .latestBar(symbol, timeframe).map(bar -> BarView.of(bar, sessionOf(source, symbol, timeframe))));
  }

  @Override
  public Optional<QuoteView> latestQuote(String symbol, ReadMode mode) {
    return read(source -> reader(source, Dataset.QUOTES, symbol, mode).latestQuote(symbol).map(QuoteView::of));
  }

  @Override
  public Optional<TradeView> latestTrade(String symbol, ReadMode mode) {
    return read(source -> reader(source, Dataset.BARS, symbol, mode).latestTrade(symbol).map(TradeView::of));
  }

  @Override
  public Optional<BookView> book(String symbol, ReadMode mode) {
    return read(source -> reader(source, Dataset.BOOK, symbol, mode).book(symbol)
        .map(StreamsMarketData::bookView));
  }

  /**
   * The exchange a symbol's security definition names, from the global definitions store (every instance holds every
   * symbol's); empty when it has no definition or states no exchange, and while no Streams client can answer.
   */
  public Optional<String> exchangeOf(String symbol) {
    try {
      return readGlobal(source -> reader(source.global()).exchange(symbol));
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

  /** Runs a read of the partitioned stores, while they are settled ({@link StoreSource#settled}). */
  private <T> T read(Function<StoreSource, T> read) {
    return readGlobal(source -> source.settled(() -> read.apply(source)));
  }

  /** Runs a read, turning "Streams cannot answer now" into {@link StoreUnavailableException}. */
  private <T> T readGlobal(Function<StoreSource, T> read) {
    StoreSource source = stores.get()
        .orElseThrow(() -> new StoreUnavailableException("Kafka Streams is not started yet"));
    try {
      return read.apply(source);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // InvalidStateStoreException: rebalancing, restoring, migrated, not started; IllegalStateException: the
      // client is shutting down or failed (queryMetadataForKey's "not running").
      throw new StoreUnavailableException(e.getMessage(), e);
    }
  }

  /**
   * The session that labels a daily or weekly bar with its trading date (for bars read elsewhere, e.g. from a topic);
   * empty for other bars and while no Streams client can answer.
   */
  public Optional<TradingSession> sessionOf(Bar bar) {
    return stores.get().flatMap(source -> sessionOf(source, bar.getSymbol(), bar.getTimeframe()));
  }

  /** Read from the global definitions store, which every instance holds whole: no partition, no standby. */
  private Optional<TradingSession> sessionOf(StoreSource source, String symbol, String series) {
    return tradingDates.sessionOf(symbol, series, source.global());
  }

  private MarketStateReader reader(StoreSource source, Dataset dataset, String symbol, ReadMode mode) {
    return reader(source.ofSymbol(dataset, symbol, mode));
  }

  private MarketStateReader reader(StoreLookup stores) {
    return new MarketStateReader(stores, series, bookDepth);
  }
}
