package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.StatefulStages.Input;
import io.tickflow.streams.StatefulStages.Output;
import io.tickflow.streams.dedup.OlderBuilds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The dedup stage against the guarantee docs/topology.md (stage 4) states, where the other tests look least: one
 * instrument's history written far behind the partition's newest trades (more than half the horizon, up to and past
 * it), so that its identities are relocated to later windows, with commits, crashes and clean restarts at random
 * points ({@link StatefulStages}), on RocksDB and in-memory stores, with horizons of minutes to hours; in half the
 * tries, at half the crashes and restarts, the store is left as a build before the newest-window record would have
 * left it ({@link OlderBuilds#dropNewestWindowRecords}), so that a start finds the newest window by reading the store.
 *
 * <p>The reference, from the docs alone: an identity accepted when the partition's time (the latest event time it
 * read) was {@code P} is stored in a window no earlier than its event second nor than {@code P}'s second minus half
 * the horizon, and kept while the partition's second is less than a horizon after that window. So a copy read while
 * the partition's second is before {@code max(second + horizon, P's second + horizon / 2)} of the latest accepted
 * occurrence must be dropped; a trade whose identity was never accepted must be accepted; a later copy may go either
 * way (counted). The bars stage after dedup accepts every trade here (prices within the jump limit, grace and idle
 * period beyond the scenario's span), so the committed trades are dedup's output.
 */
class DedupPropertyTest {

  private static final Instant START = Instant.parse("2026-03-02T14:30:00Z");
  /** Kafka's window store needs segments of at least 60 s, half the retention: two minutes is the least. */
  private static final List<Duration> HORIZONS = List.of(Duration.ofMinutes(2), Duration.ofMinutes(5),
      Duration.ofMinutes(17), Duration.ofHours(3), Duration.ofMillis(150_001));
  /**
   * How far, in horizons, the history starts behind the live instruments: all relocated but the first, and half a
   * horizon, where the history's trades go either way as its clock and the live ones move.
   */
  private static final List<Double> LAGS = List.of(0.3, 0.5, 0.6, 0.9, 1.0, 1.4, 2.5, 6.0);
  /** Beyond any scenario's span, so that the bars stage finds no trade late. */
  private static final Duration NO_LATE = Duration.ofDays(5);
  private static final List<String> LIVE = List.of("ESZ26", "NQH27");
  /**
   * The histories' symbols: after the live ones' or before, as RocksDB returns a segment's records by key (the first
   * one read at a start stands for the newest window in a store without its record), or two histories at once.
   */
  private static final List<List<String>> HISTORIES = List.of(List.of("ZNH27"), List.of("CLF27"),
      List.of("ZNH27", "CLF27"));

  @Property(tries = 150)
  void shouldDropEveryCopyWithinTheGuaranteeAndNoOriginal(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 250) int count,
      @ForAll @IntRange(min = 1, max = 2) int liveSymbols, @ForAll @IntRange(min = 0, max = 4) int horizonChoice,
      @ForAll @IntRange(min = 0, max = 7) int lagChoice, @ForAll @IntRange(min = 0, max = 2) int historyChoice,
      @ForAll boolean inMemory, @ForAll boolean olderBuild, @ForAll long schedule) {
    Duration horizon = HORIZONS.get(horizonChoice);
    List<Trade> trades = new Scenario(new Random(seed), horizon, LIVE.subList(0, liveSymbols),
        HISTORIES.get(historyChoice), LAGS.get(lagChoice)).generate(count);
    List<Input> input = IntStream.range(0, trades.size()).mapToObj(i -> new Input(trades.get(i), i)).toList();

    Path stateDir = RestartPropertyTest.newStateDir();
    try (StatefulStages stages = new StatefulStages(config(horizon, inMemory), stateDir,
        olderBuild ? OlderBuilds::dropNewestWindowRecords : null)) {
      List<Output> committed = stages.runInterrupted(input, new Random(schedule));
      String events = stages.events();
      assertThat(committed.stream().map(Output::value).filter(DeadLetter.class::isInstance).toList())
          .as("dead letters with%s", events).isEmpty();
      new Reference(horizon).check(trades, acceptedInputs(committed, events), events);
      RestartPropertyTest.coverage("crashed", stages.crashes() > 0);
      RestartPropertyTest.coverage("restarted", stages.restarts() > 0);
      RestartPropertyTest.coverage("started on an older build's store", events.contains("(older build)"));
    } finally {
      RestartPropertyTest.delete(stateDir);
    }
    Statistics.label("horizon").collect(horizon);
  }

  private static StreamsAppConfig config(Duration horizon, boolean inMemory) {
    return new StreamsAppConfig(Map.of(
        StreamsAppConfig.STATE_STORE_TYPE_CONFIG,
        inMemory ? StreamsAppConfig.STORE_IN_MEMORY : StreamsAppConfig.STORE_ROCKSDB,
        StreamsAppConfig.DEDUP_HORIZON_MS_CONFIG, Long.toString(horizon.toMillis()),
        StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m",
        StreamsAppConfig.BARS_GRACE_MS_CONFIG, Long.toString(NO_LATE.toMillis()),
        StreamsAppConfig.BARS_IDLE_MS_CONFIG, Long.toString(NO_LATE.toMillis())));
  }

  /**
   * The input positions of the committed trades (their receive time, which is no part of the identity), checked to be
   * in input order and each once.
   */
  private static List<Integer> acceptedInputs(List<Output> committed, String events) {
    List<Integer> accepted = committed.stream().map(Output::value).filter(Trade.class::isInstance)
        .map(trade -> Scenario.inputOf((Trade) trade)).toList();
    assertThat(accepted).as("accepted inputs, in order and once, with%s", events).isSorted().doesNotHaveDuplicates();
    return accepted;
  }

  /** A trade's identity, as the docs define it. */
  private record Identity(String symbol, long eventMicros, double price, long size, AggressorSide side, int sequence) {
    static Identity of(Trade trade) {
      return new Identity(trade.getSymbol(), TradeTick.toMicros(trade.getEventTime()), trade.getPrice(),
          trade.getSize(), trade.getSide(), trade.getSequence());
    }
  }

  /** Millisecond of the second holding the instant given in microseconds. */
  private static long secondMs(long micros) {
    return Math.floorDiv(micros, 1_000_000L) * 1_000L;
  }

  /**
   * The partition time (milliseconds) until which a copy of an identity accepted at {@code eventMicros}, when the
   * partition's time was {@code partitionMicros} ({@code Long.MIN_VALUE}: nothing read yet), must be dropped: its
   * window is no earlier than its second, nor than half the horizon before the partition's second, and the store keeps
   * a window while the partition's second is less than a horizon after it.
   */
  private static long guaranteedUntilMs(long eventMicros, long partitionMicros, Duration horizon) {
    long own = secondMs(eventMicros) + horizon.toMillis();
    return partitionMicros == Long.MIN_VALUE ? own
        : Math.max(own, secondMs(partitionMicros) + horizon.toMillis() / 2);
  }

  /** True when the identity is more than half the horizon behind the partition: stored in a later window. */
  private static boolean relocated(long eventMicros, long partitionMicros, Duration horizon) {
    return partitionMicros != Long.MIN_VALUE
        && secondMs(eventMicros) < secondMs(partitionMicros) - horizon.toMillis() / 2;
  }

  /** The docs' guarantee applied to the inputs and what the stage accepted of them. */
  private record Reference(Duration horizon) {

    /**
     * The latest accepted occurrence of an identity: its input position, until when its copies must be dropped, and if
     * it was relocated.
     */
    private record Occurrence(int input, long guaranteedUntilMs, boolean relocated) {
    }

    void check(List<Trade> trades, List<Integer> acceptedInputs, String events) {
      Set<Integer> accepted = new HashSet<>(acceptedInputs);
      Map<Identity, Occurrence> latest = new HashMap<>();
      Map<String, Set<Identity>> byInstant = new HashMap<>();
      trades.forEach(trade -> byInstant.computeIfAbsent(trade.getSymbol() + "@" + trade.getEventTime(),
          k -> new HashSet<>()).add(Identity.of(trade)));
      long partitionMicros = Long.MIN_VALUE;
      boolean relocatedCopyDropped = false;
      boolean tiedCopyDropped = false;
      boolean atTheEdge = false;
      for (int i = 0; i < trades.size(); i++) {
        Trade trade = trades.get(i);
        Identity identity = Identity.of(trade);
        long before = partitionMicros;
        partitionMicros = Math.max(partitionMicros, identity.eventMicros());
        Occurrence previous = latest.get(identity);
        boolean kept = accepted.contains(i);
        String at = String.format("input %d %s, partition time %s, with%s", i, trade,
            TradeTick.toInstant(partitionMicros), events);
        if (previous == null) {
          assertThat(kept).as("original accepted: %s", at).isTrue();
        } else {
          long distanceMs = secondMs(partitionMicros) - previous.guaranteedUntilMs();
          atTheEdge |= Math.abs(distanceMs) <= 1_000;
          if (distanceMs < 0) {
            assertThat(kept).as("copy of input %d (relocated: %s) within the guarantee (%d ms before its end, "
                + "horizon %s) dropped: %s", previous.input(), previous.relocated(), -distanceMs, horizon, at)
                .isFalse();
            relocatedCopyDropped |= previous.relocated();
            tiedCopyDropped |= byInstant.get(trade.getSymbol() + "@" + trade.getEventTime()).size() > 1;
          } else {
            Statistics.label("copies beyond the guarantee").collect(kept ? "accepted" : "dropped");
          }
        }
        if (kept) {
          latest.put(identity, new Occurrence(i, guaranteedUntilMs(identity.eventMicros(), before, horizon),
              relocated(identity.eventMicros(), before, horizon)));
        }
      }
      Statistics.label("relocated copy dropped").collect(relocatedCopyDropped);
      Statistics.label("relocated copy dropped").coverage(checker -> checker.check(true).percentage(p -> p >= 30));
      RestartPropertyTest.coverage("copy of a sweep's print dropped", tiedCopyDropped);
      RestartPropertyTest.coverage("copy within a second of the guarantee's end", atTheEdge);
    }
  }

  /**
   * A partition's trades: live instruments near the partition's time, and one or two instruments' history caught up
   * behind them by a lag, each jumping back behind now and then (the next file of a catch-up); prints of one sweep in
   * one microsecond, out-of-order trades, and copies of earlier trades (a backfill's overlap, a re-imported file, a
   * reconnect's overlap of the latest ones), some placed where the partition's time reaches the end of their
   * guarantee. Prices stay within a few percent.
   */
  private static final class Scenario {
    /** Received at this instant plus their input position in milliseconds: after every event time. */
    private static final Instant RECEIVED = START.plus(Duration.ofDays(10));
    /**
     * Half the copies are of one of the latest trades: those stored since the last restart, relocated by the newest
     * window learned there.
     */
    private static final int RECENT = 20;

    private final Random random;
    private final Duration horizon;
    private final List<String> live;
    private final List<String> histories;
    private final Map<String, Long> clocks = new HashMap<>();
    private final List<Trade> trades = new ArrayList<>();
    /** The partition's time before each trade, for placing copies at the edge of their guarantee. */
    private final List<Long> partitionBefore = new ArrayList<>();
    private long partitionMicros = Long.MIN_VALUE;
    private int sequence;
    /**
     * The symbol whose trades come now: runs of one symbol, as a file caught up or a feed's burst, so that after a
     * restart the history's trades can come before any live one's.
     */
    private String source;

    Scenario(Random random, Duration horizon, List<String> live, List<String> histories, double lag) {
      this.random = random;
      this.horizon = horizon;
      this.live = live;
      this.histories = histories;
      this.source = histories.get(0);
      long startMicros = TradeTick.toMicros(START);
      histories.forEach(symbol -> clocks.put(symbol, startMicros));
      live.forEach(symbol -> clocks.put(symbol, startMicros + lagMicros(lag)));
    }

    static int inputOf(Trade trade) {
      return (int) Duration.between(RECEIVED, trade.getReceiveTime()).toMillis();
    }

    List<Trade> generate(int count) {
      while (trades.size() < count) {
        int action = random.nextInt(100);
        if (action < 15 && !trades.isEmpty()) {
          add(copy(trades.get(anyOrRecent())));
        } else if (action < 20 && !trades.isEmpty()) {
          copyAtTheEdge(anyOrRecent());
        } else if (action < 23 && !trades.isEmpty()) {
          clocks.put(pick(histories), partitionMicros - lagMicros(0.5 + random.nextDouble()));
        } else {
          if (action < 30) {
            source = pick(random.nextBoolean() ? histories : live);
          }
          add(trade(source, nextTime(source)));
        }
      }
      return trades.subList(0, count);
    }

    /** The position of an earlier trade: any, or one of the latest (a reconnect's overlap). */
    private int anyOrRecent() {
      return random.nextBoolean() ? random.nextInt(trades.size())
          : Math.max(0, trades.size() - 1 - random.nextInt(RECENT));
    }

    private String pick(List<String> symbols) {
      return symbols.get(random.nextInt(symbols.size()));
    }

    private long lagMicros(double horizons) {
      return (long) (horizons * horizon.toMillis()) * 1_000L;
    }

    /**
     * Ties (a sweep), out-of-order prints, small steps, whole seconds (where windows start) and now and then a gap of
     * up to a third of the horizon.
     */
    private long nextTime(String symbol) {
      long clock = clocks.get(symbol);
      int kind = random.nextInt(100);
      if (kind < 15) {
        return clock;
      }
      if (kind < 25) {
        return clock - 1 - random.nextInt(10_000_000);
      }
      long next;
      if (kind < 80) {
        next = clock + 1 + random.nextInt(2_000_000);
      } else if (kind < 88) {
        next = (Math.floorDiv(clock, 1_000_000L) + 1 + random.nextInt(3)) * 1_000_000L;
      } else {
        next = clock + 1 + (long) (random.nextDouble() * lagMicros(1.0 / 3));
      }
      clocks.put(symbol, next);
      return next;
    }

    /**
     * A live trade that moves the partition's time to just before, at or just after the end of the guarantee of an
     * earlier trade (as if that occurrence was the one accepted), then a copy of it (else nothing: the partition is
     * past that already).
     */
    private void copyAtTheEdge(int original) {
      long eventMicros = TradeTick.toMicros(trades.get(original).getEventTime());
      long endMicros = guaranteedUntilMs(eventMicros, partitionBefore.get(original), horizon) * 1_000L;
      long edgeMicros = endMicros + List.of(-1_000_000L, -1L, 0L, 1_000_000L).get(random.nextInt(4));
      if (edgeMicros <= partitionMicros) {
        return;
      }
      String symbol = pick(live);
      clocks.put(symbol, edgeMicros);
      add(trade(symbol, edgeMicros));
      add(copy(trades.get(original)));
    }

    private Trade trade(String symbol, long eventMicros) {
      AggressorSide side = random.nextBoolean() ? AggressorSide.ASK : AggressorSide.BID;
      // A few sequences only, so that a sweep's prints sometimes differ in one field of the identity alone.
      return new Trade(symbol, "CME", 100 + 0.25 * random.nextInt(12), 1L + random.nextInt(3), side,
          TradeTick.toInstant(eventMicros), RECEIVED, sequence++ % 4, DataSource.LIVE);
    }

    private static Trade copy(Trade trade) {
      return Trade.newBuilder(trade).setSource(DataSource.BACKFILL).build();
    }

    /** Appends the trade, received at its input position. */
    private void add(Trade trade) {
      partitionBefore.add(partitionMicros);
      partitionMicros = Math.max(partitionMicros, TradeTick.toMicros(trade.getEventTime()));
      trades.add(Trade.newBuilder(trade).setReceiveTime(RECEIVED.plusMillis(trades.size())).build());
    }
  }
}
