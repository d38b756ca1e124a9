package io.tickflow.dtc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

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
}
