package io.tickflow.streams;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;

/**
 * A deliberately naive reference for final time bars, written apart from the topology's code: per partition, in input
 * order, drop repeated identities and trades older than their symbol's clock minus grace; a window closes when its end
 * plus grace is reached by its symbol's clock (its latest accepted event time), or by the partition's stream time
 * (the latest accepted event time of any symbol) while the symbol is idle: silent for the idle period of stream time.
 * Closing windows while idle raises the symbol's clock to their close (with no idle period, to stream time). Final
 * bars are the accepted trades grouped by (symbol, timeframe, window) of the closed windows; windows follow one
 * another from the session open and the session's last one ends at the next open. Inputs must use canonical symbols
 * and prices that pass validation (no price jumps).
 */
public final class ReferenceBars {

  /** A bar's identity. */
  public record Key(String symbol, String timeframe, Instant start) {
  }

  /** When the trading day starts: a local time in a zone; every window is aligned to it. */
  public record Session(LocalTime open, ZoneId zone) {
    /** Midnight UTC. */
    public static final Session UTC = new Session(LocalTime.MIDNIGHT, ZoneOffset.UTC);

    /** The latest session open at or before an instant. */
    Instant openBefore(Instant at) {
      ZonedDateTime open = at.atZone(zone).with(this.open);
      return open.toInstant().isAfter(at) ? open.minusDays(1).with(this.open).toInstant() : open.toInstant();
    }

    /** The first session open after an instant. */
    Instant openAfter(Instant at) {
      return openBefore(at).atZone(zone).plusDays(1).with(open).toInstant();
    }
  }

  private ReferenceBars() {
  }

  /**
   * The final bars the topology must emit.
   *
   * @param input trades in the order they were written, keyed by their symbol
   * @param partitions partitions of the raw trades topic (the default partitioner places them)
   * @param timeframes intraday timeframes as (label, length)
   * @param grace grace period
   * @param idle idle period
   */
  public static Map<Key, Bar> finals(List<Trade> input, int partitions, Map<String, Duration> timeframes,
                                     Duration grace, Duration idle) {
    return finals(input, partitions, timeframes, grace, idle, Session.UTC);
  }

  /** The final bars the topology must emit when every symbol trades the given session. */
  public static Map<Key, Bar> finals(List<Trade> input, int partitions, Map<String, Duration> timeframes,
                                     Duration grace, Duration idle, Session session) {
    Map<Key, Bar> finals = new LinkedHashMap<>();
    byPartition(input, partitions).values()
        .forEach(trades -> finals.putAll(finalsOfOnePartition(trades, timeframes, grace, idle, session)));
    return finals;
  }

  /** The trades the topology must accept (unique and not late), per partition in input order. */
  public static List<Trade> accepted(List<Trade> input, int partitions, Map<String, Duration> timeframes,
                                     Duration grace, Duration idle) {
    List<Trade> accepted = new ArrayList<>();
    byPartition(input, partitions).values()
        .forEach(trades -> accepted.addAll(new Clocks(timeframes, grace, idle, Session.UTC).accept(trades)));
    return accepted;
  }

  private static Map<Integer, List<Trade>> byPartition(List<Trade> input, int partitions) {
    Map<Integer, List<Trade>> byPartition = new TreeMap<>();
    for (Trade trade : input) {
      byte[] key = trade.getSymbol().getBytes(StandardCharsets.UTF_8);
      byPartition.computeIfAbsent(Utils.toPositive(Utils.murmur2(key)) % partitions, p -> new ArrayList<>())
          .add(trade);
    }
    return byPartition;
  }

  /**
   * One partition's trades read in order: stream time, each symbol's clock, heard-at time and open windows, and the
   * windows closed so far.
   */
  private static final class Clocks {
    private final Map<String, Duration> timeframes;
    private final Duration grace;
    private final Duration idle;
    private final Session session;
    private final Map<String, Instant> clock = new HashMap<>();
    private final Map<String, Instant> heardAt = new HashMap<>();
    private final Map<String, Set<Key>> open = new HashMap<>();
    private final Set<Key> closed = new HashSet<>();
    private Instant streamTime;

    Clocks(Map<String, Duration> timeframes, Duration grace, Duration idle, Session session) {
      this.timeframes = timeframes;
      this.grace = grace;
      this.idle = idle;
      this.session = session;
    }

    List<Trade> accept(List<Trade> trades) {
      Set<List<Object>> seen = new HashSet<>();
      List<Trade> accepted = new ArrayList<>();
      for (Trade trade : trades) {
        List<Object> identity = List.of(trade.getSymbol(), trade.getEventTime(), trade.getPrice(), trade.getSize(),
            trade.getSide(), trade.getSequence());
        if (!seen.add(identity)) {
          continue;
        }
        String symbol = trade.getSymbol();
        if (isIdle(symbol)) {
          catchUp(symbol);
        }
        Instant own = clock.get(symbol);
        if (own == null || !trade.getEventTime().isBefore(own.minus(grace))) {
          accepted.add(trade);
          clock.put(symbol, own == null || trade.getEventTime().isAfter(own) ? trade.getEventTime() : own);
          boolean moved = streamTime == null || trade.getEventTime().isAfter(streamTime);
          if (moved) {
            streamTime = trade.getEventTime();
          }
          heardAt.put(symbol, streamTime);
          for (String timeframe : timeframes.keySet()) {
            open.computeIfAbsent(symbol, k -> new HashSet<>()).add(window(symbol, timeframe, trade.getEventTime()));
          }
          close(symbol, clock.get(symbol));
          if (moved) {
            List.copyOf(open.keySet()).stream().filter(this::isIdle).forEach(this::catchUp);
          }
        } else {
          heardAt.put(symbol, streamTime);
        }
      }
      return accepted;
    }

