package io.tickflow.streams;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.GuardScenario.RawTrade;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * What docs/topology.md (stages 2, 4 and 5) says becomes of each record of one raw trades partition, written from the
 * documented rules, not from the code. Validation: not a trade, symbol as sent, price, size, then event time. Dedup by
 * identity: a copy is dropped while the partition's newest second stored is less than the horizon past its original's,
 * or less than half the horizon past the newest when the original was stored (a far-behind symbol's identities are kept
 * that long); a copy later than both may or may not be dropped, as the app decides, since the store forgets on its own
 * schedule. Then per symbol {@code late} against its clock minus grace (the clock being its latest accepted event time,
 * or the close of its bars made final while it was idle; with no idle period, stream time), {@code bar_overflow} when
 * the volume of a bar it goes into would pass a long, and the price-jump guard: a trade more than the percentage from
 * the reference (the last accepted price) is held as a candidate level, trades near the candidate confirm it and with
 * the last confirmation every held trade is accepted in arrival order (or refused as late or overflowing by then)
 * before it; a trade near the reference refuses the held ones as {@code price_jump}, unless it is earlier than every
 * held trade (accepted; the candidate and the reference stay), and a third level refuses them and holds itself. The
 * accepted trades go, in that order, into the bars of {@link ReferenceSessionBars} (time bars, tick, volume and range
 * bars), which these clocks make final.
 */
final class GuardReference {

  /** A dead letter: the index of the input record and the reason code. */
  record Letter(int input, String reason) {
  }

  private static final Instant AFTER_9999 = Instant.parse("+10000-01-01T00:00:00Z");

  private final long skewMicros;
  private final long horizonMicros;
  private final long graceMicros;
  private final long idleMicros;
  private final long dedupHorizonMs;
  private final IntPredicate droppedByApp;
  private final double jumpPercent;
  private final int confirmations;
  private final List<String> timeframes;
  private final ReferenceSessionBars bars;

  private final List<RawTrade> input;
  private final List<Integer> accepted = new ArrayList<>();
  private final List<Letter> letters = new ArrayList<>();
  private final Map<String, Long> rejected = new TreeMap<>();
  private final Map<List<Object>, Stored> identities = new HashMap<>();
  private long newestSecondMs = Long.MIN_VALUE;
  private final Map<String, Symbol> symbols = new LinkedHashMap<>();
  private final Set<Rule> applied = new HashSet<>();
  private Long streamMicros;

  /** The rarer price-jump and dedup rules a scenario can exercise, so that a test can check that it does. */
  enum Rule {
    /** A level confirmed and its held trades accepted. */
    CONFIRMED,
    /** A held trade late by the time its level was confirmed. */
    HELD_LATE,
    /** A held trade that would overflow its bar by the time its level was confirmed. */
    HELD_OVERFLOWED,
    /** A trade that would overflow a tick, volume or range bar only, none of its time bars. */
    ACTIVITY_BAR_OVERFLOWED,
    /** Held trades refused by a trade back near the reference. */
    RETURNED,
    /** Held trades refused by a jump to a third level. */
    THIRD_LEVEL,
    /** An out-of-order print of the old level accepted while the candidate stays. */
    EARLIER_PRINT_OF_OLD_LEVEL,
    /** A copy dropped only because a far-behind identity is remembered half the horizon of partition time. */
    BEHIND_COPY_DROPPED,
    /** A copy past the dedup horizon, which the app may drop or not. */
    COPY_PAST_HORIZON
  }

  /** Where an identity was stored: its event second and the partition's newest second then (epoch ms). */
  private record Stored(long secondMs, long newestMs) {
  }

  /** One symbol's clock, last heard stream time and guard state. */
  private static final class Symbol {
    Long clockMicros;
    Long heardAtMicros;
    double reference = Double.NaN;
    double candidate = Double.NaN;
    int confirmed;
    final List<Integer> held = new ArrayList<>();
  }

  /**
   * @param bars the bars of every canonical symbol (timeframes, session, activity series), the grace and idle periods
   * @param droppedByApp whether the app dropped the record at an index as a duplicate; asked only for a copy past
   *     the dedup horizon
   */
  GuardReference(List<RawTrade> input, Duration futureSkew, Duration staleHorizon, double jumpPercent,
                 int confirmations, Duration dedupHorizon, ReferenceSessionBars.Rules bars,
                 IntPredicate droppedByApp) {
    this.input = input;
    this.dedupHorizonMs = dedupHorizon.toMillis();
    this.droppedByApp = droppedByApp;
    this.skewMicros = micros(futureSkew);
    this.horizonMicros = micros(staleHorizon);
    this.graceMicros = micros(bars.grace());
    this.idleMicros = micros(bars.idle());
    this.jumpPercent = jumpPercent;
    this.confirmations = confirmations;
    this.timeframes = bars.timeframes();
    this.bars = new ReferenceSessionBars(bars);
    for (int i = 0; i < input.size(); i++) {
      process(i);
    }
    symbols.keySet().forEach(this::catchUpIfIdle); // the app closes idle symbols' bars as stream time passes them
  }

