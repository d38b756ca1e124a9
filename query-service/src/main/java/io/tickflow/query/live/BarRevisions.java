package io.tickflow.query.live;

import io.tickflow.schemas.Bar;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the newest revision of each bar window, so that only newer versions go to clients. Live revisions and final
 * bars come on two topics, whose records are not ordered with each other: a final bar (same revision as its last
 * live one, {@code isFinal} true) outranks that revision, and a live revision arriving after it is dropped. Per
 * series the {@value #WINDOWS_KEPT} newest windows are remembered; a bar older than all of them is stale and
 * dropped. Not thread-safe: one feed thread uses it.
 */
final class BarRevisions {

  static final int WINDOWS_KEPT = 16;

  private final Map<Series, TreeMap<Instant, Long>> windows = new HashMap<>();

  /** Records {@code bar}; true when it is newer than every version of its window seen so far. */
  boolean isNewer(Bar bar) {
    TreeMap<Instant, Long> series = windows.computeIfAbsent(new Series(bar.getSymbol(), bar.getTimeframe()),
        s -> new TreeMap<>());
    long rank = 2L * bar.getRevision() + (bar.getIsFinal() ? 1 : 0);
    Instant start = bar.getWindowStart();
    Long seen = series.get(start);
    if (seen != null) {
      if (rank <= seen) {
        return false;
      }
    } else if (series.size() >= WINDOWS_KEPT && start.isBefore(series.firstKey())) {
      return false;
    }
    series.put(start, rank);
    if (series.size() > WINDOWS_KEPT) {
      series.pollFirstEntry();
    }
    return true;
  }

  private record Series(String symbol, String timeframe) {
  }
}
