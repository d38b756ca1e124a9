package io.tickflow.dtc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarketGeneratorTest {

  private static final long START_MICROS = 1_700_000_000_000_000L;

  /**
   * The simulator sends an event once the clock reaches its time, so the clock must advance by the mean gap per
   * event, bursts included, for the configured rate to hold. Bursts used to add events without time: the demo's
   * events went out at about 85 % of the rate and, when the rate was paced by count, fell behind the wall clock by
   * a minute in its first seven minutes.
   */
  @Test
  void shouldAdvanceTheClockByTheMeanGapPerEventBurstsIncluded() {
    MarketGenerator generator = new MarketGenerator(Instrument.defaults(), 11, START_MICROS, 5_000);
    SimEvent event = new SimEvent();
    int events = 200_000;
    for (int i = 0; i < events; i++) {
      generator.next(event);
    }
    double secondsPerEvent = (event.timeMicros - START_MICROS) / 1e6 / events;
    assertThat(secondsPerEvent).isCloseTo(0.005, within(0.0001));
  }

  @Test
  void shouldNeverMoveTheClockBack() {
    MarketGenerator generator = new MarketGenerator(Instrument.defaults(), 3, START_MICROS, 100);
    SimEvent event = new SimEvent();
    long previous = START_MICROS;
    for (int i = 0; i < 50_000; i++) {
      generator.next(event);
      assertThat(event.timeMicros).isGreaterThanOrEqualTo(previous);
      previous = event.timeMicros;
    }
  }

  /** Prices are printed as the exchange prints them: exactly on the tick grid, a 1/64 note's with six decimals. */
  @Test
  void shouldKeepEveryPriceOnItsInstrumentsTickGrid() {
    MarketGenerator generator = new MarketGenerator(Instrument.defaults(), 5, START_MICROS, 100);
    SimEvent event = new SimEvent();
    for (int i = 0; i < 50_000; i++) {
      generator.next(event);
      BigDecimal tick = BigDecimal.valueOf(Instrument.defaults().get(event.instrument).tickSize());
      double[] prices = event.trade ? new double[] {event.price, event.bid, event.ask}
          : new double[] {event.bid, event.ask};
      for (double price : prices) {
        // The shortest decimal that reads back as the double: what a feed or a page prints.
        assertThat(BigDecimal.valueOf(price).remainder(tick).signum()).as("%s on a %s grid", price, tick).isZero();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0.015625, 6", "0.25, 2", "0.1, 1", "0.00001, 5", "1.0, 0", "25.0, 0"})
  void shouldTellTheDecimalsOfTheTickSize(double tickSize, int decimals) {
    Instrument instrument = new Instrument("X", "", Instrument.FUTURES, "", tickSize, 1, 2, "USD", 100, 1);

    assertThat(instrument.tickDecimals()).isEqualTo(decimals);
  }
}