  /** Input indexes of the accepted trades, in the order they are written to the trades topic. */
  List<Integer> accepted() {
    return accepted;
  }

  /** The dead letters in the order they are written. */
  List<Letter> letters() {
    return letters;
  }

  /** Rejected records by reason code, duplicates included. */
  Map<String, Long> rejected() {
    return rejected;
  }

  /** The rarer rules the scenario exercised. */
  Set<Rule> applied() {
    return applied;
  }

  /** Trades still held for an unconfirmed level. */
  int held() {
    return symbols.values().stream().mapToInt(s -> s.held.size()).sum();
  }

  /** The trade as the topology writes it: canonical symbol, the exchange its spelling implies. */
  Trade normalized(int index) {
    RawTrade raw = input.get(index);
    Trade trade = Trade.newBuilder(raw.trade()).setSymbol(raw.canonical()).build();
    if (trade.getExchange().isEmpty()) {
      trade.setExchange(raw.exchange());
    }
    return trade;
  }

  /** The final bars: those of the accepted trades that their symbols' clocks closed or their rules made final. */
  Map<ReferenceBars.Key, Bar> finalBars() {
    return bars.finalBars();
  }

  private void process(int index) {
    RawTrade raw = input.get(index);
    String reason = invalidity(raw);
    if (reason != null) {
      reject(index, reason);
      return;
    }
    if (isDuplicate(index)) {
      rejected.merge("duplicate", 1L, Long::sum);
      return;
    }
    Symbol symbol = symbols.computeIfAbsent(raw.canonical(), s -> new Symbol());
    catchUpIfIdle(raw.canonical());
    String refused = refusal(symbol, index);
    if (refused != null) {
      reject(index, refused);
    } else {
      guard(symbol, index);
    }
    symbol.heardAtMicros = streamMicros;
  }

  /** Stage 4; remembers the identity of a trade that is not a duplicate. */
  private boolean isDuplicate(int index) {
    RawTrade raw = input.get(index);
    Trade trade = raw.trade();
    List<Object> identity = List.of(raw.canonical(), eventMicros(index), trade.getPrice(), trade.getSize(),
        trade.getSide(), trade.getSequence());
    Stored stored = identities.get(identity);
    if (stored != null) {
      if (newestSecondMs - stored.secondMs() < dedupHorizonMs) {
        return true;
      }
      if (newestSecondMs - stored.newestMs() < dedupHorizonMs / 2) {
        applied.add(Rule.BEHIND_COPY_DROPPED);
        return true;
      }
      applied.add(Rule.COPY_PAST_HORIZON);
      if (droppedByApp.test(index)) {
        return true;
      }
    }
    long secondMs = trade.getEventTime().getEpochSecond() * 1_000L;
    newestSecondMs = Math.max(newestSecondMs, secondMs);
    identities.put(identity, new Stored(secondMs, newestSecondMs));
    return false;
  }

  /**
   * Stage 2, in the documented order: not a trade, symbol as sent, price, size, then the event time: always stale
   * before 1970 and future after year 9999, else against the receive time (future, stale) or, without one, the record
   * timestamp (future only).
   */
  private String invalidity(RawTrade raw) {
    Trade trade = raw.trade();
    if (trade == null) {
      return "undecodable";
    }
    String symbol = trade.getSymbol();
    if (ReferenceSymbolRule.isInvalid(symbol)) {
      return "symbol_invalid";
    }
    if (!(trade.getPrice() > 0) || Double.isInfinite(trade.getPrice())) {
      return "price_not_positive";
    }
    if (trade.getSize() <= 0) {
      return "size_not_positive";
    }
    long event = micros(trade.getEventTime());
    if (event < 0) {
      return "stale_timestamp";
    }
    if (!trade.getEventTime().isBefore(AFTER_9999)) {
      return "future_timestamp";
    }
    long receive = micros(trade.getReceiveTime());
    long reference = receive == 0 ? raw.timestampMs() * 1_000L : receive;
    if (event - reference > skewMicros) {
      return "future_timestamp";
    }
    if (receive != 0 && receive - event > horizonMicros) {
      return "stale_timestamp";
    }
    return null;
  }