    Set<Key> closed() {
      return closed;
    }

    private boolean isIdle(String symbol) {
      if (!heardAt.containsKey(symbol)) {
        return idle.isZero() && streamTime != null;
      }
      return !streamTime.isBefore(heardAt.get(symbol).plus(idle));
    }

    /** An idle symbol: with no idle period its clock is stream time; else its due windows close at stream time. */
    private void catchUp(String symbol) {
      if (idle.isZero()) {
        Instant own = clock.get(symbol);
        clock.put(symbol, own == null || streamTime.isAfter(own) ? streamTime : own);
        close(symbol, clock.get(symbol));
        return;
      }
      Instant latestClose = close(symbol, streamTime);
      if (latestClose != null && latestClose.isAfter(clock.get(symbol))) {
        clock.put(symbol, latestClose);
      }
    }

    /** Closes the symbol's open windows whose end plus grace is not after {@code by}; the latest such close time. */
    private Instant close(String symbol, Instant by) {
      Instant latest = null;
      for (Iterator<Key> it = open.getOrDefault(symbol, Set.of()).iterator(); it.hasNext(); ) {
        Key key = it.next();
        Instant closeAt = end(key).plus(grace);
        if (!closeAt.isAfter(by)) {
          closed.add(key);
          it.remove();
          latest = latest == null || closeAt.isAfter(latest) ? closeAt : latest;
        }
      }
      return latest;
    }

    private Key window(String symbol, String timeframe, Instant at) {
      Instant open = session.openBefore(at);
      long size = timeframes.get(timeframe).toMillis();
      long sinceOpen = at.toEpochMilli() - open.toEpochMilli();
      return new Key(symbol, timeframe, open.plusMillis(sinceOpen / size * size));
    }

    /** A window's end: its length after its start, or the next session open when that comes first. */
    private Instant end(Key key) {
      Instant full = key.start().plus(timeframes.get(key.timeframe()));
      Instant nextOpen = session.openAfter(key.start());
      return full.isAfter(nextOpen) ? nextOpen : full;
    }
  }

  private static Map<Key, Bar> finalsOfOnePartition(List<Trade> trades, Map<String, Duration> timeframes,
                                                    Duration grace, Duration idle, Session session) {
    Clocks clocks = new Clocks(timeframes, grace, idle, session);
    List<Trade> accepted = clocks.accept(trades);
    Map<Key, List<Trade>> windows = new LinkedHashMap<>();
    for (Trade trade : accepted) {
      for (String timeframe : timeframes.keySet()) {
        windows.computeIfAbsent(clocks.window(trade.getSymbol(), timeframe, trade.getEventTime()),
            k -> new ArrayList<>()).add(trade);
      }
    }
    Map<Key, Bar> finals = new LinkedHashMap<>();
    for (Map.Entry<Key, List<Trade>> window : windows.entrySet()) {
      if (clocks.closed().contains(window.getKey())) {
        finals.put(window.getKey(), bar(window.getKey(), clocks.end(window.getKey()), window.getValue()));
      }
    }
    return finals;
  }

  /** The bar of trades listed in arrival order (the order VWAP sums them in), open and close by (time, sequence). */
  static Bar bar(Key key, Instant end, List<Trade> trades) {
    Comparator<Trade> order = Comparator.comparing(Trade::getEventTime).thenComparing(Trade::getSequence);
    Trade first = trades.stream().min(order).orElseThrow();
    Trade last = trades.stream().max(order).orElseThrow();
    long volume = trades.stream().mapToLong(Trade::getSize).sum();
    double notional = 0;
    for (Trade trade : trades) {
      notional += trade.getPrice() * trade.getSize();
    }
    return new Bar(key.symbol(), key.timeframe(), key.start(), end, first.getPrice(),
        trades.stream().mapToDouble(Trade::getPrice).max().orElseThrow(),
        trades.stream().mapToDouble(Trade::getPrice).min().orElseThrow(), last.getPrice(), volume,
        sideVolume(trades, AggressorSide.BID), sideVolume(trades, AggressorSide.ASK), (long) trades.size(),
        notional / volume, first.getEventTime(), last.getEventTime(), true, trades.size() - 1);
  }

  private static long sideVolume(List<Trade> trades, AggressorSide side) {
    return trades.stream().filter(t -> t.getSide() == side).mapToLong(Trade::getSize).sum();
  }
}
