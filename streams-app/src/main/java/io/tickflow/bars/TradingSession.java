package io.tickflow.bars;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * When an instrument's trading day starts: a local open time in a time zone (e.g. 17:00 America/Chicago for CME).
 * Daily and weekly bars run from one session open to another, so they are 23 or 25 hours long across DST changes;
 * intraday bars that follow it start at the session open and never span two sessions.
 *
 * <p>A session that opens at or after noon is labelled with the next calendar day (the CME session opening on Sunday
 * 17:00 is Monday's); weekly bars group the sessions of one ISO week, Monday to Sunday. Immutable.
 *
 * @param open local time the session opens
 * @param zone time zone of {@code open}
 */
public record TradingSession(LocalTime open, ZoneId zone) {

  /** Midnight UTC: calendar days in UTC. */
  public static final TradingSession UTC = new TradingSession(LocalTime.MIDNIGHT, ZoneId.of("UTC"));

  /** 1970-01-05 was the first Monday after the epoch: week numbers count from it. */
  private static final long FIRST_MONDAY_EPOCH_DAY = 4;

  public TradingSession {
    Objects.requireNonNull(open, "open");
    Objects.requireNonNull(zone, "zone");
  }

  /**
   * Parses {@code "HH:mm Zone"}, e.g. {@code "17:00 America/Chicago"}.
   *
   * @throws IllegalArgumentException naming the text when the time or zone is invalid
   */
  public static TradingSession parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException("Invalid session '" + text + "': expected 'HH:mm Zone', e.g. '17:00 America/Chicago'");
    }
    try {
      return new TradingSession(LocalTime.parse(parts[0]), ZoneId.of(parts[1]));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Invalid session '" + text + "': " + e.getMessage(), e);
    }
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
   * by epoch day modulo {@code count}; week windows group ISO weeks counted from 1970-01-05.
   */
  BarWindow windowOf(long eventMicros, int count, boolean weeks) {
    LocalDate tradeDate = tradeDate(eventMicros);
    LocalDate first;
    LocalDate next;
    if (weeks) {
      LocalDate monday = tradeDate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      long week = Math.floorDiv(monday.toEpochDay() - FIRST_MONDAY_EPOCH_DAY, 7L);
      long firstWeek = Math.floorDiv(week, count) * count;
      first = LocalDate.ofEpochDay(FIRST_MONDAY_EPOCH_DAY + firstWeek * 7L);
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

  @Override
  public String toString() {
    return open + " " + zone.getId();
  }
}
