package io.tickflow.query.alerts;

import static io.tickflow.query.alerts.MarketHolidays.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * When markets are open, at fixed UTC instants: sessions, breaks, weekends and DST changes (the US moved its clocks on
 * 2026-03-08, the EU on 2026-03-29, and the US back on 2026-11-01).
 */
class MarketHoursTest {

  private static final MarketHours CME = MarketHours.parse("Sun-Thu 17:00 23h America/Chicago");
  private static final MarketHours FX = MarketHours.parse("Sun-Thu 17:00 24h America/New_York");
  private static final MarketHours NYSE = MarketHours.parse("Mon-Fri 09:30 6h30m America/New_York");
  private static final MarketHours XETRA = MarketHours.parse("Mon-Fri 09:00 8h30m Europe/Berlin");

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void shouldParseDaysTimeLengthAndZone() {
    assertThat(CME).isEqualTo(new MarketHours(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY,
        DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), LocalTime.of(17, 0), Duration.ofHours(23),
        ZoneId.of("America/Chicago")));
    assertThat(NYSE.length()).isEqualTo(Duration.ofMinutes(390));
    assertThat(MarketHours.parse("fri-mon 20:00 45m UTC").days())
        .containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    assertThat(MarketHours.parse("Wed 08:00 2h UTC").days()).containsExactly(DayOfWeek.WEDNESDAY);
  }

  /** November: Chicago is UTC-6, the session runs 23:00 to 22:00 UTC the next day. */
  @Test
  void shouldOpenCmeFromSundayToFridayWithADailyBreakFrom16To17Chicago() {
    // Sunday 2026-11-29 17:00 CST opens the week.
    assertThat(CME.openSince(at("2026-11-29T22:59:59Z"), NONE)).isEmpty();
    assertThat(CME.openSince(at("2026-11-29T23:00:00Z"), NONE)).contains(at("2026-11-29T23:00:00Z"));
    // Wednesday: open until 16:00, closed for the break, open again at 17:00.
    assertThat(CME.openSince(at("2026-11-25T21:59:00Z"), NONE)).contains(at("2026-11-24T23:00:00Z"));
    assertThat(CME.openSince(at("2026-11-25T22:00:00Z"), NONE)).isEmpty();
    assertThat(CME.openSince(at("2026-11-25T22:30:00Z"), NONE)).isEmpty();
    assertThat(CME.openSince(at("2026-11-25T23:00:00Z"), NONE)).contains(at("2026-11-25T23:00:00Z"));
    // Friday 16:00 closes the week; Saturday stays closed.
    assertThat(CME.openSince(at("2026-11-27T21:59:00Z"), NONE)).contains(at("2026-11-26T23:00:00Z"));
    assertThat(CME.openSince(at("2026-11-27T22:30:00Z"), NONE)).isEmpty();
    assertThat(CME.openSince(at("2026-11-28T12:00:00Z"), NONE)).isEmpty();
  }

  @Test
  void shouldOpenCmeAtFivePmLocalOnTheSundaysTheUsClocksChange() {
    // 2026-03-08: CDT (UTC-5) from 02:00, so the week opens at 22:00 UTC, an hour earlier than the week before.
    assertThat(CME.openSince(at("2026-03-01T23:00:00Z"), NONE)).contains(at("2026-03-01T23:00:00Z"));
    assertThat(CME.openSince(at("2026-03-08T21:59:59Z"), NONE)).isEmpty();
    assertThat(CME.openSince(at("2026-03-08T22:00:00Z"), NONE)).contains(at("2026-03-08T22:00:00Z"));
    // 2026-11-01: back to CST (UTC-6), the week opens at 23:00 UTC.
    assertThat(CME.openSince(at("2026-11-01T22:30:00Z"), NONE)).isEmpty();
    assertThat(CME.openSince(at("2026-11-01T23:00:00Z"), NONE)).contains(at("2026-11-01T23:00:00Z"));
  }

  /** Between the US and the EU change, New York is 5 hours behind Berlin instead of 6. */
  @Test
  void shouldFollowEachZonesOwnDstChangeWhenTheUsAndTheEuDiffer() {
    // Week of 2026-03-02: both on winter time; NYSE 14:30-21:00 UTC, Xetra 08:00-16:30 UTC.
    assertThat(NYSE.openSince(at("2026-03-02T14:29:00Z"), NONE)).isEmpty();
    assertThat(NYSE.openSince(at("2026-03-02T14:30:00Z"), NONE)).contains(at("2026-03-02T14:30:00Z"));
    assertThat(XETRA.openSince(at("2026-03-02T08:00:00Z"), NONE)).contains(at("2026-03-02T08:00:00Z"));
    // Week of 2026-03-09: New York on EDT, Berlin still on CET.
    assertThat(NYSE.openSince(at("2026-03-09T13:30:00Z"), NONE)).contains(at("2026-03-09T13:30:00Z"));
    assertThat(NYSE.openSince(at("2026-03-09T20:00:00Z"), NONE)).isEmpty();
    assertThat(XETRA.openSince(at("2026-03-09T07:30:00Z"), NONE)).isEmpty();
    assertThat(XETRA.openSince(at("2026-03-09T08:00:00Z"), NONE)).contains(at("2026-03-09T08:00:00Z"));
    // Week of 2026-03-30: Berlin on CEST too.
    assertThat(XETRA.openSince(at("2026-03-30T07:00:00Z"), NONE)).contains(at("2026-03-30T07:00:00Z"));
    assertThat(XETRA.openSince(at("2026-03-30T15:30:00Z"), NONE)).isEmpty();
  }

  @Test
  void shouldCountTheLengthOnTheLocalClockWhenADstChangeFallsInsideASession() {
    MarketHours overnight = MarketHours.parse("Sat 20:00 12h America/New_York");

    // Saturday 2026-03-07 20:00 EST (01:00 UTC) to Sunday 08:00 EDT (12:00 UTC): 11 hours elapsed.
    assertThat(overnight.openSince(at("2026-03-08T11:59:59Z"), NONE)).contains(at("2026-03-08T01:00:00Z"));
    assertThat(overnight.openSince(at("2026-03-08T12:00:00Z"), NONE)).isEmpty();
  }

  /** FX days follow one another without a break: the week is one open period, not five. */
  @Test
  void shouldJoinBackToBackSessionsIntoOneOpenPeriod() {
    assertThat(FX.openSince(at("2026-11-26T22:30:00Z"), NONE)).contains(at("2026-11-22T22:00:00Z"));
    assertThat(FX.openSince(at("2026-11-27T21:59:00Z"), NONE)).contains(at("2026-11-22T22:00:00Z"));
    assertThat(FX.openSince(at("2026-11-27T22:00:00Z"), NONE)).isEmpty();
    assertThat(MarketHours.parse("Mon-Sun 00:00 24h UTC").openSince(at("2026-11-27T12:00:00Z"), NONE))
        .as("open round the clock: joined at most a week back").contains(at("2026-11-20T00:00:00Z"));
  }

  /** Found however many days before the instant they opened, up to the longest length, across a DST change too. */
  @Test
  void shouldFindSessionsOpenedDaysBeforeUntilTheirLocalEnd() {
    MarketHours week = MarketHours.parse("Sat 12:00 163h America/New_York");
    MarketHours threeDays = MarketHours.parse("Fri 23:30 71h59m UTC");

    // Saturday 2026-10-31 12:00 EDT to Saturday 2026-11-07 07:00 EST, the clocks moved back on the Sunday between.
    assertThat(week.openSince(at("2026-11-07T11:59:00Z"), NONE)).contains(at("2026-10-31T16:00:00Z"));
    assertThat(week.openSince(at("2026-11-07T12:00:00Z"), NONE)).isEmpty();
    assertThat(threeDays.openSince(at("2026-11-30T23:28:59Z"), NONE)).contains(at("2026-11-27T23:30:00Z"));
    assertThat(threeDays.openSince(at("2026-11-30T23:29:00Z"), NONE)).isEmpty();
  }

  @Test
  void shouldRefuseABadDayTimeLengthOrZoneNamingIt() {
    assertThatThrownBy(() -> MarketHours.parse("Sun-Thr 17:00 23h America/Chicago"))
        .hasMessage("Invalid market hours 'Sun-Thr 17:00 23h America/Chicago': invalid day 'Thr': expected Mon, "
            + "Tue, Wed, Thu, Fri, Sat or Sun");
    assertThatThrownBy(() -> MarketHours.parse("Sun-Thu 25:00 23h America/Chicago"))
        .hasMessage("Invalid market hours 'Sun-Thu 25:00 23h America/Chicago': invalid open time '25:00': expected "
            + "HH:mm, e.g. 17:00");
    assertThatThrownBy(() -> MarketHours.parse("Sun-Thu 17:00 23 America/Chicago"))
        .hasMessage("Invalid market hours 'Sun-Thu 17:00 23 America/Chicago': invalid length '23': expected hours "
            + "and minutes such as 23h, 6h30m or 45m");
    assertThatThrownBy(() -> MarketHours.parse("Sun-Thu 17:00 0h America/Chicago"))
        .hasMessage("Invalid market hours 'Sun-Thu 17:00 0h America/Chicago': invalid length 0s: expected more "
            + "than 0 and at most 168h");
    assertThatThrownBy(() -> MarketHours.parse("Sun-Thu 17:00 169h America/Chicago"))
        .hasMessageContaining("invalid length 169h: expected more than 0 and at most 168h");
    assertThatThrownBy(() -> MarketHours.parse("Sun-Thu 17:00 23h America/Chicag"))
        .hasMessage("Invalid market hours 'Sun-Thu 17:00 23h America/Chicag': invalid time zone 'America/Chicag': "
            + "expected an IANA zone such as America/Chicago");
    assertThatThrownBy(() -> MarketHours.parse("17:00 America/Chicago"))
        .hasMessage("Invalid market hours '17:00 America/Chicago': expected '<days> HH:mm <length> <zone>', e.g. "
            + "'Sun-Thu 17:00 23h America/Chicago'");
  }
}
