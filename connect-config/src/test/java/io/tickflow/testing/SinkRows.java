package io.tickflow.testing;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sink tables' rows and the contract records they come from, in one text form ('|'-joined values, timestamps as
 * UTC instants), so that tests compare a table with the records they sent.
 */
public final class SinkRows {

  public static final String BAR_COLUMNS = "symbol, timeframe, window_start, window_end, open, high, low, close, "
      + "volume, bid_volume, ask_volume, trade_count, vwap, first_trade_time, last_trade_time, is_final, revision";
  public static final String TICK_COLUMNS = "symbol, event_time, price, size, side, sequence, exchange, "
      + "receive_time, source";

  private SinkRows() {
  }

  /** The row a bar lands as. */
  public static String row(Bar bar) {
    return join(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart(), bar.getWindowEnd(), bar.getOpen(),
        bar.getHigh(), bar.getLow(), bar.getClose(), bar.getVolume(), bar.getBidVolume(), bar.getAskVolume(),
        bar.getTradeCount(), bar.getVwap(), bar.getFirstTradeTime(), bar.getLastTradeTime(), bar.getIsFinal(),
        bar.getRevision());
  }

  /** The row a trade lands as. */
  public static String row(Trade trade) {
    return join(trade.getSymbol(), trade.getEventTime(), trade.getPrice(), trade.getSize(), trade.getSide(),
        trade.getSequence(), trade.getExchange(), trade.getReceiveTime(), trade.getSource());
  }

  /** Every row of {@code schema.table}, the given columns, in the given order. */
  public static List<String> rows(TestPostgres postgres, String schema, String table, String columns,
      String orderBy) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT " + columns + " FROM \"" + schema + "\"." + table
             + " ORDER BY " + orderBy)) {
      int width = result.getMetaData().getColumnCount();
      while (result.next()) {
        Object[] values = new Object[width];
        for (int i = 1; i <= width; i++) {
          Object value = result.getObject(i);
          values[i - 1] = value instanceof java.sql.Timestamp
              ? result.getObject(i, OffsetDateTime.class).toInstant() : value;
        }
        rows.add(join(values));
      }
    }
    return rows;
  }

  private static String join(Object... values) {
    return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining("|"));
  }
}
