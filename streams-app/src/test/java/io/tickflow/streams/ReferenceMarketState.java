package io.tickflow.streams;

import io.tickflow.marketstate.BookLevel;
import io.tickflow.marketstate.OrderBook;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The market state of valid quotes and depth updates as docs/topology.md (stages 2 and 6) and the DTC depth flow
 * describe it, written apart from the main code: the reasons a raw quote or depth update is refused, and for the valid
 * ones the latest quote per symbol (by event time, a tie going to the later arrival) and each symbol's book.
 */
final class ReferenceMarketState {

  /** The rules that decided something in a run, so that a test can tell its input exercised them. */
  enum Rule {
    /** A quote older than the latest one was not kept. */
    OLDER_QUOTE_IGNORED,
    /** A quote as old as the latest one replaced it. */
    TIED_QUOTE_REPLACED,
    /** A quote leaving a side unset kept the latest one's price and size for that side. */
    UNSET_SIDE_KEPT,
    /** A price with floating-point noise was taken for the level it names. */
    NOISY_PRICE_MERGED,
    /** An UPDATE or INSERT of a price not in the book added it. */
    MISSING_LEVEL_SET,
    /** A DELETE of a price not in the book changed nothing. */
    MISSING_LEVEL_DELETED,
    /** A side beyond the levels kept lost its worst level. */
    WORST_LEVEL_DROPPED,
    /** A batch was in progress: the book of the last batch end was shown. */
    BATCH_IN_PROGRESS_SHOWN
  }

  /** Largest lead of event time over receive time accepted (the default {@code validation.future.skew.ms}). */
  static final long SKEW_MICROS = 5_000_000L;
  /** Largest age of event time at receive time accepted (the default {@code validation.stale.horizon.ms}). */
  static final long HORIZON_MICROS = 30L * 24 * 3600 * 1_000_000L;
  private static final long YEAR_10000_MICROS = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  private final int maxLevels;
  private final Map<String, Book> books = new HashMap<>();
  private final Map<String, Quote> quotes = new HashMap<>();
  private final Set<Rule> applied = EnumSet.noneOf(Rule.class);

  ReferenceMarketState(int maxLevels) {
    this.maxLevels = maxLevels;
  }

  /**
   * Every documented reason to refuse a decoded quote; empty when it is valid. The docs give no order among reasons,
   * so a record with several faults may be refused for any of them.
   *
   * @param kafkaTimestampMs the raw record's timestamp, the future-skew reference of a record without receive time
   */
  static Set<String> reasons(Quote quote, long kafkaTimestampMs) {
    Set<String> reasons = new LinkedHashSet<>();
    symbolReasons(quote.getSymbol(), reasons);
    sideReasons(quote.getBidPrice(), quote.getBidSize(), reasons);
    sideReasons(quote.getAskPrice(), quote.getAskSize(), reasons);
    if (quote.getBidPrice() != null && quote.getAskPrice() != null && quote.getBidPrice() > quote.getAskPrice()) {
      reasons.add("crossed_quote");
    }
    timeReasons(quote.getEventTime(), quote.getReceiveTime(), kafkaTimestampMs, reasons);
    return reasons;
  }

  /** Every documented reason to refuse a decoded depth update; empty when it is valid. */
  static Set<String> reasons(DepthUpdate update, long kafkaTimestampMs) {
    Set<String> reasons = new LinkedHashSet<>();
    symbolReasons(update.getSymbol(), reasons);
    if (update.getAction() != DepthAction.CLEAR) {
      if (update.getSide() == BookSide.UNKNOWN) {
        reasons.add("book_side_unknown");
      }
      if (!isPositiveNumber(update.getPrice())) {
        reasons.add("price_not_positive");
      }
    }
    if (update.getQuantity() < 0) {
      reasons.add("size_not_positive");
    }
    timeReasons(update.getEventTime(), update.getReceiveTime(), kafkaTimestampMs, reasons);
    return reasons;
  }

  private static void symbolReasons(String symbol, Set<String> reasons) {
    if (ReferenceSymbolRule.isInvalid(symbol)) {
      reasons.add("symbol_invalid");
    }
  }

  /** A side that is set has a positive, finite price; a size is never negative (0 is an empty side, not refused). */
  private static void sideReasons(Double price, Long size, Set<String> reasons) {
    if (price != null && !isPositiveNumber(price)) {
      reasons.add("price_not_positive");
    }
    if (size != null && size < 0) {
      reasons.add("size_not_positive");
    }
  }

  private static boolean isPositiveNumber(double value) {
    return value > 0 && value < Double.POSITIVE_INFINITY;
  }

  private static void timeReasons(Instant event, Instant receive, long kafkaTimestampMs, Set<String> reasons) {
    long eventMicros = micros(event);
    long receiveMicros = micros(receive);
    if (eventMicros < 0) {
      reasons.add("stale_timestamp");
    } else if (eventMicros >= YEAR_10000_MICROS) {
      reasons.add("future_timestamp");
    } else if (receiveMicros == 0) {
      if (eventMicros - kafkaTimestampMs * 1_000L > SKEW_MICROS) {
        reasons.add("future_timestamp");
      }
    } else if (eventMicros - receiveMicros > SKEW_MICROS) {
      reasons.add("future_timestamp");
    } else if (receiveMicros - eventMicros > HORIZON_MICROS) {
      reasons.add("stale_timestamp");
    }
  }

