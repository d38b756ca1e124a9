package io.tickflow.connect.dtc;

import java.util.TreeMap;

/**
 * Gives each trade of one symbol its {@code sequence}: the number of trades with the same event time seen before
 * it. Counting per exact event time (not "same as the previous trade") makes the numbers independent of how
 * trades with different times interleave, so a live stream with a late print and the time-ordered backfill of the
 * same trades agree. Counts older than {@link #RETAIN_MICROS} behind the newest time are dropped to bound memory.
 * Not thread-safe.
 */
final class EventTimeSequencer {

  /** How far behind the newest event time a late trade still continues its time's count. */
  static final long RETAIN_MICROS = 60_000_000L;

  private final TreeMap<Long, Integer> counts = new TreeMap<>();
  private long newest = Long.MIN_VALUE;

  /** The sequence of the next trade at {@code eventTimeMicros}: 0 for the first, then 1, 2, ... */
  int next(long eventTimeMicros) {
    final int sequence = counts.merge(eventTimeMicros, 1, Integer::sum) - 1;
    if (eventTimeMicros > newest) {
      newest = eventTimeMicros;
      counts.headMap(newest - RETAIN_MICROS, false).clear();
    }
    return sequence;
  }

  /** Forgets the counts from a time on, before a backfill that re-delivers every trade from that time. */
  void forgetFrom(long fromMicros) {
    counts.tailMap(fromMicros, true).clear();
    newest = counts.isEmpty() ? Long.MIN_VALUE : counts.lastKey();
  }
}
