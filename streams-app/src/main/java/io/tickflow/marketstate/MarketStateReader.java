package io.tickflow.marketstate;

import io.tickflow.bars.OpenBar;
import io.tickflow.bars.SymbolState;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import io.tickflow.bars.BarSpec;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.streams.market.OrderBookState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Read API over the topology's stores, hiding store names and key layouts: bars (final ones from the bar stores,
 * open ones from the bar stage state), the latest trade and quote, the order book, the known symbols and their
 * exchanges. Answers cover the stream tasks of this instance only, the exchange excepted (route other keys with
 * {@code KafkaStreams#queryMetadataForKey}).
 * Thread-safe as far as the underlying stores are (interactive-query stores are).
 */
public final class MarketStateReader {

  private static final Instant FAR_FUTURE = Instant.ofEpochMilli(Long.MAX_VALUE);
  /**
   * Shared (it is thread-safe): a reader is built for every query, and building the decoder fingerprints the schema,
   * about 5 us that only {@link #definition} needs.
   */
  private static final AvroDeserializer<SecurityDefinition> DEFINITIONS =
      new AvroDeserializer<>(SecurityDefinition.class);

  private final StoreLookup stores;
  private final List<String> series;
  private final int bookDepth;

  /**
   * @param stores where the stores are
   * @param series labels of the configured bar series ({@code 1m}, ..., {@code T500})
   * @param bookDepth levels per side returned by {@link #book}
   */
  public MarketStateReader(StoreLookup stores, List<String> series, int bookDepth) {
    this.stores = stores;
    this.series = List.copyOf(series);
    this.bookDepth = bookDepth;
  }

  /** A reader over a running Kafka Streams client of the topology built from this configuration. */
  public static MarketStateReader of(KafkaStreams streams, StreamsAppConfig config) {
    return of(StoreLookup.of(streams), config);
  }

  /** A reader over any store source for the topology built from this configuration. */
  public static MarketStateReader of(StoreLookup stores, StreamsAppConfig config) {
    return new MarketStateReader(stores, config.barSeries().stream().map(BarSpec::label).toList(), config.bookDepth());
  }

  /** Labels of the bar series, time frames first. */
  public List<String> timeframes() {
    return series;
  }

  /**
   * Bars of a symbol and series whose start is in {@code [from, to)}, oldest first, at most {@code limit}: final bars
   * and the open (live) bars, which have {@code isFinal} false.
   *
   * @throws IllegalArgumentException for an unknown series label or a limit below 1
   */
  public List<Bar> bars(String symbol, String timeframe, Instant from, Instant to, int limit) {
    checkQuery(timeframe, limit);
    if (!from.isBefore(to)) {
      return List.of();
    }
    List<Bar> finals;
    try (WindowStoreIterator<Bar> stored = finalBars(timeframe).fetch(symbol, from, to.minusNanos(1))) {
      finals = startingIn(stored, from, to, limit);
    }
    List<Bar> bars = withOpenBars(finals, openBars(symbol, timeframe), from, to);
    return bars.subList(0, Math.min(limit, bars.size()));
  }

  /**
   * The newest {@code limit} bars of a symbol and series whose start is in {@code [from, to)}, oldest first: what a
   * chart asks for. Reads final bars newest first, so the cost follows {@code limit}, not the range.
   *
   * @throws IllegalArgumentException for an unknown series label or a limit below 1
   */
  public List<Bar> newestBars(String symbol, String timeframe, Instant from, Instant to, int limit) {
    checkQuery(timeframe, limit);
    if (!from.isBefore(to)) {
      return List.of();
    }
    List<Bar> open = openBars(symbol, timeframe);
    List<Bar> finals;
    try (WindowStoreIterator<Bar> stored = finalBars(timeframe).backwardFetch(symbol, from, to.minusNanos(1))) {
      finals = startingIn(stored, from, to, limit);
    }
    List<Bar> bars = withOpenBars(finals, open, from, to);
    return bars.subList(Math.max(0, bars.size() - limit), bars.size());
  }

  /** Up to {@code limit} final bars starting in {@code [from, to)}, in the store iterator's order. */
  private static List<Bar> startingIn(WindowStoreIterator<Bar> finals, Instant from, Instant to, int limit) {
    List<Bar> bars = new ArrayList<>();
    while (finals.hasNext() && bars.size() < limit) {
      addIfStartsIn(finals.next().value, from, to, bars);
    }
    return bars;
  }

  /**
   * Final bars and the open bars starting in {@code [from, to)}, by start. An open bar is not always newer than the
   * final ones: an activity bar open at its session's end waits for the end plus grace to close, while the next
   * session's first activity bars can meet their rule and be final already.
   */
  private static List<Bar> withOpenBars(List<Bar> finals, List<Bar> open, Instant from, Instant to) {
    List<Bar> bars = new ArrayList<>(finals);
    open.forEach(bar -> addIfStartsIn(bar, from, to, bars));
    bars.sort(Comparator.comparing(Bar::getWindowStart));
    return bars;
  }

  /**
   * Adds the bar if it starts in {@code [from, to)}. The stores fetch by millisecond, and a range or an activity bar's
   * start can fall within one: their fetch can return a bar up to a millisecond outside the range.
   */
  private static void addIfStartsIn(Bar bar, Instant from, Instant to, List<Bar> bars) {
    if (!bar.getWindowStart().isBefore(from) && bar.getWindowStart().isBefore(to)) {
      bars.add(bar);
    }
  }

  /**
   * The newest bar of a symbol and series: its newest open bar or its latest final bar, whichever starts later (see
   * {@link #withOpenBars}). A time series' windows close in the order they start (each at its end plus the same
   * grace), so an open time bar starts after every final one: the final bars are read only when none is open.
   */
  public Optional<Bar> latestBar(String symbol, String timeframe) {
    checkSeries(timeframe);
    List<Bar> open = openBars(symbol, timeframe);
    Optional<Bar> newestOpen = open.isEmpty() ? Optional.empty() : Optional.of(open.get(open.size() - 1));
    if (newestOpen.isPresent() && BarSpec.parse(timeframe) instanceof BarSpec.TimeBars) {
      return newestOpen;
    }
    try (WindowStoreIterator<Bar> newest = finalBars(timeframe).backwardFetch(symbol, Instant.EPOCH, FAR_FUTURE)) {
      Optional<Bar> newestFinal = newest.hasNext() ? Optional.of(newest.next().value) : Optional.empty();
      return Stream.of(newestOpen, newestFinal).flatMap(Optional::stream).max(Comparator.comparing(
          Bar::getWindowStart));
    }
  }

  private ReadOnlyWindowStore<String, Bar> finalBars(String timeframe) {
    return stores.windowStore(TickflowStores.bars(timeframe));
  }

  /** The accepted trade with the latest event time. */
  public Optional<Trade> latestTrade(String symbol) {
    return Optional.ofNullable(symbolState(symbol)).map(SymbolState::latestTrade);
  }

  /** The valid quote with the latest event time. */
  public Optional<Quote> latestQuote(String symbol) {
    ReadOnlyKeyValueStore<String, Quote> quotes = stores.keyValueStore(TickflowStores.LATEST_QUOTES);
    return Optional.ofNullable(quotes.get(symbol));
  }

  /** The top levels of the symbol's order book. */
  public Optional<OrderBook> book(String symbol) {
    ReadOnlyKeyValueStore<String, byte[]> books = stores.keyValueStore(TickflowStores.BOOKS);
    return Optional.ofNullable(books.get(symbol)).flatMap(bytes -> OrderBookState.fromBytes(bytes).top(symbol,
        bookDepth));
  }

  /**
   * The exchange its latest security definition names; empty with no definition or an empty exchange. Read from the
   * global definitions store, which every instance holds whole, whatever partitions it owns.
   */
  public Optional<String> exchange(String symbol) {
    return definition(symbol).map(SecurityDefinition::getExchange).filter(exchange -> !exchange.isEmpty());
  }

  /**
   * The latest security definition of a canonical symbol; empty when none arrived. Its own {@code symbol} is as the
   * feed spelled it. Read from the global definitions store, which every instance holds whole, whatever partitions it
   * owns.
   */
  public Optional<SecurityDefinition> definition(String symbol) {
    return Optional.ofNullable(definitionsStore().get(symbol)).map(MarketStateReader::decode);
  }

  /** The latest security definition of every symbol that has one, by canonical symbol (see {@link #definition}). */
  public SortedMap<String, SecurityDefinition> definitions() {
    SortedMap<String, SecurityDefinition> all = new TreeMap<>();
    try (KeyValueIterator<String, byte[]> stored = definitionsStore().all()) {
      stored.forEachRemaining(entry -> all.put(entry.key, decode(entry.value)));
    }
    return all;
  }

  private ReadOnlyKeyValueStore<String, byte[]> definitionsStore() {
    return stores.keyValueStore(TickflowStores.SECURITY_DEFINITIONS);
  }

  private static SecurityDefinition decode(byte[] bytes) {
    return DEFINITIONS.deserialize(TickflowTopics.SECURITY_DEFINITIONS, bytes);
  }

  /** Every symbol with a trade, quote or book on this instance, sorted. */
  public SortedSet<String> symbols() {
    SortedSet<String> symbols = new TreeSet<>();
    for (String store : List.of(TickflowStores.SYMBOL_STATE, TickflowStores.LATEST_QUOTES, TickflowStores.BOOKS)) {
      try (KeyValueIterator<String, ?> all = stores.<String, Object>keyValueStore(store).all()) {
        all.forEachRemaining((KeyValue<String, ?> entry) -> symbols.add(entry.key));
      }
    }
    return symbols;
  }

  /**
   * The open bars of a symbol and series, but a time bar whose window has a final bar stored: the symbol state is read
   * as of the last commit, the final bars as soon as the trade that closed them was processed, so until the next commit
   * a window that closed since is in both, and the final bar is the newer. (Activity bars are left as they are: two of
   * them may start in the same millisecond.)
   */
  private List<Bar> openBars(String symbol, String timeframe) {
    SymbolState state = symbolState(symbol);
    if (state == null) {
      return List.of();
    }
    List<Bar> open = new ArrayList<>();
    for (OpenBar bar : state.openBars()) {
      if (bar.spec().label().equals(timeframe)) {
        Bar candidate = bar.toBar(symbol, false);
        if (!(bar.spec() instanceof BarSpec.TimeBars) || !hasFinal(symbol, candidate)) {
          open.add(candidate);
        }
      }
    }
    open.sort(Comparator.comparing(Bar::getWindowStart));
    return open;
  }

  /**
   * Read as a one-window range, not as {@code fetch(key, time)}: Kafka Streams (4.3) puts a new RocksDB segment in its
   * segment map before it opens it ({@code AbstractSegments#getOrCreateSegment}), and a read of one window takes its
   * segment from that map and throws InvalidStateStoreException on one not open yet, which happens exactly when the
   * stream thread writes the first final bar of a segment, this very bar maybe. A range searches the open segments
   * only; a segment not open yet holds nothing, so the range misses nothing ({@code BarStoreReadsTest}).
   */
  private boolean hasFinal(String symbol, Bar open) {
    ReadOnlyWindowStore<String, Bar> finals = stores.windowStore(TickflowStores.bars(open.getTimeframe()));
    Instant start = Instant.ofEpochMilli(open.getWindowStart().toEpochMilli());
    try (WindowStoreIterator<Bar> found = finals.fetch(symbol, start, start)) {
      return found.hasNext();
    }
  }

  private SymbolState symbolState(String symbol) {
    ReadOnlyKeyValueStore<String, SymbolState> states = stores.keyValueStore(TickflowStores.SYMBOL_STATE);
    return states.get(symbol);
  }

  private void checkQuery(String timeframe, int limit) {
    checkSeries(timeframe);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
  }

  private void checkSeries(String timeframe) {
    if (!series.contains(timeframe)) {
      throw new IllegalArgumentException("Unknown timeframe '" + timeframe + "'; known: " + series);
    }
  }
}
