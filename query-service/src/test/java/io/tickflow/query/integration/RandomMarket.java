package io.tickflow.query.integration;

import io.tickflow.query.data.BarView;
import io.tickflow.query.data.BookView;
import io.tickflow.query.data.QuoteView;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded random market data for a few symbols, made in bursts on one clock that never goes back, and what the Streams
 * app must make of it, computed here: the accepted trades (a burst sends a few trades twice, which dedup drops), the
 * bars ({@link MarketScenario#expectedBars}), the latest quote (some quotes are crossed, which validation refuses)
 * and the book. Prices move a tick at a time within a few percent, so no price jump holds a trade back.
 */
final class RandomMarket {

  static final List<String> SYMBOLS = MarketScenario.SYMBOLS.subList(0, 4);
  private static final double TICK = 0.25;

  private final Random random;
  private final MarketScenario accepted = new MarketScenario();
  private final Map<String, Double> prices = new HashMap<>();
  private final Map<String, Quote> latestQuotes = new HashMap<>();
  private final Map<String, Book> books = new HashMap<>();
  private Instant clock = MarketScenario.T0;
  private int sequence;

  RandomMarket(Random random) {
    this.random = random;
  }

  /** At each of some steps of the clock (up to 3 s apart), up to two trades of each symbol; some sent twice. */
  List<Trade> trades() {
    List<Trade> burst = new ArrayList<>();
    for (int step = 10 + random.nextInt(30); step > 0; step--) {
      clock = clock.plusMillis(random.nextInt(3000));
      for (String symbol : SYMBOLS) {
        for (int n = random.nextInt(3); n > 0; n--) {
          Trade trade = trade(symbol);
          burst.add(trade);
          if (random.nextInt(20) == 0) {
            burst.add(trade);
          }
        }
      }
    }
    accepted.add(List.copyOf(new LinkedHashSet<>(burst)));
    return burst;
  }

  /** A trade of each symbol ten minutes on: every bar before it is final then, on every partition. */
  List<Trade> closingTrades() {
    clock = clock.plus(Duration.ofMinutes(10));
    List<Trade> closing = SYMBOLS.stream().map(this::trade).toList();
    accepted.add(closing);
    return closing;
  }

  private Trade trade(String symbol) {
    double price = Math.max(97, Math.min(103, prices.getOrDefault(symbol, 100.0) + TICK * (random.nextInt(3) - 1)));
    prices.put(symbol, price);
    AggressorSide side = random.nextBoolean() ? AggressorSide.BID : AggressorSide.ASK;
    return new Trade(symbol, "", price, 1L + random.nextInt(9), side, clock, clock.plusMillis(1), ++sequence,
        DataSource.LIVE);
  }

  /** Up to three quotes of about half the symbols, now; one in fifteen crossed. */
  List<Quote> quotes() {
    List<Quote> quotes = new ArrayList<>();
    for (String symbol : SYMBOLS) {
      for (int n = random.nextBoolean() ? 1 + random.nextInt(3) : 0; n > 0; n--) {
        double bid = prices.getOrDefault(symbol, 100.0) - TICK * random.nextInt(3);
        boolean crossed = random.nextInt(15) == 0;
        double ask = crossed ? bid - TICK : bid + TICK * (1 + random.nextInt(4));
        Quote quote = new Quote(symbol, "", bid, 1L + random.nextInt(50), ask, 1L + random.nextInt(50), clock,
            clock.plusMillis(1), DataSource.LIVE);
        quotes.add(quote);
        if (!crossed) {
          latestQuotes.put(symbol, quote);
        }
      }
    }
    return quotes;
  }

  /** A batch of up to four level changes for about half the symbols, now, on five price levels a side. */
  List<DepthUpdate> depth() {
    List<DepthUpdate> updates = new ArrayList<>();
    for (String symbol : SYMBOLS) {
      Book book = books.computeIfAbsent(symbol, s -> new Book());
      for (int n = random.nextBoolean() ? 1 + random.nextInt(4) : 0; n > 0; n--) {
        updates.add(book.change(symbol, n == 1));
      }
    }
    return updates;
  }

  /** The sequence numbers of the symbol's accepted trades, in order. */
  List<Integer> acceptedSequences(String symbol) {
    return accepted.trades().stream().filter(trade -> trade.getSymbol().equals(symbol)).map(Trade::getSequence)
        .toList();
  }

  TreeMap<Instant, BarView> expectedBars(String symbol, String timeframe) {
    return accepted.expectedBars(symbol, timeframe);
  }

  Optional<QuoteView> latestQuote(String symbol) {
    return Optional.ofNullable(latestQuotes.get(symbol)).map(QuoteView::of);
  }

  Optional<BookView> book(String symbol) {
    return Optional.ofNullable(books.get(symbol)).filter(book -> book.time != null).map(book -> book.view(symbol));
  }

  /** One symbol's book as the depth updates leave it. */
  private final class Book {
    private final TreeMap<Double, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Double, Long> asks = new TreeMap<>();
    private Instant time;

    /** Inserts a missing level, else updates or deletes it. */
    DepthUpdate change(String symbol, boolean endOfBatch) {
      boolean bid = random.nextBoolean();
      TreeMap<Double, Long> levels = bid ? bids : asks;
      double price = bid ? 99.75 - TICK * random.nextInt(5) : 100.25 + TICK * random.nextInt(5);
      long quantity = 1L + random.nextInt(20);
      DepthAction action = !levels.containsKey(price) ? DepthAction.INSERT
          : random.nextInt(3) == 0 ? DepthAction.DELETE : DepthAction.UPDATE;
      if (action == DepthAction.DELETE) {
        levels.remove(price);
      } else {
        levels.put(price, quantity);
      }
      time = clock;
      return new DepthUpdate(symbol, "", bid ? BookSide.BID : BookSide.ASK, price, quantity, 1, action, endOfBatch,
          clock, clock.plusMillis(1), DataSource.LIVE);
    }

    BookView view(String symbol) {
      return new BookView(symbol, time, levels(bids), levels(asks));
    }

    private List<BookView.Level> levels(TreeMap<Double, Long> side) {
      return side.entrySet().stream().map(level -> new BookView.Level(level.getKey(), level.getValue(), 1)).toList();
    }
  }
}
