package io.tickflow.connect.dtc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Where a backfill's history meets the live trades held while it ran. History is trusted for every second before
 * the last one it returned; that last second is held back here until the answer ends, because the history may
 * stop in the middle of it (the server answers up to "now", or its history lags the live feed) while the live
 * subscription may have started in the middle of it too.
 *
 * <p>History of a second is a prefix of that second's trades (up to where the server's history stopped) and the
 * live trades of it a suffix (from when the subscription started), both in the server's order. The seam keeps the
 * history and appends the live trades that follow the longest overlap: the longest tail of the history equal,
 * trade by trade (event time, price, size, side), to the head of the live trades. This is exact when the
 * subscription started before the second (live holds it all; history is a prefix of it), when the history covers
 * it (live is a tail of it) and when each holds part (the overlap is counted once). On one connection the answer
 * holds every live trade received before it, so the live part is a tail of the history and nothing is added.
 *
 * <p>What it cannot tell: identical trades (same time, price, size and side) straddling both the end of the
 * history and the start of the live stream; with whole-second times several identical prints of one second can be
 * taken for the overlap and are then published once fewer. Nor trades that neither side holds: a history that ends
 * before the live stream started (its server lagging its live feed) leaves them out, as from a quiet market. Nor a
 * history ahead of the live trades held (a separate historical server answering before the live connection
 * delivered them): those come again live after the seam and are published twice. Not thread-safe.
 */
final class BackfillSeam {

  private static final long MICROS_PER_SECOND = 1_000_000L;

  /** Where the seam put each trade. */
  record Resolution(List<TradeEvent> history, List<TradeEvent> live, int replaced) {
  }

  /** The historical ticks of the latest second received, not published yet. */
  private final List<TradeEvent> lastSecond = new ArrayList<>();

  /**
   * Takes the next historical tick.
   *
   * @return the ticks of the previous second when this one starts a new second (they are now final), else empty
   */
  List<TradeEvent> add(TradeEvent tick) {
    final List<TradeEvent> complete = lastSecond.isEmpty() || second(lastSecond.get(0)) == second(tick)
        ? List.of() : List.copyOf(lastSecond);
    if (!complete.isEmpty()) {
      lastSecond.clear();
    }
    lastSecond.add(tick);
    return complete;
  }

  /** Whether any historical tick was received since the last {@link #close} or {@link #clear}. */
  boolean isEmpty() {
    return lastSecond.isEmpty();
  }

  void clear() {
    lastSecond.clear();
  }

  /**
   * Ends the history: resolves its last second against the live trades held meanwhile (in arrival order). Live
   * trades of earlier seconds are replaced by the history; those of later seconds are new.
   *
   * <p>The live trades of a session whose backfill a reconnect superseded are held too, and they are not a head of
   * the current live stream: each such run lies somewhere in the last second, before the current live stream. A
   * run the history holds anywhere in that second is replaced; otherwise the history stopped inside or before it,
   * and it is joined by the longest overlap like the current session's trades. Joined as the head of the current
   * live stream instead, a run the history covers would be published again under new sequence numbers.
   *
   * @param earlierSessions the held live trades of each earlier session, oldest first
   * @param held            the held live trades of the current session
   */
  Resolution close(List<List<TradeEvent>> earlierSessions, List<TradeEvent> held) {
    final long last = second(lastSecond.get(0));
    final List<TradeEvent> live = new ArrayList<>();
    int count = held.size();
    for (final List<TradeEvent> session : earlierSessions) {
      count += session.size();
      final List<TradeEvent> ofLast = ofSecond(session, last);
      final Match match = match(lastSecond, ofLast, TradeEvent::isSameTrade);
      live.addAll(ofLast.subList(match.contained() ? ofLast.size() : match.overlap(), ofLast.size()));
      live.addAll(after(session, last));
    }
    final List<TradeEvent> liveOfLast = ofSecond(held, last);
    live.addAll(liveOfLast.subList(overlap(lastSecond, liveOfLast), liveOfLast.size()));
    live.addAll(after(held, last));
    final Resolution resolution = new Resolution(List.copyOf(lastSecond), List.copyOf(live), count - live.size());
    lastSecond.clear();
    return resolution;
  }

  private static List<TradeEvent> ofSecond(List<TradeEvent> trades, long second) {
    return trades.stream().filter(trade -> second(trade) == second).toList();
  }

  private static List<TradeEvent> after(List<TradeEvent> trades, long second) {
    return trades.stream().filter(trade -> second(trade) > second).toList();
  }

  /** The length of the longest tail of {@code history} that equals the head of {@code live}. */
  static int overlap(List<TradeEvent> history, List<TradeEvent> live) {
    return overlap(history, live, TradeEvent::isSameTrade);
  }

  /**
   * The same for any equality; Knuth-Morris-Pratt, so at most about 2 (history + live) comparisons. Trying every
   * length instead costs their product when many trades are equal (one lot at the same price in a whole second),
   * which a busy second's thousands of trades make seconds of the poll thread.
   */
  static <T> int overlap(List<T> history, List<T> live, BiPredicate<T, T> same) {
    return match(history, live, same).overlap();
  }

  /**
   * How {@code live} lies in {@code history}.
   *
   * @param overlap   the length of the longest tail of the history that equals the head of live
   * @param contained whether live occurs, whole and contiguous, anywhere in the history
   */
  record Match(int overlap, boolean contained) {
  }

  /** Both at once, in the same single Knuth-Morris-Pratt pass. */
  static <T> Match match(List<T> history, List<T> live, BiPredicate<T, T> same) {
    if (live.isEmpty()) {
      return new Match(0, true);
    }
    final int[] border = borders(live, same);
    int matched = 0; // the longest head of live that is a tail of the history read so far
    boolean contained = false;
    for (final T trade : history) {
      while (matched == live.size() || matched > 0 && !same.test(live.get(matched), trade)) {
        matched = border[matched - 1];
      }
      if (same.test(live.get(matched), trade)) {
        matched++;
      }
      contained |= matched == live.size();
    }
    return new Match(matched, contained);
  }

  /** For each head of {@code live}, the length of its longest proper head that is also its tail. */
  private static <T> int[] borders(List<T> live, BiPredicate<T, T> same) {
    final int[] border = new int[live.size()];
    int length = 0;
    for (int i = 1; i < live.size(); i++) {
      while (length > 0 && !same.test(live.get(i), live.get(length))) {
        length = border[length - 1];
      }
      if (same.test(live.get(i), live.get(length))) {
        length++;
      }
      border[i] = length;
    }
    return border;
  }

  private static long second(TradeEvent trade) {
    return Math.floorDiv(trade.eventTimeMicros(), MICROS_PER_SECOND);
  }
}
