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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * {@link ReferenceClocks}'.
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
  }

  private final Rules rules;
  private final Map<String, List<OpenBar>> open = new HashMap<>();
  /** Per symbol and activity label, the start of the series' latest bar. */
  private final Map<List<String>, Instant> latestStart = new HashMap<>();
  private final Map<ReferenceBars.Key, Bar> finals = new LinkedHashMap<>();

  private ReferenceSessionBars(Rules rules) {
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

  private void addToWindow(String symbol, String timeframe, Session session, Trade trade) {
    Instant[] window = window(timeframe, session, trade.getEventTime());
    ReferenceBars.Key key = new ReferenceBars.Key(symbol, timeframe, window[0]);
    List<OpenBar> bars = open.computeIfAbsent(symbol, s -> new ArrayList<>());
    OpenBar bar = bars.stream().filter(b -> b.key().equals(key)).findFirst().orElse(null);
    if (bar == null) {
      bar = new OpenBar(key, window[1], null, new ArrayList<>());
      bars.add(bar);
    }
    bar.trades().add(trade);
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
    Instant sessionEnd = instrument.session().end(trade.getEventTime());
    List<OpenBar> bars = open.computeIfAbsent(symbol, s -> new ArrayList<>());
    OpenBar bar = bars.stream().filter(b -> activity.equals(b.activity()) && b.end().equals(sessionEnd))
        .findFirst().orElse(null);
    if (bar != null && activity.kind() == 'R' && ticksOfRange(bar.trades(), trade, instrument.tickSize()) > activity.size()) {
      finish(bar);
      bar = null;
    }
    if (bar == null) {
      List<String> series = List.of(symbol, activity.label());
      Instant previous = latestStart.get(series);
      Instant start = previous == null || trade.getEventTime().isAfter(previous) ? trade.getEventTime()
          : previous.plus(1, ChronoUnit.MICROS);
      latestStart.put(series, start);
      bar = new OpenBar(new ReferenceBars.Key(symbol, activity.label(), start), sessionEnd, activity,
          new ArrayList<>());
      bars.add(bar);
    }
    bar.trades().add(trade);
    long volume = bar.trades().stream().mapToLong(Trade::getSize).sum();
    if (activity.kind() == 'T' && bar.trades().size() >= activity.size()
        || activity.kind() == 'V' && volume >= activity.size()) {
      finish(bar);
    }
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
