package io.tickflow.query.alerts;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An exchange's holidays, by trading date: dates with no session at all, and dates whose session closes early at a
 * local time. A session's trading date is the local date it ends on, so that CME's session opening at 17:00 the
 * evening before belongs to the holiday, as the exchange counts it; a session of several days has one trading day per
 * date, each ending at its close's time of day. Written {@code <day> [<day> ...]}, a day being
 * {@code yyyy-MM-dd} (closed) or {@code yyyy-MM-dd@HH:mm} (closes at that time), e.g.
 * {@code 2026-12-25 2027-01-01 2026-11-26@12:00}. Immutable.
 *
 * @param closed trading dates without a session
 * @param earlyCloses trading dates whose session closes at the given local time (when earlier than its regular close)
 */
public record MarketHolidays(Set<LocalDate> closed, Map<LocalDate, LocalTime> earlyCloses) {

  public static final MarketHolidays NONE = new MarketHolidays(Set.of(), Map.of());

  private static final String FORMAT = "expected days 'yyyy-MM-dd' (closed) or 'yyyy-MM-dd@HH:mm' (closes early at "
      + "that local time), separated by spaces, e.g. '2026-12-25 2026-11-26@12:00'";

  public MarketHolidays {
    closed = Set.copyOf(closed);
    earlyCloses = Map.copyOf(earlyCloses);
  }

  /**
   * Parses {@code <day> [<day> ...]}.
   *
   * @throws IllegalArgumentException naming the text and the day that is wrong, or listed twice
   */
  public static MarketHolidays parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("Invalid holidays '" + text + "': no day: " + FORMAT);
    }
    Set<LocalDate> closed = new HashSet<>();
    Map<LocalDate, LocalTime> earlyCloses = new HashMap<>();
    for (String day : trimmed.split("\\s+")) {
      String[] parts = day.split("@", -1);
      LocalDate date = date(text, parts[0]);
      if (closed.contains(date) || earlyCloses.containsKey(date)) {
        throw new IllegalArgumentException("Invalid holidays '" + text + "': " + date + " is listed twice");
      }
      if (parts.length == 1) {
        closed.add(date);
      } else if (parts.length == 2) {
        earlyCloses.put(date, time(text, parts[1]));
      } else {
        throw new IllegalArgumentException("Invalid holidays '" + text + "': invalid day '" + day + "': " + FORMAT);
      }
    }
    return new MarketHolidays(closed, earlyCloses);
  }

  private static LocalDate date(String text, String date) {
    try {
      return LocalDate.parse(date);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Invalid holidays '" + text + "': invalid date '" + date + "': " + FORMAT,
          e);
    }
  }

  private static LocalTime time(String text, String time) {
    try {
      return LocalTime.parse(time);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Invalid holidays '" + text + "': invalid early close '" + time
          + "': expected HH:mm, e.g. 12:00", e);
    }
  }

  /**
   * The holidays of both: a date closed in either is closed; of two early closes on a date, the earlier wins (the
   * market is closed from there on in either case).
   */
  public MarketHolidays and(MarketHolidays other) {
    Set<LocalDate> allClosed = new HashSet<>(closed);
    allClosed.addAll(other.closed);
    Map<LocalDate, LocalTime> allEarly = new HashMap<>(earlyCloses);
    other.earlyCloses.forEach((date, time) -> allEarly.merge(date, time, (a, b) -> a.isBefore(b) ? a : b));
    allClosed.forEach(allEarly::remove);
    return new MarketHolidays(allClosed, allEarly);
  }

  /**
   * Since when a session of regular hours from {@code open} to {@code close} (local) is open at {@code instant},
   * holidays applied: its open, or the start of its first trading day after one that a holiday closed or cut short;
   * empty when the instant is outside the session or a holiday closes it then. A session is divided into trading days
   * ending at its close's time of day, each belonging to the date it ends on: one for a session of a day or less, so
   * that a closed date in a session of several days (FX written as one weekly session) closes that day alone.
   */
  Optional<Instant> openSince(LocalDateTime open, LocalDateTime close, ZoneId zone, Instant instant) {
    LocalDateTime since = open;
    for (LocalDateTime start = open; start.isBefore(close); ) {
      LocalDateTime end = tradingDayEnd(start, close.toLocalTime());
      LocalDateTime closes = closeOf(start, end);
      if (instant.isBefore(at(end, zone))) {
        return !at(start, zone).isAfter(instant) && instant.isBefore(at(closes, zone))
            ? Optional.of(at(since, zone)) : Optional.empty();
      }
      if (closes.isBefore(end)) {
        since = end;
      }
      start = end;
    }
    return Optional.empty();
  }

  /** The end of the trading day running at {@code start}: the next {@code closeTime} after it. */
  private static LocalDateTime tradingDayEnd(LocalDateTime start, LocalTime closeTime) {
    LocalDateTime end = start.toLocalDate().atTime(closeTime);
    return end.isAfter(start) ? end : end.plusDays(1);
  }

  /**
   * The local close of a trading day from {@code start} to {@code regularEnd}: that end, its date's early close if
   * earlier (at or before the start: no time left), or the start when its date is closed.
   */
  private LocalDateTime closeOf(LocalDateTime start, LocalDateTime regularEnd) {
    // The last instant of the day is on its trading date; its end may be the next day's 00:00.
    LocalDate tradingDate = regularEnd.minusNanos(1).toLocalDate();
    if (closed.contains(tradingDate)) {
      return start;
    }
    LocalTime early = earlyCloses.get(tradingDate);
    LocalDateTime earlyClose = early == null ? null : tradingDate.atTime(early);
    return earlyClose != null && earlyClose.isBefore(regularEnd) ? earlyClose : regularEnd;
  }

  private static Instant at(LocalDateTime local, ZoneId zone) {
    // A local time skipped by a DST gap moves forward, as ZonedDateTime does.
    return local.atZone(zone).toInstant();
  }
}
