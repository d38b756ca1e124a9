package io.tickflow.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Holidays applied to market hours, at fixed UTC instants. In late November and December 2026 Chicago is UTC-6 and
 * New York UTC-5; the US moved its clocks back on 2026-11-01 and forward on 2027-03-14.
 */
class MarketHolidaysTest {

  private static final MarketHours CME = MarketHours.parse("Sun-Thu 17:00 23h America/Chicago");
  private static final MarketHours FX = MarketHours.parse("Sun-Thu 17:00 24h America/New_York");
  private static final MarketHours NYSE = MarketHours.parse("Mon-Fri 09:30 6h30m America/New_York");

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void shouldParseClosedDaysAndEarlyCloses() {
    assertThat(MarketHolidays.parse(" 2026-12-25  2027-01-01 2026-11-26@12:00 ")).isEqualTo(new MarketHolidays(
        Set.of(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1)),
        Map.of(LocalDate.of(2026, 11, 26), LocalTime.of(12, 0))));
  }

  /** Thanksgiving 2026: NYSE is closed all day, open the day before and the day after. */
  @Test
  void shouldKeepTheMarketClosedAllDayOnAClosedDay() {
    MarketHolidays thanksgiving = MarketHolidays.parse("2026-11-26");

    assertThat(NYSE.openSince(at("2026-11-25T20:59:00Z"), thanksgiving)).contains(at("2026-11-25T14:30:00Z"));
    assertThat(NYSE.openSince(at("2026-11-26T14:30:00Z"), thanksgiving)).isEmpty();
    assertThat(NYSE.openSince(at("2026-11-26T18:00:00Z"), thanksgiving)).isEmpty();
    assertThat(NYSE.openSince(at("2026-11-27T14:30:00Z"), thanksgiving)).contains(at("2026-11-27T14:30:00Z"));
  }

  /** The day after Thanksgiving NYSE closes at 13:00 New York time, 18:00 UTC. */
  @Test
  void shouldCloseTheMarketAtTheEarlyCloseOfTheDay() {
    MarketHolidays early = MarketHolidays.parse("2026-11-27@13:00");

    assertThat(NYSE.openSince(at("2026-11-27T17:59:59Z"), early)).contains(at("2026-11-27T14:30:00Z"));
    assertThat(NYSE.openSince(at("2026-11-27T18:00:00Z"), early)).isEmpty();
    assertThat(NYSE.openSince(at("2026-11-30T14:30:00Z"), early)).contains(at("2026-11-30T14:30:00Z"));
  }

  /**
   * CME's Thanksgiving: the session of Thursday opens Wednesday 17:00 Chicago time and closes at 12:00 Thursday; the
   * session of Friday opens as usual Thursday 17:00.
   */
  @Test
  void shouldCloseEarlyTheSessionThatOpenedTheEveningBeforeTheHoliday() {
    MarketHolidays thanksgiving = MarketHolidays.parse("2026-11-26@12:00");

    assertThat(CME.openSince(at("2026-11-26T17:59:59Z"), thanksgiving)).contains(at("2026-11-25T23:00:00Z"));
    assertThat(CME.openSince(at("2026-11-26T18:00:00Z"), thanksgiving)).isEmpty();
    assertThat(CME.openSince(at("2026-11-26T22:59:59Z"), thanksgiving)).isEmpty();
    assertThat(CME.openSince(at("2026-11-26T23:00:00Z"), thanksgiving)).contains(at("2026-11-26T23:00:00Z"));
  }

  /**
   * New Year's Day 2027 is a Friday: the session of that date, which would open Thursday 17:00 Chicago time, does not
   * open; Thursday's own session (opened Wednesday evening) trades until its regular 16:00 close.
   */
  @Test
  void shouldCancelTheSessionThatWouldOpenTheEveningBeforeAClosedDay() {
    MarketHolidays newYear = MarketHolidays.parse("2027-01-01");

    assertThat(CME.openSince(at("2026-12-31T21:59:59Z"), newYear)).contains(at("2026-12-30T23:00:00Z"));
    assertThat(CME.openSince(at("2026-12-31T23:00:00Z"), MarketHolidays.NONE)).contains(at("2026-12-31T23:00:00Z"));
    assertThat(CME.openSince(at("2026-12-31T23:00:00Z"), newYear)).isEmpty();
    assertThat(CME.openSince(at("2027-01-01T15:00:00Z"), newYear)).isEmpty();
    assertThat(CME.openSince(at("2027-01-03T23:00:00Z"), newYear)).contains(at("2027-01-03T23:00:00Z"));
  }

  /** FX's Christmas: the 24-hour day that would open Thursday 17:00 New York time ends the week's open period. */
  @Test
  void shouldEndAJoinedOpenPeriodAtAClosedDay() {
    MarketHolidays christmas = MarketHolidays.parse("2026-12-25");

    assertThat(FX.openSince(at("2026-12-24T21:59:00Z"), christmas)).contains(at("2026-12-20T22:00:00Z"));
    assertThat(FX.openSince(at("2026-12-24T22:00:00Z"), christmas)).isEmpty();
    assertThat(FX.openSince(at("2026-12-27T22:00:00Z"), christmas)).contains(at("2026-12-27T22:00:00Z"));
  }

  /**
   * Holidays across DST changes: the early close is on the local clock of the day (after the US clocks went back on
   * Sunday 2026-11-01, 12:00 Chicago is 18:00 UTC); a closed Monday after the US clocks went forward on Sunday
   * 2027-03-14 cancels the session opening Sunday 17:00 CDT, 22:00 UTC, and the next opens Monday at 22:00 UTC.
   */
  @Test
  void shouldApplyHolidaysOnTheLocalClockAcrossDstChanges() {
    MarketHolidays early = MarketHolidays.parse("2026-11-02@12:00");
    MarketHolidays closedMonday = MarketHolidays.parse("2027-03-15");

    assertThat(CME.openSince(at("2026-11-02T17:59:59Z"), early)).contains(at("2026-11-01T23:00:00Z"));
    assertThat(CME.openSince(at("2026-11-02T18:00:00Z"), early)).isEmpty();
    assertThat(CME.openSince(at("2027-03-14T22:00:00Z"), MarketHolidays.NONE)).contains(at("2027-03-14T22:00:00Z"));
    assertThat(CME.openSince(at("2027-03-14T22:00:00Z"), closedMonday)).isEmpty();
    assertThat(CME.openSince(at("2027-03-15T21:59:59Z"), closedMonday)).isEmpty();
    assertThat(CME.openSince(at("2027-03-15T22:00:00Z"), closedMonday)).contains(at("2027-03-15T22:00:00Z"));
  }

  /**
   * FX written as one session a week, Sunday 17:00 to Friday 17:00 New York time: its trading days end at 17:00, as
   * the 24-hour sessions of the default do. Christmas 2026 closes the last of them only, and Wednesday 2026-12-23
   * closing at 13:00 cuts its own day, the market open again from 17:00.
   */
  @Test
  void shouldApplyHolidaysToEachTradingDayOfASessionLongerThanADay() {
    MarketHours weekly = MarketHours.parse("Sun 17:00 120h America/New_York");
    MarketHolidays holidays = MarketHolidays.parse("2026-12-25 2026-12-23@13:00");

    assertThat(weekly.openSince(at("2026-12-21T12:00:00Z"), holidays)).contains(at("2026-12-20T22:00:00Z"));
    assertThat(weekly.openSince(at("2026-12-23T17:59:59Z"), holidays)).contains(at("2026-12-20T22:00:00Z"));
    assertThat(weekly.openSince(at("2026-12-23T18:00:00Z"), holidays)).isEmpty();
    assertThat(weekly.openSince(at("2026-12-23T22:00:00Z"), holidays)).contains(at("2026-12-23T22:00:00Z"));
    assertThat(weekly.openSince(at("2026-12-24T21:59:59Z"), holidays)).contains(at("2026-12-23T22:00:00Z"));
    assertThat(weekly.openSince(at("2026-12-24T22:00:00Z"), holidays)).isEmpty();
    assertThat(weekly.openSince(at("2026-12-27T22:00:00Z"), holidays)).contains(at("2026-12-27T22:00:00Z"));
  }

  /** An early close at or before the open leaves no session; one after the regular close changes nothing. */
  @Test
  void shouldKeepTheEarlierOfTheEarlyAndTheRegularClose() {
    assertThat(NYSE.openSince(at("2026-11-27T14:30:00Z"), MarketHolidays.parse("2026-11-27@09:00"))).isEmpty();
    assertThat(NYSE.openSince(at("2026-11-27T20:59:59Z"), MarketHolidays.parse("2026-11-27@18:00")))
        .contains(at("2026-11-27T14:30:00Z"));
    assertThat(NYSE.openSince(at("2026-11-27T21:00:00Z"), MarketHolidays.parse("2026-11-27@18:00"))).isEmpty();
  }

  @Test
  void shouldMergeClosedDaysAndKeepTheEarlierEarlyClose() {
    MarketHolidays merged = MarketHolidays.parse("2026-12-25 2026-11-26@13:00 2026-12-24@12:15")
        .and(MarketHolidays.parse("2026-11-26@12:00 2026-12-24"));

    assertThat(merged).isEqualTo(new MarketHolidays(Set.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 24)),
        Map.of(LocalDate.of(2026, 11, 26), LocalTime.of(12, 0))));
  }

  @Test
  void shouldRefuseABadDateTimeOrRepeatedDayNamingIt() {
    assertThatThrownBy(() -> MarketHolidays.parse("2026-12-25 2026-13-01"))
        .hasMessage("Invalid holidays '2026-12-25 2026-13-01': invalid date '2026-13-01': expected days "
            + "'yyyy-MM-dd' (closed) or 'yyyy-MM-dd@HH:mm' (closes early at that local time), separated by spaces, "
            + "e.g. '2026-12-25 2026-11-26@12:00'");
    assertThatThrownBy(() -> MarketHolidays.parse("2026-11-26@24:00"))
        .hasMessage("Invalid holidays '2026-11-26@24:00': invalid early close '24:00': expected HH:mm, e.g. 12:00");
    assertThatThrownBy(() -> MarketHolidays.parse("2026-11-26 12:00"))
        .hasMessageStartingWith("Invalid holidays '2026-11-26 12:00': invalid date '12:00'");
    assertThatThrownBy(() -> MarketHolidays.parse("2026-11-26@12:00@13:00"))
        .hasMessageStartingWith("Invalid holidays '2026-11-26@12:00@13:00': invalid day '2026-11-26@12:00@13:00'");
    assertThatThrownBy(() -> MarketHolidays.parse("2026-12-25 2026-12-25@12:00"))
        .hasMessage("Invalid holidays '2026-12-25 2026-12-25@12:00': 2026-12-25 is listed twice");
    assertThatThrownBy(() -> MarketHolidays.parse(" "))
        .hasMessageStartingWith("Invalid holidays ' ': no day: expected days");
  }
}
