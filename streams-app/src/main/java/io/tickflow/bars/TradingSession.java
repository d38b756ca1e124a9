package io.tickflow.bars;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;

/**
 * When an instrument's trading day starts: a local open time in a time zone (e.g. 17:00 America/Chicago for CME).
 * Daily and weekly bars run from one session open to another, so they are 23 or 25 hours long across DST changes;
 * intraday bars that follow it start at the session open and never span two sessions.
 *
 * <p>A session that opens at or after noon is labelled with the next calendar day (the CME session opening on Sunday
 * 17:00 is Monday's); weekly bars group the sessions of seven trading dates from {@code weekStart}: Monday to Sunday
 * by default (ISO weeks, as Sierra Chart's), Sunday to Saturday for a market whose week begins with a Sunday trading
 * date (a Sunday-to-Thursday exchange). Immutable.
 *
 * @param open local time the session opens
 * @param zone time zone of {@code open}
 * @param weekStart the trading date that begins a week
 */
public record TradingSession(LocalTime open, ZoneId zone, DayOfWeek weekStart) {

  /** Midnight UTC: calendar days in UTC. */
  public static final TradingSession UTC = new TradingSession(LocalTime.MIDNIGHT, ZoneId.of("UTC"));

  private static final String FORMAT = "'HH:mm Zone' or 'HH:mm Zone Weekday' (the first trading date of a week, "
      + "Monday when not given), e.g. '17:00 America/Chicago' or '10:00 Asia/Riyadh Sunday'";

  public TradingSession {
    Objects.requireNonNull(open, "open");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(weekStart, "weekStart");
  }

  /** A session whose weeks are ISO weeks, Monday to Sunday. */
  public TradingSession(LocalTime open, ZoneId zone) {
    this(open, zone, DayOfWeek.MONDAY);
  }

  /**
   * Parses {@code "HH:mm Zone"} or {@code "HH:mm Zone Weekday"}, e.g. {@code "17:00 America/Chicago"} or
   * {@code "10:00 Asia/Riyadh Sunday"}; the weekday is a name or its first three letters, in any case.
   *
   * @throws IllegalArgumentException naming the text when the time, zone or weekday is invalid
   */
  public static TradingSession parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
    if (parts.length != 2 && parts.length != 3) {
      throw new IllegalArgumentException("Invalid session '" + text + "': expected " + FORMAT);
    }
    try {
      return new TradingSession(LocalTime.parse(parts[0]), ZoneId.of(parts[1]),
          parts.length == 3 ? weekday(parts[2], text) : DayOfWeek.MONDAY);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Invalid session '" + text + "': " + e.getMessage(), e);
    }
  }

  private static DayOfWeek weekday(String name, String text) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
        return day;
      }
    }
    throw new IllegalArgumentException("Invalid session '" + text + "': '" + name + "' is not a weekday (Monday to "
        + "Sunday, or Mon to Sun)");
  }

  /** The trading date of an instant (the label of the session it belongs to). */
  public LocalDate tradeDate(long eventMicros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(eventMicros, 1_000_000L));
    LocalDate localDate = instant.atZone(zone).toLocalDate();
    LocalDate openDate = eventMicros >= openMicros(localDate) ? localDate : localDate.minusDays(1);
    return openDate.plusDays(labelShiftDays());
  }

  /** Start of the session of a trading date, UTC microseconds. */
  public long sessionStartMicros(LocalDate tradeDate) {
    return openMicros(tradeDate.minusDays(labelShiftDays()));
  }

  /**
   * The window of {@code count} sessions (or weeks of sessions) holding an instant. Day windows group trading dates
   * by epoch day modulo {@code count}; week windows group weeks counted from the first {@code weekStart} after the
   * epoch (1970-01-05 for Monday).
   */
  BarWindow windowOf(long eventMicros, int count, boolean weeks) {
    LocalDate tradeDate = tradeDate(eventMicros);
    LocalDate first;
    LocalDate next;
    if (weeks) {
      long firstWeekStart = LocalDate.EPOCH.with(TemporalAdjusters.nextOrSame(weekStart)).toEpochDay();
      LocalDate weekOf = tradeDate.with(TemporalAdjusters.previousOrSame(weekStart));
      long week = Math.floorDiv(weekOf.toEpochDay() - firstWeekStart, 7L);
      long firstWeek = Math.floorDiv(week, count) * count;
      first = LocalDate.ofEpochDay(firstWeekStart + firstWeek * 7L);
      next = first.plusWeeks(count);
    } else {
      first = LocalDate.ofEpochDay(Math.floorDiv(tradeDate.toEpochDay(), count) * count);
      next = first.plusDays(count);
    }
    return new BarWindow(sessionStartMicros(first), sessionStartMicros(next));
  }

  /**
   * The intraday window of {@code lengthMicros} holding an instant: windows follow one another from the open of the
   * instant's session, and the last one ends at the next session's open (shorter when the length does not divide the
   * session), so that no intraday bar holds trades of two trading dates.
   */
  BarWindow intradayWindowOf(long eventMicros, long lengthMicros) {
    LocalDate tradeDate = tradeDate(eventMicros);
    long sessionStart = sessionStartMicros(tradeDate);
    long start = sessionStart + Math.floorDiv(eventMicros - sessionStart, lengthMicros) * lengthMicros;
    return new BarWindow(start, Math.min(start + lengthMicros, sessionStartMicros(tradeDate.plusDays(1))));
  }

  private long labelShiftDays() {
    return open.isBefore(LocalTime.NOON) ? 0 : 1;
  }

  /** The session open on a local calendar date; a time skipped by a DST gap moves forward, as ZonedDateTime does. */
  private long openMicros(LocalDate localDate) {
    Instant instant = ZonedDateTime.of(localDate, open, zone).toInstant();
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
  }

  /** As parsed: the weekday only when it is not Monday. */
  @Override
  public String toString() {
    return open + " " + zone.getId() + (weekStart == DayOfWeek.MONDAY ? "" : " " + weekStart);
  }
}
