package io.tickflow.streams;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;

/**
 * A deliberately naive reference for final time bars, written apart from the topology's code: per partition, drop
 * repeated identities and trades older than their symbol's clock minus grace, group what is left by (symbol,
 * timeframe, UTC-aligned window), and keep the windows that the symbols' clocks closed. A symbol's clock is its
 * latest accepted event time, raised to the partition's stream time (latest accepted event time of any symbol) when
 * the symbol arrives, or the input ends, after stream time moved on by the idle period since its previous trade.
 * Inputs must use canonical symbols and prices that pass validation (no price jumps).
 */
public final class ReferenceBars {

  /** A bar's identity. */
  public record Key(String symbol, String timeframe, Instant start) {
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
    Map<Key, Bar> finals = new LinkedHashMap<>();
    byPartition(input, partitions).values()
        .forEach(trades -> finals.putAll(finalsOfOnePartition(trades, timeframes, grace, idle)));
    return finals;
  }

  /** The trades the topology must accept (unique and not late), per partition in input order. */
  public static List<Trade> accepted(List<Trade> input, int partitions, Duration grace, Duration idle) {
    List<Trade> accepted = new ArrayList<>();
    byPartition(input, partitions).values()
        .forEach(trades -> accepted.addAll(new Clocks(grace, idle).accept(trades)));
    return accepted;
  }

  /** Stream time and each symbol's clock and heard-at time while one partition's trades are read in order. */
  private static final class Clocks {
    private final Duration grace;
    private final Duration idle;
    private final Map<String, Instant> clock = new HashMap<>();
    private final Map<String, Instant> heardAt = new HashMap<>();
    private Instant streamTime;

    Clocks(Duration grace, Duration idle) {
      this.grace = grace;
      this.idle = idle;
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
        Instant own = clockOf(symbol);
        if (own != null) {
          clock.put(symbol, own); // an idle symbol's clock jumped to stream time for good
        }
        if (own == null || !trade.getEventTime().isBefore(own.minus(grace))) {
          accepted.add(trade);
          clock.put(symbol, own == null || trade.getEventTime().isAfter(own) ? trade.getEventTime() : own);
          if (streamTime == null || trade.getEventTime().isAfter(streamTime)) {
            streamTime = trade.getEventTime();
          }
        }
        heardAt.put(symbol, streamTime);
      }
      return accepted;
    }

    /** The symbol's clock now: its own, or stream time when it has been idle. */
    Instant clockOf(String symbol) {
      Instant own = clock.get(symbol);
      if (own == null) {
        return idle.isZero() ? streamTime : null;
      }
      boolean idleNow = !streamTime.isBefore(heardAt.get(symbol).plus(idle));
      return idleNow && streamTime.isAfter(own) ? streamTime : own;
    }
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

  private static Map<Key, Bar> finalsOfOnePartition(List<Trade> trades, Map<String, Duration> timeframes,
                                                    Duration grace, Duration idle) {
    Clocks clocks = new Clocks(grace, idle);
    List<Trade> accepted = clocks.accept(trades);
    Map<Key, List<Trade>> windows = new LinkedHashMap<>();
    for (Trade trade : accepted) {
      for (Map.Entry<String, Duration> timeframe : timeframes.entrySet()) {
        long size = timeframe.getValue().toMillis();
        long startMs = Math.floorDiv(trade.getEventTime().toEpochMilli(), size) * size;
        windows.computeIfAbsent(new Key(trade.getSymbol(), timeframe.getKey(), Instant.ofEpochMilli(startMs)),
            k -> new ArrayList<>()).add(trade);
      }
    }
    Map<Key, Bar> finals = new LinkedHashMap<>();
    for (Map.Entry<Key, List<Trade>> window : windows.entrySet()) {
      Instant end = window.getKey().start().plus(timeframes.get(window.getKey().timeframe()));
      if (!end.plus(grace).isAfter(clocks.clockOf(window.getKey().symbol()))) {
        finals.put(window.getKey(), bar(window.getKey(), end, window.getValue()));
      }
    }
    return finals;
  }

  private static Bar bar(Key key, Instant end, List<Trade> trades) {
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
