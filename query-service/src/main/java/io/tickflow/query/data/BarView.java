package io.tickflow.query.data;

import io.tickflow.schemas.Bar;
import java.time.Instant;

/**
 * One OHLCV bar as the API shows it: times as UTC instants, the rest as in the {@code Bar} schema.
 *
 * @param start inclusive window start
 * @param end exclusive window end
 */
public record BarView(String symbol, String timeframe, Instant start, Instant end, double open, double high,
                      double low, double close, long volume, long bidVolume, long askVolume, long trades,
                      double vwap, boolean closed, int revision) {

  /** The view of a contract {@code Bar}. */
  public static BarView of(Bar bar) {
    return new BarView(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart(), bar.getWindowEnd(),
        bar.getOpen(), bar.getHigh(), bar.getLow(), bar.getClose(), bar.getVolume(), bar.getBidVolume(),
        bar.getAskVolume(), bar.getTradeCount(), bar.getVwap(), bar.getIsFinal(), bar.getRevision());
  }
}
