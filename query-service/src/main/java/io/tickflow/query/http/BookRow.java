package io.tickflow.query.http;

import io.tickflow.query.data.BookView;
import java.util.ArrayList;
import java.util.List;

/** One book level as a CSV row: level 0 is the best price of its side. */
public record BookRow(String symbol, String side, int level, double price, long quantity, int orders) {

  /** The book as rows: bids best first, then asks best first. */
  public static List<BookRow> of(BookView book) {
    List<BookRow> rows = new ArrayList<>();
    addSide(rows, book.symbol(), "BID", book.bids());
    addSide(rows, book.symbol(), "ASK", book.asks());
    return rows;
  }

  private static void addSide(List<BookRow> rows, String symbol, String side, List<BookView.Level> levels) {
    for (int i = 0; i < levels.size(); i++) {
      BookView.Level level = levels.get(i);
      rows.add(new BookRow(symbol, side, i, level.price(), level.quantity(), level.orders()));
    }
  }
}
