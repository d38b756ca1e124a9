package io.tickflow.streams;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded raw trades topic for the validation, dedup and price-jump stages: per symbol, good trades around a price
 * level, trades failing validation (NaN, infinite, zero or negative price, zero or negative size, event time too far
 * after or before the receive time, or after the record timestamp when there is no receive time, before 1970 or
 * after year 9999), isolated bad prints
 * far from the level, real level shifts that the following trades confirm, out-of-order prints of the old level,
 * prints of one sweep at the same instant, out-of-order and late trades, copies of earlier records (a backfill's
 * overlap: received later, marked BACKFILL, sometimes spelled differently) and now and then a pause. The last
 * instrument's history can run behind the others' by a lag (one instrument's file caught up after another's, within
 * the same partition), which puts its identities behind the partition's newest in the dedup store. Valid trades sit
 * on the validation limits now and then (a lead of exactly the future skew, an age of exactly the horizon). Some
 * records are not trades at all, or have an invalid symbol; a few trades are so large that two of them overflow a
 * bar's volume. Prices are
 * on a 0.25 grid, 50 and above, and a good trade is at most 1 from its level, so only the deliberate moves jump.
 * Each generated trade has its own sequence; a copy keeps its original's.
 */
final class GuardScenario {

  /**
   * A raw record as a producer writes it: key as spelled, value bytes, timestamp, and what normalizing gives.
   *
   * @param trade what the bytes decode to, or null when they are not a trade
   * @param exchange the exchange the key's spelling implies; null for a spelling that is not the instrument's
   */
  record RawTrade(String key, Trade trade, long timestampMs, byte[] bytes, String canonical, String exchange) {
  }

  /** The first instant after year 9999. */
  private static final Instant AFTER_9999 = Instant.parse("+10000-01-01T00:00:00Z");
  /**
   * Symbols refused: blank (a no-break space too), too long as sent or in canonical form, holding a control or an
   * invisible format character.
   */
  private static final List<String> INVALID_SYMBOLS = List.of("", "  ", "\u00A0", "ES\u0001Z6", "ES\u200BZ6",
      "X".repeat(65), "ß".repeat(64));

  /** A symbol's spellings and the exchange each one implies (an exchange suffix). */
  private record Instrument(String canonical, Map<String, String> spellings) {
  }

  private static final List<Instrument> INSTRUMENTS = List.of(
      new Instrument("ESZ26", Map.of("ESZ26", "", "ESZ2026", "", "ESZ26-CME", "CME")),
      new Instrument("NQH27", Map.of("NQH27", "", "NQH2027", "")),
      new Instrument("SYMC", Map.of("SYMC", "")));

  /** The scenario's canonical symbols, each with the given bars. */
  static Map<String, ReferenceSessionBars.Instrument> barsOfEverySymbol(ReferenceSessionBars.Instrument bars) {
    Map<String, ReferenceSessionBars.Instrument> instruments = new LinkedHashMap<>();
    INSTRUMENTS.forEach(instrument -> instruments.put(instrument.canonical(), bars));
    return instruments;
  }

  private final Random random;
  private final Duration futureSkew;
  private final Duration staleHorizon;
  private final Duration grace;
  private final Duration lag;
  private final int symbols;
  private final List<RawTrade> records = new ArrayList<>();
  private final Map<String, Level> levels = new HashMap<>();
  private Instant now;

  /** A symbol's price level, the one before its last shift and when that shift was printed. */
  private static final class Level {
    double price = 100;
    double previous = 100;
    Instant shiftedAt;
    Instant lastPrint;
  }

  private GuardScenario(long seed, int symbols, Instant start, Duration futureSkew, Duration staleHorizon,
                        Duration grace, Duration lag) {
    this.random = new Random(seed);
    this.symbols = symbols;
    this.lag = lag;
    this.now = start;
    this.futureSkew = futureSkew;
    this.staleHorizon = staleHorizon;
    this.grace = grace;
  }

  /**
   * @param seed random seed
   * @param count records to write
   * @param symbols instruments used, 1 to 3
   * @param start event time of the first trade
   * @param futureSkew the configured future skew
   * @param staleHorizon the configured stale horizon
   * @param grace the configured bars grace
   * @param lag how far the last instrument's event times run behind the others' (none with one instrument)
   */
  static List<RawTrade> generate(long seed, int count, int symbols, Instant start, Duration futureSkew,
                                 Duration staleHorizon, Duration grace, Duration lag) {
    GuardScenario scenario = new GuardScenario(seed, symbols, start.plus(lag), futureSkew, staleHorizon, grace, lag);
    for (int i = 0; i < count; i++) {
      scenario.next(i, scenario.random.nextInt(symbols));
    }
    return scenario.records;
  }

