package io.tickflow.bars;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Session-aligned windows at the session open instant and around both DST changes, as Sierra Chart cuts them. */
class TradingSessionTest {

  @ParameterizedTest(name = "{0} {1} {2}: [{3}, {4})")
  @CsvSource({
      // CME, 17:00 Chicago. The open instant itself starts the next session.
      "17:00 America/Chicago, 1d, 2026-03-05T23:00:00Z, 2026-03-05T23:00:00Z, 2026-03-06T23:00:00Z",
      "17:00 America/Chicago, 1d, 2026-03-05T22:59:59.999999Z, 2026-03-04T23:00:00Z, 2026-03-05T23:00:00Z",
      // Spring forward (Sunday 2026-03-08): the Sunday 17:00 CDT open is 22:00 UTC, the Saturday date is 23 h long.
      "17:00 America/Chicago, 1d, 2026-03-08T22:00:00Z, 2026-03-08T22:00:00Z, 2026-03-09T22:00:00Z",
      // Fall back (Sunday 2026-11-01): Friday's session is 24 h, the Sunday 17:00 CST open is 23:00 UTC.
      "17:00 America/Chicago, 1d, 2026-10-30T21:59:59Z, 2026-10-29T22:00:00Z, 2026-10-30T22:00:00Z",
      "17:00 America/Chicago, 1d, 2026-11-01T23:00:00Z, 2026-11-01T23:00:00Z, 2026-11-02T23:00:00Z",
      // Weeks start with the Sunday 17:00 open (Monday's session); the fall-back week is 169 h long.
      "17:00 America/Chicago, 1w, 2026-10-30T21:59:59Z, 2026-10-25T22:00:00Z, 2026-11-01T23:00:00Z",
      "17:00 America/Chicago, 1w, 2026-11-01T23:00:00Z, 2026-11-01T23:00:00Z, 2026-11-08T23:00:00Z",
      "17:00 America/Chicago, 1w, 2026-11-01T22:59:59Z, 2026-10-25T22:00:00Z, 2026-11-01T23:00:00Z",
      // An open time skipped by the spring-forward gap moves forward by the gap: 02:30 EST/EDT opens at 03:30 EDT.
      "02:30 America/New_York, 1d, 2026-03-08T07:29:59Z, 2026-03-07T07:30:00Z, 2026-03-08T07:30:00Z",
      "02:30 America/New_York, 1d, 2026-03-08T07:30:00Z, 2026-03-08T07:30:00Z, 2026-03-09T06:30:00Z",
      // An open time that occurs twice (fall back) is its first occurrence, 01:30 EDT.
      "01:30 America/New_York, 1d, 2026-11-01T05:30:00Z, 2026-11-01T05:30:00Z, 2026-11-02T06:30:00Z",
      "01:30 America/New_York, 1d, 2026-11-01T05:29:59Z, 2026-10-31T05:30:00Z, 2026-11-01T05:30:00Z",
      // Intraday bars start at the session open and the session's last one ends at the next open.
      "17:00 America/Chicago, 4h, 2026-03-05T21:30:00Z, 2026-03-05T19:00:00Z, 2026-03-05T23:00:00Z",
      "17:00 America/Chicago, 90m, 2026-03-05T22:45:00Z, 2026-03-05T21:30:00Z, 2026-03-05T23:00:00Z",
      "17:00 America/Chicago, 2h, 2026-03-09T21:30:00Z, 2026-03-09T20:00:00Z, 2026-03-09T22:00:00Z",
      "00:00 UTC, 7m, 2026-03-02T23:57:00Z, 2026-03-02T23:55:00Z, 2026-03-03T00:00:00Z",
      "00:00 UTC, 3m, 2026-03-02T14:31:00Z, 2026-03-02T14:30:00Z, 2026-03-02T14:33:00Z",
      "08:30 America/Chicago, 1h, 2026-03-02T15:10:00Z, 2026-03-02T14:30:00Z, 2026-03-02T15:30:00Z"
  })
  void shouldPutAnInstantIntoTheWindowSierraChartDoesWhenTheSessionIsGiven(String session, String timeframe,
                                                                           Instant at, Instant start, Instant end) {
    BarWindow window = Timeframe.parse(timeframe).windowOf(TradeTick.toMicros(at), TradingSession.parse(session));

    assertThat(window).isEqualTo(new BarWindow(TradeTick.toMicros(start), TradeTick.toMicros(end)));
  }
}
