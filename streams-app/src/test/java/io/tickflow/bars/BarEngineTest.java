package io.tickflow.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Activity bars around a session end, on the engine and the stored state alone. */
class BarEngineTest {

  private static final BarSpec.ActivityBars TICKS = (BarSpec.ActivityBars) BarSpec.parse("T3");
  private static final BarProfile PROFILE = new BarProfile(TradingSession.UTC, TradingSession.UTC, 0.25,
      List.of(TICKS));
  private final BarEngine engine = new BarEngine(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(5));
  private final SymbolStateSerde serde = new SymbolStateSerde(List.of(TICKS));
  private final List<OpenBar> closed = new ArrayList<>();
  private final BarEngine.Listener listener = new BarEngine.Listener() {
    @Override
    public void opened(OpenBar bar) {
    }

    @Override
    public void closed(OpenBar bar) {
      closed.add(bar);
    }
  };

  @Test
  void shouldGiveEachSessionsTradesToItsOwnOpenBarAfterARestore() {
    SymbolState state = new SymbolState();
    add(state, 100.00, "2026-03-06T23:59:59Z", 1);
    add(state, 100.25, "2026-03-07T00:00:00Z", 2);
    assertThat(state.openBars()).hasSize(2);

    SymbolState restored = serde.deserialize("t", serde.serialize("t", state));
    add(restored, 99.75, "2026-03-06T23:59:58Z", 3);
    add(restored, 100.50, "2026-03-07T00:00:01Z", 4);
    add(restored, 100.75, "2026-03-07T00:00:02Z", 5);

    // The new day's bar met its rule with its own three trades; the old day's holds its late print, still open.
    assertThat(closed).extracting(bar -> bar.toBar("BTCUSD", true).getOpen() + " n" + bar.tradeCount())
        .containsExactly("100.25 n3");
    assertThat(restored.openBars()).extracting(bar -> bar.toBar("BTCUSD", false).getOpen() + " n" + bar.tradeCount())
        .containsExactly("99.75 n2");
  }

  private void add(SymbolState state, double price, String at, int sequence) {
    TradeTick tick = new TradeTick(price, 1, AggressorSide.ASK, TradeTick.toMicros(Instant.parse(at)), sequence);
    engine.add(state, tick, PROFILE, new OpenBar[0], listener);
  }
}