  private void next(int sequence, int symbol) {
    Instrument instrument = INSTRUMENTS.get(symbol);
    int kind = random.nextInt(100);
    if (kind < 8 && !records.isEmpty()) {
      copy(records.get(random.nextInt(records.size())));
      return;
    }
    if (kind == 8) {
      byte[] garbage = new byte[random.nextInt(40)];
      random.nextBytes(garbage);
      records.add(new RawTrade(instrument.canonical(), null, now.toEpochMilli(), garbage, instrument.canonical(), ""));
      return;
    }
    boolean pause = random.nextInt(30) == 0;
    now = now.plusMillis(pause ? 5_000 + random.nextInt(60_000) : random.nextInt(4) == 0 ? 0
        : random.nextInt(300)).plusNanos(1_000L * random.nextInt(1_000));
    Level level = levels.computeIfAbsent(instrument.canonical(), s -> new Level());
    Instant clock = symbols > 1 && symbol == symbols - 1 ? now.minus(lag) : now;
    Instant at = clock;
    double price = near(level.price);
    if (kind < 20) {
      price = level.price * (random.nextBoolean() ? 0.5 : 3.0); // an isolated bad print
    } else if (kind < 26) {
      level.previous = level.price;
      level.price = shifted(level.price);
      level.shiftedAt = clock;
      price = near(level.price);
    } else if (kind < 32 && level.shiftedAt != null) {
      at = level.shiftedAt.minusMillis(1 + random.nextInt(2_000)); // the old level, printed before the shift
      price = near(level.previous);
    } else if (kind < 40) {
      at = clock.minusMillis(random.nextInt(8_000)); // out of order, within the grace or a little beyond
    } else if (kind < 44) {
      at = clock.minus(grace).minusMillis(1 + random.nextInt(60_000)); // late unless the symbol is behind
    } else if (kind < 50 && level.lastPrint != null) {
      at = level.lastPrint; // another print of the same sweep
    }
    level.lastPrint = at;
    String spelling = kind == 61 ? INVALID_SYMBOLS.get(random.nextInt(INVALID_SYMBOLS.size())) : spelling(instrument);
    long size = kind == 62 ? Long.MAX_VALUE / 2 + random.nextInt(1_000) : 1L + random.nextInt(9);
    Trade trade = new Trade(spelling, "", price, size, AggressorSide.values()[random.nextInt(3)], at,
        receivedAfter(at), sequence, DataSource.LIVE);
    long timestampMs = trade.getReceiveTime().toEpochMilli();
    if (kind >= 50 && kind < 58) {
      timestampMs = spoil(trade, timestampMs);
    } else if (kind >= 58 && kind < 61) {
      trade.setReceiveTime(Instant.EPOCH); // no receive time: the record timestamp bounds the lead
      timestampMs = at.minus(futureSkew).toEpochMilli() + random.nextInt(2_000);
    }
    add(spelling, trade, timestampMs, instrument);
  }

  /** Makes the trade fail one validation rule; returns the record timestamp. */
  private long spoil(Trade trade, long timestampMs) {
    Instant at = trade.getEventTime();
    switch (random.nextInt(11)) {
      case 0 -> trade.setPrice(Double.NaN);
      case 1 -> trade.setPrice(0.0);
      case 2 -> trade.setPrice(-trade.getPrice());
      case 3 -> trade.setPrice(Double.POSITIVE_INFINITY);
      case 4 -> trade.setSize(0L);
      case 5 -> trade.setSize(-trade.getSize());
      case 6 -> trade.setReceiveTime(at.minus(futureSkew).minusNanos(1_000L * (1 + random.nextInt(2_000_000))));
      case 7 -> trade.setReceiveTime(at.plus(staleHorizon).plusNanos(1_000L * (1 + random.nextInt(2_000_000))));
      case 8 -> {
        trade.setEventTime(Instant.EPOCH.minusNanos(1_000L * (1 + random.nextInt(2_000_000))));
        return timestampMs;
      }
      case 9 -> {
        trade.setEventTime(AFTER_9999.plusSeconds(random.nextInt(1_000)));
        trade.setReceiveTime(trade.getEventTime()); // a clock as wrong: the year still refuses it
        return timestampMs;
      }
      default -> {
        trade.setReceiveTime(Instant.EPOCH);
        return at.minus(futureSkew).toEpochMilli() - 1 - random.nextInt(5_000);
      }
    }
    return trade.getReceiveTime().toEpochMilli();
  }

  /** A receive time shortly after the event, or now and then exactly at a validation limit. */
  private Instant receivedAfter(Instant at) {
    return switch (random.nextInt(20)) {
      case 0 -> at.minus(futureSkew);
      case 1 -> at.plus(staleHorizon);
      default -> at.plusNanos(1_000L * random.nextInt(50_000));
    };
  }

  /** The same trade from a backfill: received later, maybe spelled otherwise; its identity is unchanged. */
  private void copy(RawTrade original) {
    if (original.trade() == null) {
      records.add(original); // the same bytes again
      return;
    }
    Trade trade = Trade.newBuilder(original.trade()).setSource(DataSource.BACKFILL).build();
    long timestampMs = original.timestampMs();
    if (trade.getReceiveTime().isAfter(Instant.EPOCH) && random.nextBoolean()) {
      trade.setReceiveTime(trade.getReceiveTime().plusMillis(random.nextInt(5_000)));
      timestampMs = trade.getReceiveTime().toEpochMilli();
    }
    Instrument instrument = INSTRUMENTS.stream().filter(i -> i.canonical().equals(original.canonical()))
        .findFirst().orElseThrow();
    String spelling = spelling(instrument);
    trade.setSymbol(spelling);
    add(spelling, trade, timestampMs, instrument);
  }

  private void add(String key, Trade trade, long timestampMs, Instrument instrument) {
    records.add(new RawTrade(key, trade, timestampMs, TopologyHarness.bytes(trade), instrument.canonical(),
        instrument.spellings().get(key)));
  }

  /** Mostly the canonical spelling. */
  private String spelling(Instrument instrument) {
    if (random.nextInt(5) > 0) {
      return instrument.canonical();
    }
    List<String> spellings = List.copyOf(instrument.spellings().keySet());
    return spellings.get(random.nextInt(spellings.size()));
  }

  /** A price within 1 of the level, on the grid. */
  private double near(double level) {
    return level + 0.25 * (random.nextInt(9) - 4);
  }

  /** A new level 30 % up or 25 % down, staying between 50 and 400. */
  private double shifted(double level) {
    boolean up = level < 70 || (level < 300 && random.nextBoolean());
    return Math.round((up ? level * 1.3 : level * 0.75) * 4) / 4.0;
  }
}
