package io.tickflow.query;

import io.tickflow.bars.TradingSession;
import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.InstrumentView;
import io.tickflow.query.data.MarketDataReader;
import io.tickflow.query.data.QuoteView;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.query.data.TradeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MarketDataReader} over maps, for tests of the HTTP and WebSocket layers only: it implements the same
 * contract (range, newest-limit, unknown symbol) that the Streams-backed reader does, and can be switched to
 * "unavailable" to play a rebalance.
 */
public final class InMemoryMarketData implements MarketDataReader {

  private final Map<String, ConcurrentSkipListMap<Instant, BarView>> bars = new ConcurrentHashMap<>();
  private final Map<String, QuoteView> quotes = new ConcurrentHashMap<>();
  private final Map<String, TradeView> trades = new ConcurrentHashMap<>();
  private final Map<String, BookView> books = new ConcurrentHashMap<>();
  private final Map<String, TradingSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, InstrumentView> instruments = new ConcurrentHashMap<>();
  private volatile boolean unavailable;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  public void putBar(BarView bar) {
    bars.computeIfAbsent(bar.symbol() + "/" + bar.timeframe(), k -> new ConcurrentSkipListMap<>())
        .put(bar.start(), bar);
    trades.putIfAbsent(bar.symbol(), new TradeView(bar.symbol(), bar.close(), 1, "UNKNOWN", bar.start(), 0));
  }

  public void putQuote(QuoteView quote) {
    quotes.put(quote.symbol(), quote);
  }

  public void putTrade(TradeView trade) {
    trades.put(trade.symbol(), trade);
  }

  public void putBook(BookView book) {
    books.put(book.symbol(), book);
  }

  /** The symbol's trading session; UTC days until set. */
  public void putSession(String symbol, TradingSession session) {
    sessions.put(symbol, session);
  }

  public void putInstrument(InstrumentView instrument) {
    instruments.put(instrument.symbol(), instrument);
  }

  public void setUnavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** Makes every read wait until {@link #releaseReads()}: a snapshot that takes its time. */
  public void holdReads() {
    gate = new CountDownLatch(1);
  }

  public void releaseReads() {
    gate.countDown();
  }

  private void checkAvailable() {
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("reads held for 10 s: releaseReads() missing");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (unavailable) {
      throw new StoreUnavailableException("rebalancing (test)");
    }
  }

  @Override
  public Set<String> symbols(ReadMode mode) {
    checkAvailable();
    return new TreeSet<>(trades.keySet());
  }

  @Override
  public Optional<List<BarView>> bars(String symbol, String timeframe, Instant from, Instant to, int limit,
                                      ReadMode mode) {
    checkAvailable();
    if (!trades.containsKey(symbol)) {
      return Optional.empty();
    }
    ConcurrentSkipListMap<Instant, BarView> series = bars.getOrDefault(symbol + "/" + timeframe,
        new ConcurrentSkipListMap<>());
    List<BarView> inRange = new ArrayList<>(series.subMap(from, true, to, true).values());
    return Optional.of(List.copyOf(inRange.subList(Math.max(0, inRange.size() - limit), inRange.size())));
  }

  @Override
  public TradingSession session(String symbol) {
    checkAvailable();
    return sessions.getOrDefault(symbol, TradingSession.UTC);
  }

  @Override
  public Optional<InstrumentView> instrument(String symbol) {
    checkAvailable();
    return Optional.ofNullable(instruments.get(symbol));
  }

  @Override
  public List<InstrumentView> instruments() {
    checkAvailable();
    return new TreeMap<>(instruments).values().stream().toList();
  }

  @Override
  public Optional<BarView> latestBar(String symbol, String timeframe, ReadMode mode) {
    checkAvailable();
    ConcurrentSkipListMap<Instant, BarView> series = bars.get(symbol + "/" + timeframe);
    return series == null || series.isEmpty() ? Optional.empty() : Optional.of(series.lastEntry().getValue());
  }

  @Override
  public Optional<QuoteView> latestQuote(String symbol, ReadMode mode) {
    checkAvailable();
    return Optional.ofNullable(quotes.get(symbol));
  }

  @Override
  public Optional<TradeView> latestTrade(String symbol, ReadMode mode) {
    checkAvailable();
    return Optional.ofNullable(trades.get(symbol));
  }

  @Override
  public Optional<BookView> book(String symbol, ReadMode mode) {
    checkAvailable();
    return Optional.ofNullable(books.get(symbol));
  }
}
