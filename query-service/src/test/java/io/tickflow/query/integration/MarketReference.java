package io.tickflow.query.integration;

import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every state the Streams app may show of what was produced so far, computed naively apart from the topology: per
 * window the accepted trades in order (a bar of revision r is the bar of its window's first r + 1 trades), per symbol
 * every quote that validation keeps and every state of the book after each depth update. Immutable: a test publishes
 * the next one before it produces the records it adds, so any answer is checked against a reference that holds at
 * least what the app could have read.
 *
 * @param streamTime the newest trade's event time: no bar ends (plus grace) after it and is final
 */
record MarketReference(Map<Window, List<Trade>> windows, Instant streamTime, Map<String, List<QuoteView>> quotes,
                       Map<String, List<BookView>> books, Map<String, Book> latestBooks, Set<String> symbols) {

  /** One bar window of one symbol and timeframe. */
  record Window(String symbol, String timeframe, Instant start) {
  }

  static final MarketReference EMPTY = new MarketReference(Map.of(), Instant.EPOCH, Map.of(), Map.of(), Map.of(),
      Set.of());

  /** This reference and a batch as the connectors send it (copies, crossed quotes and all). */
  MarketReference with(List<Trade> trades, List<Quote> newQuotes, List<DepthUpdate> depth) {
    Map<Window, List<Trade>> nextWindows = new HashMap<>(windows);
    Instant nextTime = streamTime;
    Set<String> nextSymbols = new TreeSet<>(symbols);
    // A trade sent twice is one trade: the Streams app drops the copy.
    for (Trade trade : new LinkedHashSet<>(trades)) {
      for (Map.Entry<String, Duration> timeframe : MarketScenario.TIMEFRAMES.entrySet()) {
        nextWindows.merge(windowOf(trade, timeframe.getKey(), timeframe.getValue()), List.of(trade),
            MarketReference::concat);
      }
      nextTime = trade.getEventTime().isAfter(nextTime) ? trade.getEventTime() : nextTime;
      nextSymbols.add(trade.getSymbol());
    }
    Map<String, List<QuoteView>> nextQuotes = new HashMap<>(quotes);
    for (Quote quote : newQuotes) {
      nextSymbols.add(quote.getSymbol());
      if (quote.getAskPrice() > quote.getBidPrice()) {
        nextQuotes.merge(quote.getSymbol(), List.of(QuoteView.of(quote)), MarketReference::concat);
      }
    }
    Map<String, List<BookView>> nextBooks = new HashMap<>(books);
    Map<String, Book> nextLatest = new HashMap<>(latestBooks);
    for (DepthUpdate update : depth) {
      nextSymbols.add(update.getSymbol());
      Book book = nextLatest.getOrDefault(update.getSymbol(), Book.EMPTY).apply(update);
      nextLatest.put(update.getSymbol(), book);
      nextBooks.merge(update.getSymbol(), List.of(book.view(update.getSymbol())), MarketReference::concat);
    }
    return new MarketReference(Map.copyOf(nextWindows), nextTime, Map.copyOf(nextQuotes), Map.copyOf(nextBooks),
        Map.copyOf(nextLatest), Set.copyOf(nextSymbols));
  }

  private static Window windowOf(Trade trade, String timeframe, Duration length) {
    long millis = trade.getEventTime().toEpochMilli();
    return new Window(trade.getSymbol(), timeframe, Instant.ofEpochMilli(millis - Math.floorMod(millis,
        length.toMillis())));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  /**
   * What is wrong with a bar an answer holds, if anything: it must be the bar of its window's first
   * {@code revision + 1} trades, and a bar marked final must hold all of them, in a window that has ended.
   */
  Optional<String> problemOf(BarView bar) {
    List<Trade> trades = windows.get(new Window(bar.symbol(), bar.timeframe(), bar.start()));
    if (trades == null) {
      return Optional.of("a bar of a window without any trade: " + bar);
    }
    if (bar.revision() < 0 || bar.revision() >= trades.size()) {
      return Optional.of("revision " + bar.revision() + " of a window of " + trades.size() + " trades: " + bar);
    }
    Instant end = bar.start().plus(MarketScenario.TIMEFRAMES.get(bar.timeframe()));
    BarView expected = MarketScenario.bar(bar.symbol(), bar.timeframe(), bar.start(), end,
        trades.subList(0, bar.revision() + 1), bar.closed());
    if (!expected.equals(bar)) {
      return Optional.of(bar + " instead of " + expected);
    }
    if (bar.closed() && (bar.revision() != trades.size() - 1 || end.plus(MarketScenario.GRACE).isAfter(streamTime))) {
      return Optional.of("final before its window closed: " + bar + " of " + trades.size() + " trades, stream time "
          + streamTime);
    }
    return Optional.empty();
  }

  /** What is wrong with a bar of the final bars topic: it must be final and hold every trade of its window. */
  Optional<String> problemOfFinal(BarView bar) {
    List<Trade> trades = windows.getOrDefault(new Window(bar.symbol(), bar.timeframe(), bar.start()), List.of());
    if (!bar.closed() || bar.revision() != trades.size() - 1) {
      return Optional.of("not the final bar of its " + trades.size() + " trades: " + bar);
    }
    return problemOf(bar);
  }

  /** The symbol's bars of one timeframe as they must end, by start (final where the stream time says so). */
  TreeMap<Instant, BarView> expectedBars(String symbol, String timeframe) {
    TreeMap<Instant, BarView> bars = new TreeMap<>();
    windows.forEach((window, trades) -> {
      if (window.symbol().equals(symbol) && window.timeframe().equals(timeframe)) {
        Instant end = window.start().plus(MarketScenario.TIMEFRAMES.get(timeframe));
        bars.put(window.start(), MarketScenario.bar(symbol, timeframe, window.start(), end, trades,
            !end.plus(MarketScenario.GRACE).isAfter(streamTime)));
      }
    });
    return bars;
  }

  /** The position of a quote among the symbol's valid ones, -1 if it is none of them. */
  int quoteIndex(String symbol, QuoteView quote) {
    return quotes.getOrDefault(symbol, List.of()).indexOf(quote);
  }

  /** The position of a book among the symbol's states after each depth update, -1 if it is none of them. */
  int bookIndex(String symbol, BookView book) {
    return books.getOrDefault(symbol, List.of()).lastIndexOf(book);
  }

  Optional<QuoteView> latestQuote(String symbol) {
    List<QuoteView> valid = quotes.getOrDefault(symbol, List.of());
    return valid.isEmpty() ? Optional.empty() : Optional.of(valid.get(valid.size() - 1));
  }

  Optional<BookView> latestBook(String symbol) {
    List<BookView> states = books.getOrDefault(symbol, List.of());
    return states.isEmpty() ? Optional.empty() : Optional.of(states.get(states.size() - 1));
  }

  /** A book's price levels, each of one order, and the time of its last update. */
  record Book(TreeMap<Double, Long> bids, TreeMap<Double, Long> asks, Instant time) {

    static final Book EMPTY = new Book(new TreeMap<>(Comparator.reverseOrder()), new TreeMap<>(), null);

    Book apply(DepthUpdate update) {
      TreeMap<Double, Long> nextBids = new TreeMap<>(bids);
      TreeMap<Double, Long> nextAsks = new TreeMap<>(asks);
      TreeMap<Double, Long> side = update.getSide() == BookSide.BID ? nextBids : nextAsks;
      if (update.getAction() == DepthAction.DELETE) {
        side.remove(update.getPrice());
      } else {
        side.put(update.getPrice(), update.getQuantity());
      }
      return new Book(nextBids, nextAsks, update.getEventTime());
    }

    BookView view(String symbol) {
      return new BookView(symbol, time, levels(bids.entrySet()), levels(asks.entrySet()));
    }

    private static List<BookView.Level> levels(Collection<Map.Entry<Double, Long>> side) {
      return side.stream().map(level -> new BookView.Level(level.getKey(), level.getValue(), 1)).toList();
    }
  }
}
