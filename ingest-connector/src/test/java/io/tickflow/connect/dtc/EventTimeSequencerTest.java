package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTimeSequencerTest {

  private final EventTimeSequencer sequencer = new EventTimeSequencer();

  @Test
  void shouldCountTradesPerExactEventTime() {
    assertThat(sequencer.next(10)).isZero();
    assertThat(sequencer.next(10)).isEqualTo(1);
    assertThat(sequencer.next(11)).isZero();
    assertThat(sequencer.next(10)).as("a late print continues its own time's count").isEqualTo(2);
    assertThat(sequencer.next(11)).isEqualTo(1);
  }

  @Test
  void shouldNumberTheSameTradesAlikeWhenTimesInterleaveDifferently() {
    final long[] live = {5, 7, 5, 7, 7};
    final long[] timeOrdered = {5, 5, 7, 7, 7};
    final EventTimeSequencer other = new EventTimeSequencer();
    final StringBuilder a = new StringBuilder();
    final StringBuilder b = new StringBuilder();
    for (final long t : live) {
      a.append(t).append('#').append(sequencer.next(t)).append(' ');
    }
    for (final long t : timeOrdered) {
      b.append(t).append('#').append(other.next(t)).append(' ');
    }
    assertThat(a.toString()).isEqualTo("5#0 7#0 5#1 7#1 7#2 ");
    assertThat(b.toString()).isEqualTo("5#0 5#1 7#0 7#1 7#2 ");
  }

  @Test
  void shouldRestartTheCountsFromATimeWhenForgotten() {
    sequencer.next(1_000_000);
    sequencer.next(2_000_000);
    sequencer.next(2_000_000);
    sequencer.forgetFrom(2_000_000);
    assertThat(sequencer.next(2_000_000)).isZero();
    assertThat(sequencer.next(1_000_000)).isEqualTo(1);
  }

  @Test
  void shouldDropCountsOlderThanTheRetentionBehindTheNewestTime() {
    sequencer.next(0);
    sequencer.next(EventTimeSequencer.RETAIN_MICROS);
    assertThat(sequencer.next(0)).as("exactly at the edge: kept").isEqualTo(1);
    sequencer.next(EventTimeSequencer.RETAIN_MICROS + 1);
    assertThat(sequencer.next(0)).as("beyond the edge: forgotten").isZero();
  }

  @Test
  void shouldKeepForgettingOldCountsAfterATradeFromTheFarFuture() {
    sequencer.next(Long.MAX_VALUE / 2); // once, from a server clock that had jumped years ahead
    sequencer.next(0);
    sequencer.next(EventTimeSequencer.RETAIN_MICROS + 1);

    assertThat(sequencer.next(0)).as("beyond the edge of the times that follow: forgotten").isZero();
  }
}
