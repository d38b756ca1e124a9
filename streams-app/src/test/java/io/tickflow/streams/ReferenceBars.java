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
import java.util.function.Function;
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
    return verdicts(input, partitions, timeframes, grace, idle, ReferenceClocks::accepted);
  }

  /**
   * The trades the topology must refuse as late (the first of their identity, so not dropped as copies, but older
   * than their symbol's clock minus grace or in a bar already final), per partition in input order.
   */
  public static List<Trade> late(List<Trade> input, int partitions, Map<String, Duration> timeframes,
                                 Duration grace, Duration idle) {
    return verdicts(input, partitions, timeframes, grace, idle, ReferenceClocks::late);
  }

  /** One verdict's trades (accepted or late) of every partition, read by its own clocks. */
  private static List<Trade> verdicts(List<Trade> input, int partitions, Map<String, Duration> timeframes,
                                      Duration grace, Duration idle, Function<ReferenceClocks, List<Trade>> verdict) {
    List<Trade> trades = new ArrayList<>();
    for (List<Trade> partition : byPartition(input, partitions).values()) {
      ReferenceClocks clocks = new ReferenceClocks(grace, idle, new Windows(timeframes, grace, Session.UTC));
      clocks.read(partition);
      trades.addAll(verdict.apply(clocks));
    }
    return trades;
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

  /** The time windows of one partition's symbols: those with an accepted trade, open until closed. */
  private static final class Windows implements ReferenceClocks.Bars {
    private final Map<String, Duration> timeframes;
    private final Duration grace;
    private final Session session;
    private final Map<String, Set<Key>> open = new HashMap<>();
    private final Set<Key> closed = new HashSet<>();

    Windows(Map<String, Duration> timeframes, Duration grace, Session session) {
      this.timeframes = timeframes;
      this.grace = grace;
      this.session = session;
    }

    @Override
    public void add(Trade trade) {
      for (String timeframe : timeframes.keySet()) {
        open.computeIfAbsent(trade.getSymbol(), k -> new HashSet<>())
            .add(window(trade.getSymbol(), timeframe, trade.getEventTime()));
      }
    }

    @Override
    public Instant closeDue(String symbol, Instant by) {
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

    Set<Key> closed() {
      return closed;
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
    Windows timeWindows = new Windows(timeframes, grace, session);
    List<Trade> accepted = new ReferenceClocks(grace, idle, timeWindows).read(trades);
    Map<Key, List<Trade>> windows = new LinkedHashMap<>();
    for (Trade trade : accepted) {
      for (String timeframe : timeframes.keySet()) {
        windows.computeIfAbsent(timeWindows.window(trade.getSymbol(), timeframe, trade.getEventTime()),
            k -> new ArrayList<>()).add(trade);
      }
    }
    Map<Key, Bar> finals = new LinkedHashMap<>();
    for (Map.Entry<Key, List<Trade>> window : windows.entrySet()) {
      if (timeWindows.closed().contains(window.getKey())) {
        finals.put(window.getKey(), bar(window.getKey(), timeWindows.end(window.getKey()), window.getValue()));
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
