package io.tickflow.streams;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A deliberately naive reference for the final bars that follow a trading session, written from docs/topology.md
 * (stage 5, "Bars") rather than from the bar engine: intraday bars ({@code <n>m}, {@code <n>h}) from the session open
 * or from 00:00 UTC, daily ({@code <n>d}) and weekly ({@code 1w}) bars, and tick
 * ({@code T<n>}), volume ({@code V<n>}) and range ({@code R<n>}) bars cut in arrival order and ended with their
 * session. One partition, read in input order: repeated identities are dropped, a trade older than its symbol's clock
 * minus grace is late; every other one goes into its bars. A bar is final once its symbol's clock reaches its end plus
 * grace (an activity bar's end being its session's end), or stream time does while the symbol is idle, which moves
 * the clock to the latest such closing time; an activity bar is also final as soon as its rule is met. Inputs must use
 * canonical symbols and prices that pass validation (no price jumps) on the tick grid. Lateness and idleness are
 * {@link ReferenceClocks}', or for the guarded stream {@link GuardReference}'s, which also asks which trade would
 * overflow its bars.
 */
final class ReferenceSessionBars implements ReferenceClocks.Bars {

  /**
   * A trading session as the docs state it: the day opens at a local time in a zone; an open time skipped by a DST
   * gap moves forward by the gap, one that occurs twice is the first occurrence; a session opening at or after noon is
   * labelled with the next day.
   */
  record Session(LocalTime open, ZoneId zone) {

    /** Calendar days in UTC. */
    static final Session UTC = new Session(LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    static Session parse(String text) {
      String[] parts = text.split(" ");
      return new Session(LocalTime.parse(parts[0]), ZoneId.of(parts[1]));
    }

    /** The open of the session starting on a local calendar date (ofLocal with no preferred offset: see above). */
    Instant openOn(LocalDate localDate) {
      return ZonedDateTime.ofLocal(localDate.atTime(open), zone, null).toInstant();
    }

    private long labelShift() {
      return open.isBefore(LocalTime.NOON) ? 0 : 1;
    }

    /** The trading date of an instant: the label of the latest session open at or before it. */
    LocalDate tradeDate(Instant at) {
      LocalDate openDate = at.atZone(zone).toLocalDate().plusDays(1);
      while (openOn(openDate).isAfter(at)) {
        openDate = openDate.minusDays(1);
      }
      return openDate.plusDays(labelShift());
    }

    /** Where the session of a trading date starts. */
    Instant start(LocalDate tradeDate) {
      return openOn(tradeDate.minusDays(labelShift()));
    }

    /** Where the session holding an instant ends: the next trading date's start. */
    Instant end(Instant at) {
      return start(tradeDate(at).plusDays(1));
    }
  }

  /** An activity series: {@code T}, {@code V} or {@code R} and its size. */
  record Activity(char kind, long size) {
    static Activity parse(String label) {
      return new Activity(label.charAt(0), Long.parseLong(label.substring(1)));
    }

    String label() {
      return kind + Long.toString(size);
    }
  }

  /**
   * What the bars of one symbol follow.
   *
   * @param session its trading session
   * @param tickSize its tick size, which range bars count in
   * @param activity its activity series
   */
  record Instrument(Session session, double tickSize, List<Activity> activity) {
  }

  /**
   * @param instruments per symbol
   * @param timeframes intraday, day and week timeframes, e.g. {@code 25m}, {@code 4h}, {@code 1d}, {@code 2d},
   *     {@code 1w}
   * @param intradayFollowsSession true: intraday bars start at each session open ({@code bars.intraday.align=session});
   *     false: at 00:00 UTC
   * @param grace grace period
   * @param idle idle period
   */
  record Rules(Map<String, Instrument> instruments, List<String> timeframes, boolean intradayFollowsSession,
               Duration grace, Duration idle) {
  }

  /** A bar still open: its trades in arrival order; an activity bar's end is its session's end. */
  private record OpenBar(ReferenceBars.Key key, Instant end, Activity activity, List<Trade> trades) {
    Instant closeAt(Duration grace) {
      return end.plus(grace);
    }

    long volume() {
      return trades.stream().mapToLong(Trade::getSize).sum();
    }
  }