  /** UTC microseconds, sub-microsecond digits dropped (toward the past). */
  static long micros(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(), 1_000L);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /**
   * Takes a valid, normalized quote: it becomes the latest unless one with a later event time is kept; a side it
   * leaves unset (null price) keeps the latest one's price and size.
   */
  void apply(String symbol, Quote quote) {
    Quote latest = quotes.get(symbol);
    if (latest != null && quote.getEventTime().equals(latest.getEventTime())) {
      applied.add(Rule.TIED_QUOTE_REPLACED);
    }
    if (latest == null || !quote.getEventTime().isBefore(latest.getEventTime())) {
      Quote kept = Quote.newBuilder(quote).build();
      if (latest != null && quote.getBidPrice() == null) {
        applied.add(Rule.UNSET_SIDE_KEPT);
        kept.setBidPrice(latest.getBidPrice());
        kept.setBidSize(latest.getBidSize());
      }
      if (latest != null && quote.getAskPrice() == null) {
        applied.add(Rule.UNSET_SIDE_KEPT);
        kept.setAskPrice(latest.getAskPrice());
        kept.setAskSize(latest.getAskSize());
      }
      quotes.put(symbol, kept);
    } else {
      applied.add(Rule.OLDER_QUOTE_IGNORED);
    }
  }

  /** Takes a valid, normalized depth update of the symbol's book. */
  void apply(String symbol, DepthUpdate update) {
    books.computeIfAbsent(symbol, s -> new Book(applied)).apply(update, maxLevels);
  }

  /** The rules applied so far. */
  Set<Rule> applied() {
    return Set.copyOf(applied);
  }

  Optional<Quote> latestQuote(String symbol) {
    return Optional.ofNullable(quotes.get(symbol));
  }

  /** The top levels of each side of the symbol's book as shown: those of its last batch end. */
  Optional<OrderBook> book(String symbol, int depth) {
    return Optional.ofNullable(books.get(symbol)).flatMap(book -> book.shown(symbol, depth));
  }

  /**
   * One symbol's book. A level is its price to 12 significant digits; INSERT and UPDATE set a level (quantity 0
   * removes it), DELETE removes it, CLEAR empties a side or both; a side beyond the levels kept loses its worst level.
   * What is shown is the book as the last update ending a batch left it, with that update's event time.
   */
  private static final class Book {
    private static final MathContext LEVEL = new MathContext(12);

    private final Set<Rule> applied;
    private final NavigableMap<BigDecimal, BookLevel> bids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<BigDecimal, BookLevel> asks = new TreeMap<>();
    private List<BookLevel> shownBids = List.of();
    private List<BookLevel> shownAsks = List.of();
    /** Null until an update ends a batch: before that no book has been whole, and none is shown. */
    private Instant shownTime;
    private boolean inBatch;

    Book(Set<Rule> applied) {
      this.applied = applied;
    }

    void apply(DepthUpdate update, int maxLevels) {
      if (update.getAction() == DepthAction.CLEAR) {
        if (update.getSide() != BookSide.ASK) {
          bids.clear();
        }
        if (update.getSide() != BookSide.BID) {
          asks.clear();
        }
      } else {
        set(update.getSide() == BookSide.BID ? bids : asks, update, maxLevels);
      }
      inBatch = !update.getEndOfBatch();
      if (inBatch) {
        applied.add(Rule.BATCH_IN_PROGRESS_SHOWN);
      } else {
        shownBids = List.copyOf(bids.values());
        shownAsks = List.copyOf(asks.values());
        shownTime = update.getEventTime();
      }
    }

    private void set(NavigableMap<BigDecimal, BookLevel> side, DepthUpdate update, int maxLevels) {
      BigDecimal sent = new BigDecimal(Double.toString(update.getPrice()));
      BigDecimal price = sent.round(LEVEL);
      boolean known = side.containsKey(price);
      if (known && sent.compareTo(price) != 0) {
        applied.add(Rule.NOISY_PRICE_MERGED);
      }
      if (update.getAction() == DepthAction.DELETE || update.getQuantity() == 0) {
        if (!known) {
          applied.add(Rule.MISSING_LEVEL_DELETED);
        }
        side.remove(price);
        return;
      }
      if (!known) {
        applied.add(Rule.MISSING_LEVEL_SET);
      }
      side.put(price, new BookLevel(price.doubleValue(), update.getQuantity(), update.getNumOrders()));
      if (side.size() > maxLevels) {
        side.remove(side.lastKey());
        applied.add(Rule.WORST_LEVEL_DROPPED);
      }
    }

    Optional<OrderBook> shown(String symbol, int depth) {
      return Optional.ofNullable(shownTime)
          .map(time -> new OrderBook(symbol, first(shownBids, depth), first(shownAsks, depth), !inBatch, time));
    }

    private static List<BookLevel> first(List<BookLevel> levels, int depth) {
      return List.copyOf(levels.subList(0, Math.min(depth, levels.size())));
    }
  }
}
