package io.tickflow.query.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tickflow.bars.TradeTick;
import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.Bar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One OHLCV bar as the API shows it: times as UTC instants, the rest as in the {@code Bar} schema.
 *
 * @param start inclusive window start
 * @param end exclusive window end
 * @param tradingDate the trading date of a daily or weekly bar (its first session's: the CME session opening on
 *     Sunday 17:00 Chicago time is Monday's), which its UTC start does not tell; null for other bars, and left out
 *     of their JSON
 */
public record BarView(String symbol, String timeframe, Instant start, Instant end,
                      @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate tradingDate, double open, double high,
                      double low, double close, long volume, long bidVolume, long askVolume, long trades,
                      double vwap, boolean closed, int revision) {

  /** The view of a contract {@code Bar}; {@code session} labels a daily or weekly bar with its trading date. */
  public static BarView of(Bar bar, Optional<TradingSession> session) {
    LocalDate tradingDate = session.map(s -> s.tradeDate(TradeTick.toMicros(bar.getWindowStart()))).orElse(null);
    return new BarView(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart(), bar.getWindowEnd(), tradingDate,
        bar.getOpen(), bar.getHigh(), bar.getLow(), bar.getClose(), bar.getVolume(), bar.getBidVolume(),
        bar.getAskVolume(), bar.getTradeCount(), bar.getVwap(), bar.getIsFinal(), bar.getRevision());
  }
}
