package io.tickflow.scid.tools;

import io.tickflow.scid.DateTimeEncoding;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/** Output formats of the dump tools: CSV with a header line, or JSON with one object per line. */
public enum DumpFormat {
  CSV, JSON;

  /**
   * Always six fractional digits, the files' precision: {@code Instant.toString} writes 0, 3, 6 or 9 depending on
   * the value, and a column of mixed widths trips date parsers (pandas among them).
   */
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

  /** A record's time as the dumps write it: UTC, microseconds. */
  static String time(long micros) {
    return TIME.format(DateTimeEncoding.toInstant(micros));
  }
}
