package io.tickflow.connect.dtc;

import java.util.TreeMap;

/**
 * Gives each trade of one symbol its {@code sequence}: the number of trades with the same event time seen before
 * it. Counting per exact event time (not "same as the previous trade") makes the numbers independent of how
 * trades with different times interleave, so a live stream with a late print and the time-ordered backfill of the
 * same trades agree. Counts older than {@link #RETAIN_MICROS} behind the trade being numbered are dropped to bound
 * memory. Not thread-safe.
 */
final class EventTimeSequencer {

  /** How far behind a trade's event time a late trade still continues its time's count. */
  static final long RETAIN_MICROS = 60_000_000L;

  private final TreeMap<Long, Integer> counts = new TreeMap<>();

  /** The sequence of the next trade at {@code eventTimeMicros}: 0 for the first, then 1, 2, ... */
  int next(long eventTimeMicros) {
    final int sequence = counts.merge(eventTimeMicros, 1, Integer::sum) - 1;
    // Behind this trade rather than behind the newest time ever seen: one time far ahead (a server clock that
    // jumped) would otherwise stop all forgetting, and the counts would grow for as long as the task runs.
    counts.headMap(eventTimeMicros - RETAIN_MICROS, false).clear();
    return sequence;
  }

  /** Forgets the counts from a time on, before a backfill that re-delivers every trade from that time. */
  void forgetFrom(long fromMicros) {
    counts.tailMap(fromMicros, true).clear();
  }
}
