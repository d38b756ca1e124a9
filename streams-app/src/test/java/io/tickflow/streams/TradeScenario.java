package io.tickflow.streams;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of trades as feeds deliver it: mostly in time order, some out of order within a few seconds, some
 * far behind (late), and repeats of earlier trades (backfill overlap, reconnects). Prices sit on a 0.25 grid near 100
 * and sizes are small, so sums are exact in binary and no price jumps. Each distinct trade has its own sequence.
 */
public final class TradeScenario {

  private TradeScenario() {
  }

  /**
   * @param seed random seed
   * @param count trades before the closing ones
   * @param symbols number of symbols, at most 26 ({@link #symbol})
   * @param start event time of the first trade
   */
  public static List<Trade> generate(long seed, int count, int symbols, Instant start) {
    Random random = new Random(seed);
    List<Trade> trades = new ArrayList<>(count + symbols);
    long clockMs = 0;
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(100);
      if (kind < 8 && !trades.isEmpty()) {
        trades.add(copy(trades.get(random.nextInt(trades.size()))));
        continue;
      }
      clockMs += random.nextInt(400);
      long offsetMs = kind < 20 ? -random.nextInt(6_000) : kind < 23 ? -random.nextInt(120_000) : 0;
      Instant at = start.plusMillis(Math.max(0, clockMs + offsetMs));
      String symbol = symbol(random.nextInt(symbols));
      double price = 100 + 0.25 * random.nextInt(20);
      AggressorSide side = AggressorSide.values()[random.nextInt(3)];
      trades.add(new Trade(symbol, "", price, 1L + random.nextInt(9), side, at, at.plusMillis(1), i, DataSource.LIVE));
    }
    return trades;
  }

  /** One trade per symbol a day after the scenario: moves every partition's stream time past every window. */
  public static List<Trade> closing(int symbols, Instant start) {
    List<Trade> trades = new ArrayList<>();
    Instant at = start.plusSeconds(86_400);
    for (int s = 0; s < symbols; s++) {
      trades.add(new Trade(symbol(s), "", 100.0, 1L, AggressorSide.ASK, at, at.plusMillis(1), 0, DataSource.LIVE));
    }
    return trades;
  }

  /** Symbols {@code SYMA}, {@code SYMB}, ...: letters only, so no futures rewrite applies. */
  public static String symbol(int index) {
    return "SYM" + (char) ('A' + index);
  }

  private static Trade copy(Trade trade) {
    return Trade.newBuilder(trade).setSource(DataSource.BACKFILL).build();
  }
}
