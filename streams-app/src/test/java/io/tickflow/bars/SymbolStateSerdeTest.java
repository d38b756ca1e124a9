package io.tickflow.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of a symbol's state, including states written before clocks were per symbol. */
class SymbolStateSerdeTest {

  private static final Instant AT = Instant.parse("2026-03-02T14:30:05Z");
  private static final long AT_MICROS = TradeTick.toMicros(AT);
  private final SymbolStateSerde serde = new SymbolStateSerde(List.of());
  private final BarEngine engine = new BarEngine(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(5));

  @Test
  void shouldKeepTheClockAndWhenTheSymbolWasLastHeard() {
    SymbolState state = state();
    state.advanceClock(AT_MICROS + 60_000_000L);
    state.heard(AT_MICROS + 30_000_000L);

    SymbolState read = serde.deserialize("t", serde.serialize("t", state));

    assertThat(read.maxEventMicros()).isEqualTo(AT_MICROS);
    assertThat(read.clockMicros()).isEqualTo(AT_MICROS + 60_000_000L);
    assertThat(read.heardAtMicros()).isEqualTo(AT_MICROS + 30_000_000L);
    assertThat(read.latestTrade()).isEqualTo(state.latestTrade());
  }

  @Test
  void shouldReadAVersionOneStateAsFollowingStreamTime() {
    byte[] current = serde.serialize("t", state());
    // Version 1: the same layout without the clock and heard-at longs after the latest event time.
    int fixed = 1 + 8 + 8 + 4 + 8;
    ByteBuffer old = ByteBuffer.allocate(current.length - 16);
    old.put((byte) 1).put(current, 1, fixed - 1).put(current, fixed + 16, current.length - fixed - 16);

    SymbolState read = serde.deserialize("t", old.array());

    assertThat(read.clockMicros()).isEqualTo(AT_MICROS);
    assertThat(read.heardAtMicros()).isEqualTo(Long.MIN_VALUE);
    assertThat(engine.isIdle(read, AT_MICROS)).as("follows stream time").isTrue();
    assertThat(read.latestTrade()).isEqualTo(state().latestTrade());
  }

  @Test
  void shouldStartANewSymbolOnItsOwnClock() {
    SymbolState fresh = new SymbolState();

    assertThat(engine.isIdle(fresh, AT_MICROS)).isFalse();
    assertThat(new BarEngine(List.of(), Duration.ofSeconds(5), Duration.ZERO).isIdle(fresh, AT_MICROS)).isTrue();
  }

  private static SymbolState state() {
    SymbolState state = new SymbolState();
    state.accept(new Trade("ESZ26", "CME", 6000.25, 3L, AggressorSide.BID, AT, AT.plusMillis(2), 1,
        DataSource.LIVE), AT_MICROS);
    state.heard(AT_MICROS);
    return state;
  }
}
