package io.tickflow.query.streams;

import io.tickflow.query.data.BarView;
import io.tickflow.schemas.AggressorSide;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bars of one symbol computed naively from its trades as docs/topology.md describes them, for tests of the
 * query service over the real topology: time bars in windows of the symbol's session (intraday bars from 00:00 UTC or
 * from the session open, cut at the next open; {@code d} and {@code w} from session open to session open, weeks of
 * Monday to Sunday trading dates), tick and volume bars cut in trade order and at session ends, each final once the
 * symbol's closing time reaches its end plus the grace. Trades must come in event-time order, with distinct times.
 */
final class ReferenceBars {

  /** A trade as the reference needs it. */
  record Tick(Instant time, double price, long size, AggressorSide side) {
  }

  /** A daily session: open at a local time; the trading date of a session opening at or after noon is the next day. */
  record Session(LocalTime open, ZoneId zone) {

    static final Session UTC = new Session(LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    Instant openAtOrBefore(Instant time) {
      ZonedDateTime local = time.atZone(zone);
      Instant open = openOn(local.toLocalDate());
      return open.isAfter(time) ? openOn(local.toLocalDate().minusDays(1)) : open;
    }

    Instant nextOpen(Instant open) {
      return openOn(open.atZone(zone).toLocalDate().plusDays(1));
    }

    LocalDate tradingDate(Instant open) {
      LocalDate date = open.atZone(zone).toLocalDate();
      return this.open.isBefore(LocalTime.NOON) ? date : date.plusDays(1);
    }

    Instant openOfTradingDate(LocalDate tradingDate) {
      return openOn(this.open.isBefore(LocalTime.NOON) ? tradingDate : tradingDate.minusDays(1));
    }

    private Instant openOn(LocalDate date) {
      return date.atTime(open).atZone(zone).toInstant();
    }
  }

  /** A series as the reference builds it. */
  sealed interface Series permits Intraday, Days, Weeks, Ticks, Volume {
    String label();
  }

  /** Intraday bars of a length, from the start of each day of {@code days}. */
  record Intraday(String label, Duration length, Session days) implements Series {
  }

  record Days(String label) implements Series {
  }

  record Weeks(String label) implements Series {
  }

  record Ticks(String label, long trades) implements Series {
  }

  record Volume(String label, long contracts) implements Series {
  }

  private ReferenceBars() {
  }

  /**
   * Every bar of a symbol's series, oldest first.
   *
   * @param closing the symbol's closing time: its clock, or stream time while it is idle
   */
  static List<BarView> bars(String symbol, Series series, Session session, List<Tick> ticks, Instant closing,
                            Duration grace) {
    if (series instanceof Ticks || series instanceof Volume) {
      return activityBars(symbol, series, session, ticks, closing, grace);
    }
    Map<Instant, Builder> windows = new LinkedHashMap<>();
    for (Tick tick : ticks) {
      Builder window = windowOf(symbol, series, session, tick.time());
      windows.computeIfAbsent(window.start, start -> window).add(tick);
    }
    return windows.values().stream().map(b -> b.bar(!b.end.plus(grace).isAfter(closing)))
        .sorted(Comparator.comparing(BarView::start)).toList();
  }

  private static Builder windowOf(String symbol, Series series, Session session, Instant time) {
    if (series instanceof Intraday) {
      Intraday intraday = (Intraday) series;
      Instant dayStart = intraday.days().openAtOrBefore(time);
      Instant dayEnd = intraday.days().nextOpen(dayStart);
      long lengthMicros = intraday.length().toNanos() / 1_000;
      long index = Duration.between(dayStart, time).toNanos() / 1_000 / lengthMicros;
      Instant start = dayStart.plusNanos(index * lengthMicros * 1_000);
      Instant end = start.plus(intraday.length());
      return new Builder(symbol, series.label(), start, end.isAfter(dayEnd) ? dayEnd : end, null);
    }
    Instant open = session.openAtOrBefore(time);
    LocalDate tradingDate = session.tradingDate(open);
    if (series instanceof Days) {
      return new Builder(symbol, series.label(), open, session.nextOpen(open), tradingDate);
    }
    LocalDate monday = tradingDate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return new Builder(symbol, series.label(), session.openOfTradingDate(monday),
        session.openOfTradingDate(monday.plusWeeks(1)), monday);
  }

  /** Tick and volume bars: cut when their rule is met, and at each session's end, final then (plus grace). */
  private static List<BarView> activityBars(String symbol, Series series, Session session, List<Tick> ticks,
                                            Instant closing, Duration grace) {
    List<BarView> bars = new ArrayList<>();
    Builder open = null;
    Instant openSessionEnd = null;
    for (Tick tick : ticks) {
      Instant sessionEnd = session.nextOpen(session.openAtOrBefore(tick.time()));
      if (open != null && !sessionEnd.equals(openSessionEnd)) {
        bars.add(open.bar(!openSessionEnd.plus(grace).isAfter(closing)));
        open = null;
      }
      if (open == null) {
        Instant start = bars.isEmpty() || tick.time().isAfter(bars.get(bars.size() - 1).start()) ? tick.time()
            : bars.get(bars.size() - 1).start().plusNanos(1_000);
        open = new Builder(symbol, series.label(), start, start, null);
        openSessionEnd = sessionEnd;
      }
      open.add(tick);
      open.end = open.start.isAfter(tick.time()) ? open.start : tick.time();
      if (ruleMet(series, open)) {
        bars.add(open.bar(true));
        open = null;
      }
    }
    if (open != null) {
      bars.add(open.bar(!openSessionEnd.plus(grace).isAfter(closing)));
    }
    bars.sort(Comparator.comparing(BarView::start));
    return bars;
  }

  private static boolean ruleMet(Series series, Builder bar) {
    return series instanceof Ticks ? bar.trades >= ((Ticks) series).trades()
        : bar.volume >= ((Volume) series).contracts();
  }

  /** One bar's aggregation, in trade order. */
  private static final class Builder {

    private final String symbol;
    private final String label;
    private final Instant start;
    private Instant end;
    private final LocalDate tradingDate;
    private double open;
    private double high = Double.NEGATIVE_INFINITY;
    private double low = Double.POSITIVE_INFINITY;
    private double close;
    private long volume;
    private long bidVolume;
    private long askVolume;
    private long trades;
    private double notional;

    Builder(String symbol, String label, Instant start, Instant end, LocalDate tradingDate) {
      this.symbol = symbol;
      this.label = label;
      this.start = start;
      this.end = end;
      this.tradingDate = tradingDate;
    }

    void add(Tick tick) {
      if (trades == 0) {
        open = tick.price();
      }
      high = Math.max(high, tick.price());
      low = Math.min(low, tick.price());
      close = tick.price();
      volume += tick.size();
      bidVolume += tick.side() == AggressorSide.BID ? tick.size() : 0;
      askVolume += tick.side() == AggressorSide.ASK ? tick.size() : 0;
      trades++;
      notional += tick.price() * tick.size();
    }

    BarView bar(boolean closed) {
      return new BarView(symbol, label, start, end, tradingDate, open, high, low, close, volume, bidVolume,
          askVolume, trades, notional / volume, closed, (int) trades - 1);
    }
  }
}
