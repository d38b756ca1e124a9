package io.tickflow.dtc.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic market: the same seed, instruments and start time give the same event sequence. Each
 * instrument's mid price walks on its tick grid with a one- or two-tick spread; trades hit the bid or lift the ask
 * with sizes around the instrument's typical size, and now and then come in bursts at the same instant.
 */
final class MarketGenerator {
  private static final double TRADE_PROBABILITY = 0.4;
  private static final double BURST_PROBABILITY = 0.01;
  /** Events in a burst: 5 to 29. */
  private static final double MEAN_BURST_LENGTH = 5 + 24 / 2.0;

  private final List<Instrument> instruments;
  private final SplittableRandom random;
  /** Mean gap before an event that is not part of a burst. */
  private final double quietGapMicros;
  private final long[] bidTicks;
  private final int[] spreadTicks;
  private final int[] bidSizes;
  private final int[] askSizes;
  /** 10 to the power of each instrument's tick decimals, computed once: prices are rounded on every event. */
  private final double[] priceScales;
  private long timeMicros;
  private int burstLeft;
  private int burstInstrument;

  /**
   * @param meanGapMicros mean time between events on the simulated clock (microseconds, at least 1), bursts included
   */
  MarketGenerator(List<Instrument> instruments, long seed, long startMicros, long meanGapMicros) {
    this.instruments = List.copyOf(instruments);
    this.random = new SplittableRandom(seed);
    // A burst adds events without moving the clock, so the other events are spaced further apart: the clock then
    // advances by meanGapMicros per event on average, and a simulator paced by it keeps its configured rate.
    this.quietGapMicros = Math.max(1, meanGapMicros) * (1 + BURST_PROBABILITY * MEAN_BURST_LENGTH);
    this.timeMicros = startMicros;
    final int n = instruments.size();
    bidTicks = new long[n];
    spreadTicks = new int[n];
    bidSizes = new int[n];
    askSizes = new int[n];
    priceScales = new double[n];
    for (int i = 0; i < n; i++) {
      final Instrument instrument = instruments.get(i);
      bidTicks[i] = Math.round(instrument.startPrice() / instrument.tickSize());
      spreadTicks[i] = 1;
      bidSizes[i] = size(instrument) * 5;
      askSizes[i] = size(instrument) * 5;
      priceScales[i] = Math.pow(10, instrument.tickDecimals());
    }
  }

  List<Instrument> instruments() {
    return instruments;
  }

  void next(SimEvent event) {
    final boolean burst = burstLeft > 0;
    if (burst) {
      burstLeft--;
      timeMicros += random.nextInt(2);
    } else {
      timeMicros += 1 + (long) (-Math.log(1 - random.nextDouble()) * quietGapMicros);
      if (random.nextDouble() < BURST_PROBABILITY) {
        burstLeft = 5 + random.nextInt(25);
        burstInstrument = random.nextInt(instruments.size());
      }
    }
    final int i = burst ? burstInstrument : random.nextInt(instruments.size());
    event.instrument = i;
    event.timeMicros = timeMicros;
    if (burst || random.nextDouble() < TRADE_PROBABILITY) {
      trade(i, event);
    } else {
      quote(i, event);
    }
    event.bid = bid(i);
    event.ask = ask(i);
    event.bidSize = bidSizes[i];
    event.askSize = askSizes[i];
  }

  private void trade(int i, SimEvent event) {
    final Instrument instrument = instruments.get(i);
    final boolean buyer = random.nextBoolean();
    event.trade = true;
    event.side = buyer ? SimEvent.AT_ASK : SimEvent.AT_BID;
    event.price = buyer ? ask(i) : bid(i);
    event.volume = size(instrument);
    if (buyer) {
      askSizes[i] -= event.volume;
    } else {
      bidSizes[i] -= event.volume;
    }
    if (askSizes[i] <= 0 || bidSizes[i] <= 0) {
      // A side traded through: the market moves one tick in the aggressor's direction.
      bidTicks[i] += buyer ? 1 : -1;
      refill(i);
    }
  }

  private void quote(int i, SimEvent event) {
    event.trade = false;
    final double step = random.nextDouble();
    bidTicks[i] += step < 0.2 ? -1 : step < 0.4 ? 1 : 0;
    bidTicks[i] = Math.max(bidTicks[i], 4);
    spreadTicks[i] = random.nextDouble() < 0.8 ? 1 : 2;
    refill(i);
  }

  private void refill(int i) {
    final Instrument instrument = instruments.get(i);
    bidSizes[i] = size(instrument) * (1 + random.nextInt(20));
    askSizes[i] = size(instrument) * (1 + random.nextInt(20));
  }

  private int size(Instrument instrument) {
    return Math.max(1, (int) Math.round(instrument.typicalSize() * (0.2 + random.nextDouble() * 1.8)));
  }

  double bid(int i) {
    return round(i, bidTicks[i] * instruments.get(i).tickSize());
  }

  double ask(int i) {
    return round(i, (bidTicks[i] + spreadTicks[i]) * instruments.get(i).tickSize());
  }

  int bidSize(int i) {
    return bidSizes[i];
  }

  int askSize(int i) {
    return askSizes[i];
  }

  /** The price {@code ticks} ticks away from {@code price} on instrument {@code i}'s grid. */
  double ticksFrom(int i, double price, int ticks) {
    return round(i, price + ticks * instruments.get(i).tickSize());
  }

  /** Keeps prices at the decimals of the instrument's tick, as an exchange would print them. */
  private double round(int i, double price) {
    return Math.round(price * priceScales[i]) / priceScales[i];
  }
}