  private void guard(Symbol symbol, int index) {
    double price = input.get(index).trade().getPrice();
    if (Double.isNaN(symbol.reference) || isNear(price, symbol.reference)) {
      if (!symbol.held.isEmpty() && symbol.held.stream().allMatch(h -> eventMicros(index) < eventMicros(h))) {
        applied.add(Rule.EARLIER_PRINT_OF_OLD_LEVEL);
        accept(symbol, index); // the candidate stays
        return;
      }
      refuseHeld(symbol, Rule.RETURNED);
      symbol.reference = price;
      accept(symbol, index);
    } else if (Double.isNaN(symbol.candidate) || !isNear(price, symbol.candidate)) {
      refuseHeld(symbol, Rule.THIRD_LEVEL);
      symbol.candidate = price;
      symbol.confirmed = 0;
      symbol.held.add(index);
    } else if (++symbol.confirmed < confirmations) {
      symbol.held.add(index);
    } else {
      symbol.reference = price;
      symbol.candidate = Double.NaN;
      List<Integer> release = new ArrayList<>(symbol.held);
      release.add(index);
      symbol.held.clear();
      applied.add(Rule.CONFIRMED);
      for (int held : release) {
        String refused = refusal(symbol, held);
        if (refused != null) {
          applied.add(refused.equals("late") ? Rule.HELD_LATE : Rule.HELD_OVERFLOWED);
          reject(held, refused);
        } else {
          accept(symbol, held);
        }
      }
    }
  }

  private void refuseHeld(Symbol symbol, Rule rule) {
    if (!symbol.held.isEmpty()) {
      applied.add(rule);
    }
    symbol.held.forEach(held -> reject(held, "price_jump"));
    symbol.held.clear();
    symbol.candidate = Double.NaN;
  }

  /** More than the percentage away is a jump; up to it is near. */
  private boolean isNear(double price, double reference) {
    return !(Math.abs(price - reference) > reference * jumpPercent / 100);
  }

  /**
   * Why the bar stage refuses a trade before the guard judges it: {@code late}, more than the grace behind its
   * symbol's clock; {@code bar_overflow}, it would take one of its bars' volume beyond a long; else null.
   */
  private String refusal(Symbol symbol, int index) {
    if (symbol.clockMicros != null && eventMicros(index) < symbol.clockMicros - graceMicros) {
      return "late";
    }
    String overflowed = bars.overflowedSeries(normalized(index));
    if (overflowed == null) {
      return null;
    }
    if (!timeframes.contains(overflowed)) { // time bars come first: none of them overflows
      applied.add(Rule.ACTIVITY_BAR_OVERFLOWED);
    }
    return "bar_overflow";
  }

  private void accept(Symbol symbol, int index) {
    accepted.add(index);
    long event = eventMicros(index);
    symbol.clockMicros = symbol.clockMicros == null ? event : Math.max(symbol.clockMicros, event);
    boolean moved = streamMicros == null || event > streamMicros;
    streamMicros = moved ? Long.valueOf(event) : streamMicros;
    symbol.heardAtMicros = streamMicros;
    bars.add(normalized(index));
    closeDue(input.get(index).canonical(), symbol.clockMicros);
    if (moved) {
      symbols.keySet().forEach(this::catchUpIfIdle);
    }
  }

  /**
   * A symbol silent for the idle period of stream time (with none, any symbol) has the bars stream time made due
   * closed, and its clock moves to the last one's close (with no idle period, to stream time).
   */
  private void catchUpIfIdle(String name) {
    Symbol symbol = symbols.get(name);
    if (streamMicros == null) {
      return;
    }
    if (idleMicros == 0) {
      symbol.clockMicros = symbol.clockMicros == null ? streamMicros : Math.max(symbol.clockMicros, streamMicros);
      closeDue(name, symbol.clockMicros);
    } else if (symbol.heardAtMicros != null && streamMicros - symbol.heardAtMicros >= idleMicros) {
      Long lastClose = closeDue(name, streamMicros);
      if (lastClose != null) {
        symbol.clockMicros = Math.max(symbol.clockMicros, lastClose);
      }
    }
  }

  /** Makes final the symbol's bars whose end plus grace is not after {@code byMicros}; the latest such close. */
  private Long closeDue(String symbol, long byMicros) {
    Instant latest = bars.closeDue(symbol, instant(byMicros));
    return latest == null ? null : micros(latest);
  }

  private void reject(int index, String reason) {
    letters.add(new Letter(index, reason));
    rejected.merge(reason, 1L, Long::sum);
  }

  private long eventMicros(int index) {
    return micros(input.get(index).trade().getEventTime());
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  private static long micros(Duration duration) {
    return duration.toNanos() / 1_000L;
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