  private final Rules rules;
  private final Map<String, List<OpenBar>> open = new HashMap<>();
  /** Per symbol and activity label, the start of the series' latest bar. */
  private final Map<List<String>, Instant> latestStart = new HashMap<>();
  private final Map<ReferenceBars.Key, Bar> finals = new LinkedHashMap<>();

  /**
   * Bars of trades that the caller reads in (add) and whose clocks it keeps (closeDue); {@link #finals} reads them
   * with {@link ReferenceClocks}.
   */
  ReferenceSessionBars(Rules rules) {
    this.rules = rules;
  }

  /** The final bars the topology must emit for these trades, written in this order to one partition. */
  static Map<ReferenceBars.Key, Bar> finals(List<Trade> input, Rules rules) {
    ReferenceSessionBars reference = new ReferenceSessionBars(rules);
    new ReferenceClocks(rules.grace(), rules.idle(), reference).read(input);
    return reference.finals;
  }

  @Override
  public void add(Trade trade) {
    String symbol = trade.getSymbol();
    Instrument instrument = rules.instruments().get(symbol);
    for (String timeframe : rules.timeframes()) {
      addToWindow(symbol, timeframe, instrument.session(), trade);
    }
    for (Activity activity : instrument.activity()) {
      addToActivity(symbol, activity, instrument, trade);
    }
  }

  /**
   * The label of the first series, timeframes then activity series, whose bar the trade would take beyond a long in
   * volume (the bar stage's {@code bar_overflow}), or null: its windows' open bars and its series' open bars of its
   * session, but for a range bar it would widen beyond its range (it opens the next one). A bar it opens holds its
   * size alone.
   */
  String overflowedSeries(Trade trade) {
    String symbol = trade.getSymbol();
    Instrument instrument = rules.instruments().get(symbol);
    Stream<OpenBar> windows = rules.timeframes().stream()
        .map(timeframe -> openWindow(symbol, timeframe, instrument.session(), trade));
    Stream<OpenBar> series = instrument.activity().stream()
        .map(activity -> openSeriesBar(symbol, activity, instrument.session(), trade))
        .filter(bar -> bar != null && !widensBeyond(bar, trade, instrument.tickSize()));
    return Stream.concat(windows, series).filter(bar -> bar != null && bar.volume() > Long.MAX_VALUE - trade.getSize())
        .map(bar -> bar.key().timeframe()).findFirst().orElse(null);
  }

  /** The bars made final so far, in the order they were. */
  Map<ReferenceBars.Key, Bar> finalBars() {
    return Collections.unmodifiableMap(finals);
  }

  private void addToWindow(String symbol, String timeframe, Session session, Trade trade) {
    OpenBar bar = openWindow(symbol, timeframe, session, trade);
    if (bar == null) {
      Instant[] window = window(timeframe, session, trade.getEventTime());
      bar = new OpenBar(new ReferenceBars.Key(symbol, timeframe, window[0]), window[1], null, new ArrayList<>());
      open.computeIfAbsent(symbol, s -> new ArrayList<>()).add(bar);
    }
    bar.trades().add(trade);
  }

  /** The open bar of the window holding the trade, or null. */
  private OpenBar openWindow(String symbol, String timeframe, Session session, Trade trade) {
    ReferenceBars.Key key = new ReferenceBars.Key(symbol, timeframe,
        window(timeframe, session, trade.getEventTime())[0]);
    return openBar(symbol, bar -> bar.key().equals(key));
  }

  /** The open bar of a series in the trade's session, or null. */
  private OpenBar openSeriesBar(String symbol, Activity activity, Session session, Trade trade) {
    Instant sessionEnd = session.end(trade.getEventTime());
    return openBar(symbol, bar -> activity.equals(bar.activity()) && bar.end().equals(sessionEnd));
  }

  private OpenBar openBar(String symbol, Predicate<OpenBar> which) {
    return open.getOrDefault(symbol, List.of()).stream().filter(which).findFirst().orElse(null);
  }

