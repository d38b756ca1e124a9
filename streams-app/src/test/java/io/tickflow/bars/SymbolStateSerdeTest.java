package io.tickflow.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
  void shouldKeepTheTradesHeldForACandidateLevelWhenRestored() {
    SymbolState state = state();
    PriceJumpGuard guard = new PriceJumpGuard(10, 3);
    guard.judge(state, 6000.25, 1);
    assertThat(guard.judge(state, 7000.0, 2)).isEqualTo(PriceJumpGuard.Verdict.HOLD_NEW_LEVEL);
    Trade jump = new Trade("ESZ26", "CME", 7000.0, 2L, AggressorSide.ASK, AT.plusSeconds(1), AT.plusSeconds(1), 0,
        DataSource.LIVE);
    // A raw key need not be UTF-8; its dead letter keeps its bytes.
    byte[] key = {(byte) 0xFF, 'E', 'S'};
    state.hold(new HeldTrade(jump, key, new byte[] {1, 2, 3}, 42L, "tickflow.raw.trades", 3, 99L, 6000.25));
    state.hold(new HeldTrade(jump, null, null, 43L, "", -1, -1L, 6000.25));

    SymbolState read = serde.deserialize("t", serde.serialize("t", state));

    assertThat(read.candidatePrice()).isEqualTo(7000.0);
    assertThat(read.held()).hasSize(2);
    HeldTrade first = read.held().get(0);
    assertThat(first.trade()).isEqualTo(jump);
    assertThat(first.key()).isEqualTo(key);
    assertThat(first.rawValue()).containsExactly(1, 2, 3);
    assertThat(List.of(first.timestampMs(), first.topic(), first.partition(), first.offset(), first.reference()))
        .containsExactly(42L, "tickflow.raw.trades", 3, 99L, 6000.25);
    assertThat(read.held().get(1).key()).isNull();
    assertThat(read.held().get(1).rawValue()).isNull();
  }

  @Test
  void shouldKeepEachActivitySeriesLatestStartWhenRestored() {
    SymbolState state = state();
    BarSpec ticks = BarSpec.parse("T5");
    BarSpec range = BarSpec.parse("R4");
    assertThat(state.nextActivityStart(ticks, AT_MICROS)).isEqualTo(AT_MICROS);
    assertThat(state.nextActivityStart(ticks, AT_MICROS)).isEqualTo(AT_MICROS + 1);
    assertThat(state.nextActivityStart(range, AT_MICROS - 7)).isEqualTo(AT_MICROS - 7);

    SymbolState read = serde.deserialize("t", serde.serialize("t", state));

    assertThat(read.nextActivityStart(ticks, AT_MICROS)).isEqualTo(AT_MICROS + 2);
    assertThat(read.nextActivityStart(range, AT_MICROS)).isEqualTo(AT_MICROS);
  }

  @Test
  void shouldStartAVersionThreeOpenActivityBarAtItsFirstTradeAndTheNextOneAfterIt() {
    BarSpec ticks = BarSpec.parse("T5");
    SymbolState state = state();
    // Version 3 wrote an activity bar's start as unset and kept no series starts: the current layout without the
    // activity starts' count at the end.
    OpenBar open = OpenBar.ofActivity(ticks, Long.MIN_VALUE, Long.MAX_VALUE);
    open.add(new TradeTick(6000.25, 1, AggressorSide.BID, AT_MICROS + 5, 2));
    open.add(new TradeTick(6000.50, 1, AggressorSide.BID, AT_MICROS + 3, 1));
    state.open(open);
    byte[] current = serde.serialize("t", state);
    byte[] old = Arrays.copyOf(current, current.length - 4);
    old[0] = 3;

    SymbolState read = serde.deserialize("t", old);

    assertThat(read.openBars().get(0).startMicros()).isEqualTo(AT_MICROS + 3);
    assertThat(read.nextActivityStart(ticks, AT_MICROS)).isEqualTo(AT_MICROS + 4);
  }

  @Test
  void shouldReadAVersionTwoStateAsHoldingNoTrade() {
    byte[] current = serde.serialize("t", state());
    // Version 2: the same layout without the held trades' and the activity starts' counts at the end.
    byte[] old = Arrays.copyOf(current, current.length - 8);
    old[0] = 2;

    SymbolState read = serde.deserialize("t", old);

    assertThat(read.held()).isEmpty();
    assertThat(read.clockMicros()).isEqualTo(AT_MICROS);
    assertThat(read.latestTrade()).isEqualTo(state().latestTrade());
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
