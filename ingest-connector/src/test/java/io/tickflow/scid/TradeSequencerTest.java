package io.tickflow.scid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TradeSequencerTest {

  private static final long T = DateTimeEncoding.toMicros(Instant.parse("2024-01-02T03:04:05.678Z"));

  @Test
  void shouldUseTheMicrosecondCounterWhenEncodingIsInt64() {
    final TradeSequencer sequencer = new TradeSequencer(DateTimeEncoding.INT64_MICROS);
    sequencer.next(DateTimeEncoding.INT64_MICROS.fromUnixMicros(T + 7));
    assertThat(sequencer.eventTimeMicros()).isEqualTo(T);
    assertThat(sequencer.sequence()).isEqualTo(7);
    assertThat(sequencer.needsReplay()).isFalse();
  }

  @Test
  void shouldCountSameMillisecondTradesWhenEncodingIsLegacy() {
    final TradeSequencer sequencer = new TradeSequencer(DateTimeEncoding.FLOAT64_DAYS);
    final long same = DateTimeEncoding.FLOAT64_DAYS.fromUnixMicros(T);
    final int[] sequences = new int[4];
    for (int i = 0; i < 3; i++) {
      sequencer.next(same);
      sequences[i] = sequencer.sequence();
    }
    sequencer.next(DateTimeEncoding.FLOAT64_DAYS.fromUnixMicros(T + 1000));
    sequences[3] = sequencer.sequence();
    assertThat(sequences).containsExactly(0, 1, 2, 0);
    assertThat(sequencer.eventTimeMicros()).isEqualTo(T + 1000);
    assertThat(sequencer.needsReplay()).isTrue();
  }
}
