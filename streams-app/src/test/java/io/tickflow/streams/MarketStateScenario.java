package io.tickflow.streams;

import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.topics.TickflowTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random raw quotes and depth updates of a few instruments, interleaved, as the connectors and worse producers write
 * them: depth snapshots (a CLEAR, then levels, the last one ending the batch; empty, cut short, interleaved with
 * updates or with another symbol's records, deeper than the levels kept), inserts and updates at known and new prices,
 * deletes of known and missing levels, quantity 0, one-side CLEARs, batches of updates; quotes normal, locked, crossed,
 * one-sided, with zero, negative or NaN sizes and prices; prices computed with floating-point noise; event times out
 * of order, repeated and with sub-microsecond digits, some future or stale; symbols spelled several ways (some keyed
 * by their spelling, so re-keyed) or invalid; and records that are not contract records at all.
 */
final class MarketStateScenario {

  /**
   * A raw record as written to its topic.
   *
   * @param topic raw quotes or raw depth
   * @param key the record key
   * @param value the contract record, or null when the bytes are not one (or there are none)
   * @param bytes the value bytes; null for a tombstone
   * @param spelling the symbol's spelling, null when the record has none that the rules accept
   * @param timestampMs the record's Kafka timestamp
   */
  record Raw(String topic, String key, SpecificRecord value, byte[] bytes, Spelling spelling, long timestampMs) {
  }

  /**
   * The raw records and when the security definition of the instrument quoted in ticks arrives.
   *
   * @param definitionAt the index of the first raw record after the definition; beyond the last when it never comes
   */
  record Scenario(List<Raw> raws, int definitionAt) {
  }

  /**
   * One spelling of an instrument and what docs/topology.md's symbol rules make of it (upper case, exchange suffix
   * split off, one-digit futures year resolved from the event time; an empty exchange filled from the security
   * definition), and the tick size its prices are multiplied by ({@code price.scaling} {@code ticks}; 0 for none).
   */
  record Spelling(String key, String symbol, String canonical, String exchange, double tickSize) {
  }

  private record Instrument(double base, double tick, List<Spelling> spellings) {
  }

  /** The instrument quoted in ticks ({@code price.scaling=PENNY=ticks}), whose definition has this tick size. */
  static final String IN_TICKS = "PENNY";
  static final double PENNY_TICK = 0.1;

  private static final Instant START = TopologyHarness.T0;
  private static final List<Instrument> INSTRUMENTS = List.of(
      new Instrument(5000, 0.25, List.of(new Spelling("ESZ26", "ESZ26", "ESZ26", "", 0),
          new Spelling("ESZ6", "ESZ6", "ESZ26", "", 0), new Spelling("ESZ26", "esz26-CME", "ESZ26", "CME", 0),
          new Spelling(null, "ESZ26", "ESZ26", "", 0))),
      new Instrument(1.1, 0.00001, List.of(new Spelling("EURUSD", "EURUSD", "EURUSD", "", 0))),
      new Instrument(20, 1, List.of(new Spelling(IN_TICKS, IN_TICKS, IN_TICKS, "CME", PENNY_TICK),
          new Spelling("penny.CME", "penny.CME", IN_TICKS, "CME", PENNY_TICK))));
  private static final List<String> BAD_SYMBOLS = List.of("", "  ", "\u3000", "ES\u0007Z26", "\uFEFFESZ26",
      "A".repeat(65), "ß".repeat(64));
  private static final byte[] NOT_AVRO = {0x01, 0x02, 0x03, 0x04};

  private final Random random;
  private final int maxLevels;
  private final Map<Instrument, Deque<DepthUpdate>> snapshots = new HashMap<>();
  private final Map<Instrument, Set<Integer>> knownBids = new HashMap<>();
  private final Map<Instrument, Set<Integer>> knownAsks = new HashMap<>();
  private final Map<Instrument, Instant> lastQuoteEvents = new HashMap<>();
  private long nowMicros = ReferenceMarketState.micros(START);
  private Instant lastEvent = START;
  private Instant event;
  private Instant receive;
  private long timestampMs;

  private MarketStateScenario(long seed, int maxLevels) {
    this.random = new Random(seed);
    this.maxLevels = maxLevels;
  }

  /**
   * {@code count} raw records of quotes and depth, interleaved; the definition of the instrument in ticks comes at
   * the start, somewhere in between, or never.
   */
  static Scenario generate(long seed, int count, int maxLevels) {
    MarketStateScenario scenario = new MarketStateScenario(seed, maxLevels);
    List<Raw> raws = new ArrayList<>();
    while (raws.size() < count) {
      raws.add(scenario.next());
    }
    int definitionAt = switch (scenario.random.nextInt(4)) {
      case 0 -> scenario.random.nextInt(count);
      case 1 -> count;
      default -> 0;
    };
    return new Scenario(raws, definitionAt);
  }

  private Raw next() {
    String topic = random.nextInt(3) == 0 ? TickflowTopics.RAW_QUOTES : TickflowTopics.RAW_DEPTH;
    int pick = random.nextInt(100);
    if (pick < 3) {
      return new Raw(topic, "ESZ26", null, NOT_AVRO, null, START.toEpochMilli());
    }
    if (pick < 4) {
      return new Raw(topic, "ESZ26", null, null, null, START.toEpochMilli());
    }
    Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
    Spelling spelling = instrument.spellings().get(random.nextInt(instrument.spellings().size()));
    if (random.nextInt(40) == 0) {
      String bad = BAD_SYMBOLS.get(random.nextInt(BAD_SYMBOLS.size()));
      spelling = new Spelling(bad, bad, null, null, 0);
    }
    times();
    SpecificRecord value = topic.equals(TickflowTopics.RAW_QUOTES) ? quote(instrument, spelling.symbol())
        : depth(instrument, spelling.symbol());
    return new Raw(topic, spelling.key(), value, TopologyHarness.bytes(value),
        spelling.canonical() == null ? null : spelling, timestampMs);
  }

  /**
   * The event and receive times and the Kafka timestamp of the next record: mostly a clock moving 1 to 3 ms a
   * record; some events out of order or at the previous record's time, some with sub-microsecond digits; a few
   * future, stale, without receive time, or before 1970.
   */
  private void times() {
    nowMicros += 1_000 + random.nextInt(2_000);
    event = ReferenceMarketState.instant(nowMicros);
    int pick = random.nextInt(100);
    if (pick < 15) {
      event = event.minusMillis(random.nextInt(300));
    } else if (pick < 25) {
      event = lastEvent;
    }
    if (random.nextInt(10) == 0) {
      event = event.plusNanos(1 + random.nextInt(999));
    }
    lastEvent = event;
    receive = event.plusMillis(1 + random.nextInt(20));
    timestampMs = receive.toEpochMilli();
    int fault = random.nextInt(100);
    if (fault < 2) {
      receive = event.minus(Duration.ofMillis(5_000 + random.nextInt(2)));
    } else if (fault < 4) {
      receive = event.plus(Duration.ofDays(30)).plusMillis(random.nextInt(2));
    } else if (fault < 6) {
      receive = Instant.EPOCH;
      timestampMs = event.toEpochMilli() - 4_999 - random.nextInt(3);
    } else if (fault == 6) {
      event = Instant.ofEpochSecond(-1);
      timestampMs = 0;
    }
  }

  /** A quote; now and then at the instrument's previous quote's time (a tie, which the later one wins). */
  private Quote quote(Instrument instrument, String symbol) {
    if (random.nextInt(6) == 0 && lastQuoteEvents.containsKey(instrument)) {
      event = lastQuoteEvents.get(instrument);
    }
    lastQuoteEvents.put(instrument, event);
    int bidLevel = -random.nextInt(4);
    int askLevel = 1 + random.nextInt(3);
    int pick = random.nextInt(100);
    if (pick < 12) {
      askLevel = bidLevel; // locked, each side's price computed its own way
    } else if (pick < 20) {
      askLevel = bidLevel - 1 - random.nextInt(2);
    }
    Double bid = random.nextInt(12) == 0 ? null : badOr(price(instrument, bidLevel));
    Double ask = random.nextInt(12) == 0 ? null : badOr(price(instrument, askLevel));
    return new Quote(symbol, "", bid, bid == null ? null : size(), ask, ask == null ? null : size(), event, receive,
        DataSource.LIVE);
  }

  private Long size() {
    int pick = random.nextInt(100);
    return pick < 5 ? 0L : pick < 9 ? -1L - random.nextInt(5) : 1L + random.nextInt(500);
  }

  /** The price, or now and then a NaN, infinite, zero or negative one. */
  private double badOr(double price) {
    return switch (random.nextInt(60)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> 0.0;
      case 3 -> -price;
      default -> price;
    };
  }

  private DepthUpdate depth(Instrument instrument, String symbol) {
    Deque<DepthUpdate> snapshot = snapshots.computeIfAbsent(instrument, i -> new ArrayDeque<>());
    if (!snapshot.isEmpty()) {
      int pick = random.nextInt(100);
      if (pick < 80) {
        return restamp(snapshot.poll(), symbol);
      }
      if (pick < 85) {
        snapshot.clear(); // cut short: the next snapshot or updates follow
      }
    }
    int pick = random.nextInt(100);
    if (pick < 8) {
      return startSnapshot(instrument, symbol, snapshot);
    }
    if (pick < 12) {
      return update(symbol, random.nextBoolean() ? BookSide.BID : BookSide.ASK, DepthAction.CLEAR, 0, 0,
          random.nextInt(10) != 0);
    }
    if (pick < 20) {
      return invalidDepth(instrument, symbol);
    }
    boolean bid = random.nextBoolean();
    Set<Integer> known = known(instrument, bid);
    boolean existing = !known.isEmpty() && pick < 70;
    int level = existing ? List.copyOf(known).get(random.nextInt(known.size())) : newLevel(bid);
    known.add(level);
    DepthAction action = pick < 30 ? DepthAction.DELETE
        : random.nextBoolean() ? DepthAction.INSERT : DepthAction.UPDATE;
    long quantity = action == DepthAction.DELETE || random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(100);
    return update(symbol, bid ? BookSide.BID : BookSide.ASK, action, price(instrument, level), quantity,
        random.nextInt(10) != 0);
  }

  /**
   * A snapshot's CLEAR of both sides (alone, ending the batch, for an empty book), its levels queued: best first on
   * each side, up to a few more than the levels kept.
   */
  private DepthUpdate startSnapshot(Instrument instrument, String symbol, Deque<DepthUpdate> snapshot) {
    snapshot.clear();
    int levels = random.nextInt(maxLevels + 4);
    int bids = 0;
    int asks = 0;
    for (int i = 0; i < levels; i++) {
      boolean bid = random.nextBoolean();
      int level = bid ? -bids++ : 1 + asks++;
      known(instrument, bid).add(level);
      snapshot.add(update(symbol, bid ? BookSide.BID : BookSide.ASK, DepthAction.INSERT, price(instrument, level),
          1 + random.nextInt(100), i == levels - 1));
    }
    return update(symbol, BookSide.UNKNOWN, DepthAction.CLEAR, 0, 0, levels == 0);
  }

  private DepthUpdate invalidDepth(Instrument instrument, String symbol) {
    double price = price(instrument, newLevel(true));
    return switch (random.nextInt(4)) {
      case 0 -> update(symbol, BookSide.UNKNOWN, DepthAction.UPDATE, price, 5, true);
      case 1 -> update(symbol, BookSide.BID, DepthAction.INSERT, -price, 5, true);
      case 2 -> update(symbol, BookSide.ASK, DepthAction.DELETE, Double.NaN, 0, true);
      default -> update(symbol, BookSide.ASK, DepthAction.INSERT, price, -1 - random.nextInt(3), true);
    };
  }

  private Set<Integer> known(Instrument instrument, boolean bid) {
    return (bid ? knownBids : knownAsks).computeIfAbsent(instrument, i -> new HashSet<>());
  }

  /** A level on the side's own half of the book, now and then through the other (a crossed book). */
  private int newLevel(boolean bid) {
    int level = random.nextInt(maxLevels + 6);
    boolean crossing = random.nextInt(15) == 0;
    return bid != crossing ? -level : 1 + level;
  }

  /** A snapshot level queued earlier, with the current times and spelling. */
  private DepthUpdate restamp(DepthUpdate level, String symbol) {
    return update(symbol, level.getSide(), level.getAction(), level.getPrice(), level.getQuantity(),
        level.getEndOfBatch());
  }

  private DepthUpdate update(String symbol, BookSide side, DepthAction action, double price, long quantity,
                             boolean endOfBatch) {
    return new DepthUpdate(symbol, "", side, price, quantity, random.nextInt(20), action, endOfBatch, event, receive,
        DataSource.LIVE);
  }

  /**
   * The price {@code level} ticks from the instrument's base, computed as a feed might: exactly, as base plus level
   * times tick, as a running sum of ticks, or one unit in the last place off.
   */
  private double price(Instrument instrument, int level) {
    double exact = BigDecimal.valueOf(instrument.base())
        .add(BigDecimal.valueOf(instrument.tick()).multiply(BigDecimal.valueOf(level))).doubleValue();
    return switch (random.nextInt(6)) {
      case 0 -> instrument.base() + level * instrument.tick();
      case 1 -> {
        double sum = instrument.base();
        for (int i = 0; i < Math.abs(level); i++) {
          sum += Math.signum(level) * instrument.tick();
        }
        yield sum;
      }
      case 2 -> Math.nextUp(exact);
      case 3 -> Math.nextDown(exact);
      default -> exact;
    };
  }
}
