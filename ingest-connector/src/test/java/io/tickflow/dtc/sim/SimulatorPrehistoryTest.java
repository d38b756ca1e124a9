package io.tickflow.dtc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A simulator with a prehistory serves the market it made up before its start as historical ticks, every trade of
 * it, and streams only from its start on, where that market goes on.
 */
class SimulatorPrehistoryTest {
  private static final long START_MICROS = 1_700_000_000_000_000L;
  private static final Duration PREHISTORY = Duration.ofMinutes(10);
  private static final int RATE = 2000;

  /** A trade as served: price and volume exact, time in whole microseconds. */
  private record Tick(long timeMicros, double price, double volume) {
  }

  @Test
  void shouldServeEveryTradeOfItsPrehistoryAsHistoryAndStreamFromItsStartOn() {
    SimulatorConfig config = SimulatorConfig.defaults(1, START_MICROS).withRate(RATE).withPrehistory(PREHISTORY);
    List<Tick> expected = prehistoryTradesOfTheFirstInstrument(config);
    assertThat(expected).hasSizeGreaterThan(10_000); // more than a default history holds beyond its own trades

    try (DtcSimulator simulator = new DtcSimulator(config.withHistoryCapacity(16));
         RawDtcClient client = new RawDtcClient("client", simulator.start(), new Random(1), 0, true)) {
      client.logon(30);
      String symbol = config.instruments().get(0).symbol();
      client.send(new HistoricalPriceDataRequest(), m -> m.requestId(7).symbol(symbol).recordInterval(0)
          .startDateTime((START_MICROS - PREHISTORY.toNanos() / 1000) / 1_000_000));
      client.awaitMessage("final record", m -> m.type() == HistoricalPriceDataTickRecordResponse.TYPE
          && m.as(new HistoricalPriceDataTickRecordResponse()).isFinalRecord() == 1);
      List<Tick> served = client.received(HistoricalPriceDataTickRecordResponse.TYPE).stream()
          .map(m -> m.as(new HistoricalPriceDataTickRecordResponse()))
          .map(t -> new Tick(Math.round(t.dateTime() * 1e6), t.price(), t.volume()))
          .filter(tick -> tick.timeMicros() < START_MICROS).toList();
      // Doubles of seconds keep about a quarter of a microsecond here: times compared to the microsecond.
      assertThat(served).isEqualTo(expected);

      client.subscribe(1, symbol);
      MarketDataUpdateTrade live = client.awaitMessage("a live trade", m -> m.type() == MarketDataUpdateTrade.TYPE)
          .as(new MarketDataUpdateTrade());
      assertThat(live.dateTime()).isGreaterThanOrEqualTo(START_MICROS / 1e6);
      double tick = config.instruments().get(0).tickSize();
      assertThat(Math.abs(live.price() - expected.get(expected.size() - 1).price()) / tick)
          .as("ticks between the last trade made up and the first streamed").isLessThan(50);
    }
  }

  @Test
  void shouldRefuseAPrehistoryWithoutARate() {
    assertThatThrownBy(() -> SimulatorConfig.defaults(1, START_MICROS).withRate(0).withPrehistory(PREHISTORY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaced");
  }

  /** The same market, read from its generator directly: the trades of the first instrument before the start. */
  private static List<Tick> prehistoryTradesOfTheFirstInstrument(SimulatorConfig config) {
    MarketGenerator market = new MarketGenerator(config.instruments(), config.seed(),
        START_MICROS - PREHISTORY.toNanos() / 1000, 1_000_000 / RATE);
    List<Tick> trades = new ArrayList<>();
    SimEvent event = new SimEvent();
    for (market.next(event); event.timeMicros < START_MICROS; market.next(event)) {
      if (event.trade && event.instrument == 0) {
        trades.add(new Tick(event.timeMicros, event.price, event.volume));
      }
    }
    return trades;
  }
}
