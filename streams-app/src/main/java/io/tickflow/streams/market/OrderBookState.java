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
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * One symbol's order book as rebuilt from depth updates: levels by price on each side, at most {@code maxLevels} per
 * side (the worst level goes first when a side overflows). A level is its price rounded to
 * {@value #PRICE_DIGITS} significant digits, so arithmetic noise (0.1 + 0.2, ticks times a tick size) does not split
 * one level in two. Mutable and not thread-safe: owned by one stream task.
 */
public final class OrderBookState {

  private record Level(long quantity, int numOrders) {
  }

  private static final int LEVEL_BYTES = 8 + 8 + 4;
  /** Far above any tick precision, far below a double's ~16 digits, where the noise of a sum or product lies. */
  private static final int PRICE_DIGITS = 12;
  private static final MathContext PRICE_CONTEXT = new MathContext(PRICE_DIGITS);

  private final TreeMap<Double, Level> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<Double, Level> asks = new TreeMap<>();
  private boolean complete = true;
  private long eventMicros;

  /** Applies one update: INSERT/UPDATE set a level, DELETE removes it, CLEAR empties a side or, if UNKNOWN, both. */
  public void apply(DepthUpdate update, int maxLevels) {
    switch (update.getAction()) {
      case CLEAR:
        if (update.getSide() != BookSide.ASK) {
          bids.clear();
        }
        if (update.getSide() != BookSide.BID) {
          asks.clear();
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
    complete = update.getEndOfBatch();
    eventMicros = TradeTick.toMicros(update.getEventTime());
  }

  /** The top {@code depth} levels of each side. */
  public OrderBook top(String symbol, int depth) {
    return new OrderBook(symbol, levels(bids, depth), levels(asks, depth), complete, TradeTick.toInstant(eventMicros));
  }

  private static double priceKey(double price) {
    return BigDecimal.valueOf(price).round(PRICE_CONTEXT).doubleValue();
  }

  private TreeMap<Double, Level> side(BookSide side) {
    if (side == BookSide.UNKNOWN) {
      throw new IllegalArgumentException("Depth level update without a book side");
    }
    return side == BookSide.BID ? bids : asks;
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

  /** Binary form for the book store: flags, event time, then each side's levels. */
  public byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 4 + 4 + LEVEL_BYTES * (bids.size() + asks.size()));
    buffer.put((byte) (complete ? 1 : 0)).putLong(eventMicros);
    writeSide(buffer, bids);
    writeSide(buffer, asks);
    return buffer.array();
  }

  /**
   * @throws SerializationException when the bytes are not a book
   */
  public static OrderBookState fromBytes(byte[] bytes) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      OrderBookState book = new OrderBookState();
      book.complete = buffer.get() == 1;
      book.eventMicros = buffer.getLong();
      readSide(buffer, book.bids);
      readSide(buffer, book.asks);
      return book;
    } catch (BufferUnderflowException e) {
      throw new SerializationException("Corrupt order book of " + bytes.length + " bytes", e);
    }
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
