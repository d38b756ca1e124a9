package io.tickflow.bench.query;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields the harness needs from live bar updates in a WebSocket message's UTF-8 bytes, without decoding
 * the text or parsing JSON: the clients share the server's two cores, so each microsecond they spend per update is
 * taken from the service under test. Relies on the layout the service writes (an update's fields in a fixed order,
 * ASCII symbols, ISO-8601 UTC window starts).
 */
final class UpdateBytes {

  private static final byte[] UPDATE = ascii("{\"type\":\"update\"");
  private static final byte[] CONFLATED = ascii("\"conflated\":");
  private static final byte[] SYMBOL = ascii("\"symbol\":\"");
  private static final byte[] START = ascii("\"start\":\"");
  private static final byte[] REVISION = ascii(",\"revision\":");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] END = ascii("}}");

  private UpdateBytes() {
  }

  /**
   * What the harness records of one update.
   *
   * @param end where the update's text ends (exclusive)
   */
  record Update(long conflated, boolean closed, long revisionKey, int end) {
  }

  /** Where the next update starts at or after {@code from}, or -1. */
  static int nextUpdate(byte[] bytes, int from, int length) {
    return indexOf(bytes, from, length, UPDATE);
  }

  /**
   * The update whose text starts at {@code from}, read in one pass: the bar's fields are flat, so the first two
   * closing braces after its window start end the update, and its last two fields, {@code closed} and
   * {@code revision}, are read backwards from there (checked: a layout change fails loudly).
   */
  static Update read(byte[] bytes, int from, int length) {
    int conflatedAt = after(bytes, from, length, CONFLATED);
    int symbol = after(bytes, conflatedAt, length, SYMBOL);
    int start = after(bytes, symbol, length, START);
    int close = after(bytes, start, length, END) - END.length;
    int revisionAt = close;
    while (bytes[revisionAt - 1] >= '0' && bytes[revisionAt - 1] <= '9') {
      revisionAt--;
    }
    int closedEnd = revisionAt - REVISION.length;
    boolean closed = matches(bytes, closedEnd - TRUE.length, TRUE);
    if (!matches(bytes, closedEnd, REVISION) || !(closed || matches(bytes, closedEnd - FALSE.length, FALSE))) {
      throw new IllegalArgumentException("an update does not end with closed and revision: "
          + new String(bytes, from, close + END.length - from, StandardCharsets.UTF_8));
    }
    // "2026-11-26T05:07:00Z": hours at 11-12, minutes at 14-15
    int minuteOfDay = (digits(bytes, start + 11) * 60) + digits(bytes, start + 14);
    return new Update(number(bytes, conflatedAt), closed,
        RevisionLog.key(RevisionLog.symbolIndex(bytes[symbol + 1], bytes[symbol + 2]), minuteOfDay,
            (int) number(bytes, revisionAt)), close + END.length);
  }

  private static int digits(byte[] bytes, int at) {
    return (bytes[at] - '0') * 10 + (bytes[at + 1] - '0');
  }

  private static long number(byte[] bytes, int at) {
    long value = 0;
    for (int i = at; bytes[i] >= '0' && bytes[i] <= '9'; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }

  private static int after(byte[] bytes, int from, int length, byte[] pattern) {
    int at = indexOf(bytes, from, length, pattern);
    if (at < 0) {
      throw new IllegalArgumentException("no " + new String(pattern, StandardCharsets.US_ASCII) + " in an update: "
          + new String(bytes, from, length - from, StandardCharsets.UTF_8));
    }
    return at + pattern.length;
  }

  private static int indexOf(byte[] bytes, int from, int length, byte[] pattern) {
    byte first = pattern[0];
    for (int i = from, last = length - pattern.length; i <= last; i++) {
      if (bytes[i] == first && matches(bytes, i, pattern)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(byte[] bytes, int at, byte[] pattern) {
    for (int j = 0; j < pattern.length; j++) {
      if (bytes[at + j] != pattern[j]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
