package io.tickflow.scid.tools;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a dump of a Sierra Chart file prints.
 *
 * @param from first time printed (inclusive), or null for the file start
 * @param to time to stop before (exclusive), or null for the file end
 * @param limit the most records printed, 0 for all
 */
public record DumpRequest(Path file, Instant from, Instant to, int limit, DumpFormat format) {

  public DumpRequest {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 (all) or more, was " + limit);
    }
  }

  /** Whether {@code printed} records already fill the limit. */
  boolean full(long printed) {
    return limit > 0 && printed >= limit;
  }
}
