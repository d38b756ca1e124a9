package io.tickflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.Trade;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random streams with duplicates, out-of-order and late trades, interleaved, one symbol's history after another's (as
 * files caught up one by one) or in blocks (known symbols resuming behind stream time), under several idle periods:
 * every final bar equals the naive reference, with UTC days or with the CME session, whose open cuts the 7m and 15m
 * bars that straddle it when intraday bars follow the session ({@code bars.intraday.align=session}).
 */
class FinalBarsPropertyTest {

  private static final Instant START = Instant.parse("2026-03-02T14:29:17Z");
  /** 90 s before the CME session opens (17:00 America/Chicago): its 7m and 15m bars are cut at the open. */
  private static final Instant BEFORE_CME_OPEN = Instant.parse("2026-03-02T22:58:30Z");
  private static final ReferenceBars.Session CME = new ReferenceBars.Session(LocalTime.of(17, 0),
      ZoneId.of("America/Chicago"));
  private static final Map<String, Duration> TIMEFRAMES = new LinkedHashMap<>(Map.of(
      "1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5), "7m", Duration.ofMinutes(7),
      "15m", Duration.ofMinutes(15)));
  private static final Duration GRACE = Duration.ofSeconds(5);

  @Property(tries = 80)
  void shouldEmitExactlyTheReferenceFinalBars(@ForAll long seed, @ForAll @IntRange(min = 1, max = 600) int count,
                                              @ForAll @IntRange(min = 1, max = 4) int symbols,
                                              @ForAll @IntRange(min = 0, max = 2) int order,
                                              @ForAll @IntRange(min = 0, max = 60) int idleSeconds,
                                              @ForAll boolean cmeSession, @ForAll boolean sessionAligned) {
    Instant start = cmeSession ? BEFORE_CME_OPEN : START;
    List<Trade> input = new ArrayList<>(TradeScenario.generate(seed, count, symbols, start));
    // 0: as generated (interleaved); 1: one symbol's history after another's; 2: the same in blocks of 40 trades,
    // so that known symbols resume behind stream time (files caught up chunk by chunk). Sorts are stable: each
    // symbol keeps its own order.
    int block = order == 1 ? input.size() : 40;
    for (int from = 0; order > 0 && from < input.size(); from += block) {
      input.subList(from, Math.min(input.size(), from + block)).sort(Comparator.comparing(Trade::getSymbol));
    }
    input.addAll(TradeScenario.closing(symbols, start));
    Duration idle = Duration.ofSeconds(idleSeconds);

    Map<ReferenceBars.Key, Bar> actual;
    try (TopologyHarness harness = new TopologyHarness(Map.of(
        StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, String.join(",", TIMEFRAMES.keySet()),
        StreamsAppConfig.BARS_IDLE_MS_CONFIG, Long.toString(idle.toMillis()),
        StreamsAppConfig.SESSION_OVERRIDES_CONFIG, cmeSession ? "SYM*=17:00 America/Chicago" : "",
        StreamsAppConfig.BARS_INTRADAY_ALIGN_CONFIG, sessionAligned ? "session" : "utc",
        StreamsAppConfig.VALIDATION_PRICE_JUMP_PERCENT_CONFIG, "1000"))) {
      harness.pipeAll(input);
      actual = harness.finalBarsOnce();
    }

    Map<ReferenceBars.Key, Bar> expected = ReferenceBars.finals(input, 1, TIMEFRAMES, GRACE, idle,
        cmeSession && sessionAligned ? CME : ReferenceBars.Session.UTC);
    assertThat(actual).isEqualTo(expected);
  }
}
