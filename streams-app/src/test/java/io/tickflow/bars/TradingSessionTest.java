package io.tickflow.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
      "08:30 America/Chicago, 1h, 2026-03-02T15:10:00Z, 2026-03-02T14:30:00Z, 2026-03-02T15:30:00Z",
      // A Sunday-to-Thursday market: its week begins with the Sunday session, not in the middle of its week.
      "10:00 Asia/Riyadh Sunday, 1w, 2026-03-05T08:00:00Z, 2026-03-01T07:00:00Z, 2026-03-08T07:00:00Z",
      "10:00 Asia/Riyadh sun, 1w, 2026-03-08T07:00:00Z, 2026-03-08T07:00:00Z, 2026-03-15T07:00:00Z",
      "10:00 Asia/Riyadh SUN, 2w, 2026-03-12T08:00:00Z, 2026-03-01T07:00:00Z, 2026-03-15T07:00:00Z",
      "10:00 Asia/Riyadh, 1w, 2026-03-08T08:00:00Z, 2026-03-02T07:00:00Z, 2026-03-09T07:00:00Z",
      "10:00 Asia/Riyadh Monday, 1w, 2026-03-08T08:00:00Z, 2026-03-02T07:00:00Z, 2026-03-09T07:00:00Z",
      // Labels follow the session, weeks the labels: the Saturday 17:00 open is Sunday's session, a week's first.
      "17:00 America/Chicago Sun, 1w, 2026-03-07T23:00:00Z, 2026-03-07T23:00:00Z, 2026-03-14T22:00:00Z",
      "17:00 America/Chicago Sun, 1d, 2026-03-07T23:00:00Z, 2026-03-07T23:00:00Z, 2026-03-08T22:00:00Z"
  })
  void shouldPutAnInstantIntoTheWindowSierraChartDoesWhenTheSessionIsGiven(String session, String timeframe,
                                                                           Instant at, Instant start, Instant end) {
    BarWindow window = Timeframe.parse(timeframe).windowOf(TradeTick.toMicros(at), TradingSession.parse(session));

    assertThat(window).isEqualTo(new BarWindow(TradeTick.toMicros(start), TradeTick.toMicros(end)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "17:00 America/Chicago|17:00 America/Chicago",
      " 10:00  Asia/Riyadh   sun |10:00 Asia/Riyadh SUNDAY",
      "10:00 Asia/Riyadh Monday|10:00 Asia/Riyadh"})
  void shouldParseASessionWithOrWithoutTheFirstWeekday(String text, String parsed) {
    assertThat(TradingSession.parse(text)).hasToString(parsed).isEqualTo(TradingSession.parse(parsed));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "10:00 Asia/Riyadh Sundays|'Sundays' is not a weekday (Monday to Sunday, or Mon to Sun)",
      "10:00 Asia/Riyadh Sun Thu|expected 'HH:mm Zone' or 'HH:mm Zone Weekday'",
      "10:00|expected 'HH:mm Zone' or 'HH:mm Zone Weekday'",
      "25:00 UTC|Text '25:00' could not be parsed"})
  void shouldRefuseASessionNamingWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> TradingSession.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid session '" + text + "': ").hasMessageContaining(message);
  }
}
