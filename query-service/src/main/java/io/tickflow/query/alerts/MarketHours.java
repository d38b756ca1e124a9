package io.tickflow.query.alerts;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a market is open: sessions that open on some days of the week at a local time and last a while, written
 * {@code <days> HH:mm <length> <IANA zone>}, e.g. {@code Sun-Thu 17:00 23h America/Chicago} (CME Globex: Sunday 17:00
 * to Monday 16:00 Chicago time, and so on until Friday 16:00). The length is counted on the local clock, so that a
 * session closes at the same local time whatever DST change falls inside it, and the zone's rules make every instant
 * right across DST changes. Exchange holidays ({@link MarketHolidays}) cancel or shorten sessions. Immutable.
 *
 * @param days the days sessions open on
 * @param open local time a session opens
 * @param length how long a session lasts, at most {@link #MAX_LENGTH}
 * @param zone time zone of {@code open}
 */
public record MarketHours(Set<DayOfWeek> days, LocalTime open, Duration length, ZoneId zone) {

  public static final Duration MAX_LENGTH = Duration.ofDays(7);

  /** Sessions back to back for longer than this are taken as opened this long ago (a market open round the clock). */
  private static final int MAX_JOINED_SESSIONS = 7;
  private static final Pattern LENGTH = Pattern.compile("(?:(\\d{1,3})h)?(?:(\\d{1,4})m)?");
  private static final String FORMAT = "expected '<days> HH:mm <length> <zone>', e.g. 'Sun-Thu 17:00 23h America/Chicago'";

  public MarketHours {
    days = Set.copyOf(days);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no day: expected at least one");
    }
    if (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0) {
      throw new IllegalArgumentException("invalid length " + length.toString().substring(2).toLowerCase(Locale.ROOT)
          + ": expected more than 0 and at most " + MAX_LENGTH.toHours() + "h");
    }
  }

  /**
   * Parses {@code <days> HH:mm <length> <zone>}: days are one day or a range, from {@code Mon} to {@code Sun}
   * ({@code Sun-Thu}; a range may wrap, {@code Fri-Mon}); the length is hours and minutes ({@code 23h}, {@code 6h30m},
   * {@code 45m}).
   *
   * @throws IllegalArgumentException naming the text and the part that is wrong
   */
  public static MarketHours parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
    if (parts.length != 4) {
      throw new IllegalArgumentException("Invalid market hours '" + text + "': " + FORMAT);
    }
    try {
      return new MarketHours(days(parts[0]), openTime(parts[1]), length(parts[2]), zone(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid market hours '" + text + "': " + e.getMessage(), e);
    }
  }

  private static Set<DayOfWeek> days(String text) {
    String[] range = text.split("-", -1);
    if (range.length > 2) {
      throw new IllegalArgumentException("invalid days '" + text + "': expected a day or a range such as Sun-Thu");
    }
    DayOfWeek first = day(range[0]);
    DayOfWeek last = day(range[range.length - 1]);
    Set<DayOfWeek> days = EnumSet.of(first);
    for (DayOfWeek day = first; day != last; day = day.plus(1)) {
      days.add(day.plus(1));
    }
    return days;
  }

  private static DayOfWeek day(String text) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().substring(0, 3).equalsIgnoreCase(text)) {
        return day;
      }
    }
    throw new IllegalArgumentException("invalid day '" + text + "': expected Mon, Tue, Wed, Thu, Fri, Sat or Sun");
  }

  private static LocalTime openTime(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("invalid open time '" + text + "': expected HH:mm, e.g. 17:00", e);
    }
  }

  private static Duration length(String text) {
    Matcher matcher = LENGTH.matcher(text.toLowerCase(Locale.ROOT));
    if (text.isEmpty() || !matcher.matches()) {
      throw new IllegalArgumentException("invalid length '" + text + "': expected hours and minutes such as 23h, "
          + "6h30m or 45m");
    }
    long hours = matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
    long minutes = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
    return Duration.ofHours(hours).plusMinutes(minutes);
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("invalid time zone '" + text + "': expected an IANA zone such as "
          + "America/Chicago", e);
    }
  }

  /**
   * Since when the market has been open without a break at {@code now}: the open of the session holding it, or of an
   * earlier session it follows back to back (a 24-hour FX day after another is one open period, not a new one each
   * day); empty while the market is closed, by these hours or by a holiday.
   */
  public Optional<Instant> openSince(Instant now, MarketHolidays holidays) {
    Optional<Instant> session = sessionOpenAt(now, holidays);
    if (session.isEmpty()) {
      return session;
    }
    Instant since = session.get();
    for (int joined = 0; joined < MAX_JOINED_SESSIONS; joined++) {
      Optional<Instant> earlier = sessionOpenAt(since.minusNanos(1), holidays);
      if (earlier.isEmpty()) {
        break;
      }
      since = earlier.get();
    }
    return Optional.of(since);
  }

  /**
   * The open of the earliest session holding the instant, if any, holidays applied (or the start of its trading day
   * after a holiday in it).
   */
  private Optional<Instant> sessionOpenAt(Instant instant, MarketHolidays holidays) {
    LocalDate today = LocalDate.ofInstant(instant, zone);
    // A session holding the instant opened at most its length before it, on the local date of its open: that date is
    // at most the length's whole days, one for the open time and the length's rest, and one for a DST shift, before
    // today. Scanned once or more per symbol at each check, so no further back than that.
    for (LocalDate day = today.minusDays(length.toDays() + 2); !day.isAfter(today); day = day.plusDays(1)) {
      if (days.contains(day.getDayOfWeek())) {
        LocalDateTime localOpen = day.atTime(open);
        Optional<Instant> since = holidays.openSince(localOpen, localOpen.plus(length), zone, instant);
        if (since.isPresent()) {
          return since;
        }
      }
    }
    return Optional.empty();
  }
}