  /**
   * Start and end of the window holding an instant: intraday windows follow one another from the open of its session
   * (or of its UTC day) and the last one ends at the next open; day windows group n trading dates by epoch day; week
   * windows are the Monday to Sunday trading dates.
   */
  private Instant[] window(String timeframe, Session session, Instant at) {
    int count = Integer.parseInt(timeframe.substring(0, timeframe.length() - 1));
    char unit = timeframe.charAt(timeframe.length() - 1);
    if (unit == 'm' || unit == 'h') {
      Session days = rules.intradayFollowsSession() ? session : Session.UTC;
      Instant open = days.start(days.tradeDate(at));
      Duration length = unit == 'm' ? Duration.ofMinutes(count) : Duration.ofHours(count);
      Instant start = open.plus(length.multipliedBy(Duration.between(open, at).dividedBy(length)));
      Instant nextOpen = days.end(at);
      return new Instant[] {start, start.plus(length).isAfter(nextOpen) ? nextOpen : start.plus(length)};
    }
    LocalDate tradeDate = session.tradeDate(at);
    if (unit == 'w') {
      if (count != 1) {
        throw new IllegalArgumentException("the docs state no grouping of several weeks: " + timeframe);
      }
      LocalDate monday = tradeDate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      return new Instant[] {session.start(monday), session.start(monday.plusWeeks(1))};
    }
    LocalDate first = LocalDate.ofEpochDay(Math.floorDiv(tradeDate.toEpochDay(), count) * count);
    return new Instant[] {session.start(first), session.start(first.plusDays(count))};
  }

  /**
   * Adds a trade to the open bar of its session in an activity series, or to a new one: a session's first bar opens
   * at its first trade and never holds another session's trades; a range bar that the trade would widen beyond its
   * range is final first.
   */
  private void addToActivity(String symbol, Activity activity, Instrument instrument, Trade trade) {
    OpenBar bar = openSeriesBar(symbol, activity, instrument.session(), trade);
    if (bar != null && widensBeyond(bar, trade, instrument.tickSize())) {
      finish(bar);
      bar = null;
    }
    if (bar == null) {
      List<String> series = List.of(symbol, activity.label());
      Instant previous = latestStart.get(series);
      Instant start = previous == null || trade.getEventTime().isAfter(previous) ? trade.getEventTime()
          : previous.plus(1, ChronoUnit.MICROS);
      latestStart.put(series, start);
      bar = new OpenBar(new ReferenceBars.Key(symbol, activity.label(), start),
          instrument.session().end(trade.getEventTime()), activity, new ArrayList<>());
      open.computeIfAbsent(symbol, s -> new ArrayList<>()).add(bar);
    }
    bar.trades().add(trade);
    if (activity.kind() == 'T' && bar.trades().size() >= activity.size()
        || activity.kind() == 'V' && bar.volume() >= activity.size()) {
      finish(bar);
    }
  }

  /** Whether the trade would widen a range bar beyond its range. */
  private static boolean widensBeyond(OpenBar bar, Trade trade, double tickSize) {
    return bar.activity().kind() == 'R' && ticksOfRange(bar.trades(), trade, tickSize) > bar.activity().size();
  }

  /** High minus low of the trades and one more, in whole ticks (prices are on the tick grid). */
  private static long ticksOfRange(List<Trade> trades, Trade next, double tickSize) {
    double high = next.getPrice();
    double low = next.getPrice();
    for (Trade trade : trades) {
      high = Math.max(high, trade.getPrice());
      low = Math.min(low, trade.getPrice());
    }
    return Math.round((high - low) / tickSize);
  }

  @Override
  public Instant closeDue(String symbol, Instant by) {
    Instant latest = null;
    for (OpenBar bar : List.copyOf(open.getOrDefault(symbol, List.of()))) {
      Instant closeAt = bar.closeAt(rules.grace());
      if (!closeAt.isAfter(by)) {
        finish(bar);
        latest = latest == null || closeAt.isAfter(latest) ? closeAt : latest;
      }
    }
    return latest;
  }

  /**
   * Removes an open bar and records it final, once. An activity bar's window runs from its start to its last trade's
   * time (its start when that is later: a start moved past the previous bar's).
   */
  private void finish(OpenBar bar) {
    open.get(bar.key().symbol()).remove(bar);
    Instant end = bar.end();
    if (bar.activity() != null) {
      Instant last = bar.trades().stream().map(Trade::getEventTime).max(Instant::compareTo).orElseThrow();
      end = last.isAfter(bar.key().start()) ? last : bar.key().start();
    }
    Bar previous = finals.put(bar.key(), ReferenceBars.bar(bar.key(), end, bar.trades()));
    if (previous != null) {
      throw new IllegalStateException("the reference made two bars " + bar.key());
    }
  }
}
