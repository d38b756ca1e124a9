package io.tickflow.streams.market;

import io.tickflow.bars.TradeTick;
import io.tickflow.marketstate.BookLevel;
import io.tickflow.marketstate.OrderBook;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DepthUpdate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * One symbol's order book as rebuilt from depth updates: levels by price on each side, at most {@code maxLevels} per
 * side (the worst level goes first when a side overflows). A level is its price rounded to
 * {@value #PRICE_DIGITS} significant digits, so arithmetic noise (0.1 + 0.2, ticks times a tick size) does not split
 * one level in two. While a batch is applied, {@link #top} shows the book of the last batch end: a half-applied batch
 * (a snapshot after its CLEAR, a crossed intermediate state) is never shown. Mutable and not thread-safe: owned by
 * one stream task.
 */
public final class OrderBookState {

  private record Level(long quantity, int numOrders) {
  }

  /** Both sides of the book and the event time of the update that left them so. */
  private static final class Sides {
    final TreeMap<Double, Level> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Double, Level> asks = new TreeMap<>();
    long eventMicros;

    /** Size in the stored form: event time, then each side's level count and levels. */
    int bytes() {
      return 8 + 4 + 4 + LEVEL_BYTES * (bids.size() + asks.size());
    }

    Sides copy() {
      Sides copy = new Sides();
      copy.bids.putAll(bids);
      copy.asks.putAll(asks);
      copy.eventMicros = eventMicros;
      return copy;
    }
  }

  private static final int LEVEL_BYTES = 8 + 8 + 4;
  /** Far above any tick precision, far below a double's ~16 digits, where the noise of a sum or product lies. */
  private static final int PRICE_DIGITS = 12;
  private static final MathContext PRICE_CONTEXT = new MathContext(PRICE_DIGITS);
  /** Flags of the stored form: the book is complete; a batch is in progress and the last complete book follows. */
  private static final byte COMPLETE = 1;
  private static final byte LAST_COMPLETE_FOLLOWS = 2;
  /**
   * The event time of the book before any batch ended (the last complete book kept while the first batch is in
   * progress, in this and the earlier stored forms): validated event times are recent, never 1970's first microsecond.
   */
  private static final long NO_BATCH_END = 0L;

  private final Sides live = new Sides();
  /** The book at the last batch end while a batch is in progress; null between batches. */
  private Sides lastComplete;

  /** Applies one update: INSERT/UPDATE set a level, DELETE removes it, CLEAR empties a side or, if UNKNOWN, both. */
  public void apply(DepthUpdate update, int maxLevels) {
    if (lastComplete == null && !update.getEndOfBatch()) {
      lastComplete = live.copy();
    }
    switch (update.getAction()) {
      case CLEAR:
        if (update.getSide() != BookSide.ASK) {
          live.bids.clear();
        }
        if (update.getSide() != BookSide.BID) {
          live.asks.clear();
        }
        break;
      case DELETE:
        side(update.getSide()).remove(priceKey(update.getPrice()));
        break;
      default:
        TreeMap<Double, Level> levels = side(update.getSide());
        if (update.getQuantity() == 0) {
          levels.remove(priceKey(update.getPrice()));
        } else {
          levels.put(priceKey(update.getPrice()), new Level(update.getQuantity(), update.getNumOrders()));
          if (levels.size() > maxLevels) {
            levels.pollLastEntry();
          }
        }
    }
    live.eventMicros = TradeTick.toMicros(update.getEventTime());
    if (update.getEndOfBatch()) {
      lastComplete = null;
    }
  }

  /**
   * The top {@code depth} levels of each side; while a batch is in progress, those of the last batch end (with its
   * event time and {@code complete} false); empty while the first batch is in progress, as no book has been whole yet.
   */
  public Optional<OrderBook> top(String symbol, int depth) {
    Sides shown = lastComplete == null ? live : lastComplete;
    if (shown.eventMicros == NO_BATCH_END) {
      return Optional.empty();
    }
    return Optional.of(new OrderBook(symbol, levels(shown.bids, depth), levels(shown.asks, depth),
        lastComplete == null, TradeTick.toInstant(shown.eventMicros)));
  }

  private static double priceKey(double price) {
    return BigDecimal.valueOf(price).round(PRICE_CONTEXT).doubleValue();
  }

  private TreeMap<Double, Level> side(BookSide side) {
    if (side == BookSide.UNKNOWN) {
      throw new IllegalArgumentException("Depth level update without a book side");
    }
    return side == BookSide.BID ? live.bids : live.asks;
  }

  private static List<BookLevel> levels(TreeMap<Double, Level> side, int depth) {
    List<BookLevel> levels = new ArrayList<>(Math.min(depth, side.size()));
    for (Map.Entry<Double, Level> entry : side.entrySet()) {
      if (levels.size() == depth) {
        break;
      }
      levels.add(new BookLevel(entry.getKey(), entry.getValue().quantity(), entry.getValue().numOrders()));
    }
    return levels;
  }

  /** Binary form for the book store: flags, then the live book, then the last complete one if a batch is open. */
  public byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(1 + live.bytes() + (lastComplete == null ? 0 : lastComplete.bytes()));
    buffer.put(lastComplete == null ? COMPLETE : LAST_COMPLETE_FOLLOWS);
    writeSides(buffer, live);
    if (lastComplete != null) {
      writeSides(buffer, lastComplete);
    }
    return buffer.array();
  }

  /**
   * Reads {@link #toBytes}, and the older form without the last complete book: a batch half applied then is shown
   * as it is.
   *
   * @throws SerializationException when the bytes are not a book
   */
  public static OrderBookState fromBytes(byte[] bytes) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      OrderBookState book = new OrderBookState();
      byte flags = buffer.get();
      readSides(buffer, book.live);
      if (flags == LAST_COMPLETE_FOLLOWS) {
        book.lastComplete = new Sides();
        readSides(buffer, book.lastComplete);
      } else if (flags != COMPLETE) {
        book.lastComplete = book.live.copy();
      }
      return book;
    } catch (BufferUnderflowException e) {
      throw new SerializationException("Corrupt order book of " + bytes.length + " bytes", e);
    }
  }

  private static void writeSides(ByteBuffer buffer, Sides sides) {
    buffer.putLong(sides.eventMicros);
    writeSide(buffer, sides.bids);
    writeSide(buffer, sides.asks);
  }

  private static void readSides(ByteBuffer buffer, Sides sides) {
    sides.eventMicros = buffer.getLong();
    readSide(buffer, sides.bids);
    readSide(buffer, sides.asks);
  }

  private static void writeSide(ByteBuffer buffer, TreeMap<Double, Level> side) {
    buffer.putInt(side.size());
    side.forEach((price, level) -> buffer.putDouble(price).putLong(level.quantity()).putInt(level.numOrders()));
  }

  private static void readSide(ByteBuffer buffer, TreeMap<Double, Level> side) {
    int count = buffer.getInt();
    for (int i = 0; i < count; i++) {
      side.put(buffer.getDouble(), new Level(buffer.getLong(), buffer.getInt()));
    }
  }
}
