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
 * trade by trade (event time, price, size, side), to the head of the live trades; a run of live trades that occurs
 * whole in the history is in it. This is exact when the subscription started before the second (live holds it
 * all; history is a prefix of it), when the history covers it (live is a tail of it) and when each holds part (the
 * overlap is counted once). On one connection the answer holds every live trade received before it, so the live
 * part is a tail of the history and nothing is added.
 *
 * <p>The history may also run ahead of the live trades read when it ends (a separate historical server answered
 * trades still in flight on the market-data connection). So when no held live trade is of a later second, the
 * seam stays <em>open</em> after the answer: live trades of earlier seconds are dropped as they come, and those of
 * the last second are held while they may still be a run of the history with history after it; the first that
 * makes them no such run closes the seam with the longest overlap, and a trade of a later second closes it with
 * the held ones in the history. They are never more than the history's last second holds.
 *
 * <p>What it cannot tell: identical trades (same time, price, size and side) straddling both the end of the
 * history and the start of the live stream; with whole-second times several identical prints of one second can be
 * taken for history and are then published once fewer. Nor trades that neither side holds: a history that ends
 * before the live stream started (its server lagging its live feed) leaves them out, as from a quiet market. Not
 * thread-safe.
 */
final class BackfillSeam {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final Resolution NOTHING = new Resolution(List.of(), List.of(), 0);
  private static final Resolution ONE_REPLACED = new Resolution(List.of(), List.of(), 1);

  /** Where the seam put each trade. */
  record Resolution(List<TradeEvent> history, List<TradeEvent> live, int replaced) {
  }

  /** Whether two trades are the same one, whichever way each came (a counting one in tests). */
  private final BiPredicate<TradeEvent, TradeEvent> same;
  /** The historical ticks of the latest second received, not published yet; while open, its published history. */
  private final List<TradeEvent> lastSecond = new ArrayList<>();
  /** While open: the live trades of the last second held, a run the history may hold with history after it. */
  private final List<TradeEvent> held = new ArrayList<>();
  /**
   * While open, where the search for the held run in the last second (less its last trade) stands: the borders of
   * the run's heads (see {@link #borders}), how many history trades were read, and how long a head of the run ends
   * at the last one read. It goes on from there as the run grows, so each trade is read once.
   */
  private int[] runBorders = new int[0];
  private int historyRead;
  private int runMatched;
  private boolean open;
  /** While open: how many live trades it was offered since the answer ended. */
  private int offered;

  BackfillSeam() {
    this(TradeEvent::isSameTrade);
  }

  BackfillSeam(BiPredicate<TradeEvent, TradeEvent> same) {
    this.same = same;
  }

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

  /**
   * Whether no historical tick of the answer in progress was received (a backfill clears the seam when it asks;
   * while open, the seam keeps the published history of the last answer).
   */
  boolean isEmpty() {
    return lastSecond.isEmpty();
  }

  /** Whether the answer ended and live trades of its last second are still compared with its history. */
  boolean isOpen() {
    return open;
  }

  /** How many live trades the open seam was offered since the answer ended. */
  int offered() {
    return offered;
  }

  /**
   * Forgets the history and closes the seam; the live trades it held are a run of the history, which was
   * published.
   *
   * @return how many live trades it held
   */
  int clear() {
    final int dropped = held.size();
    lastSecond.clear();
    held.clear();
    open = false;
    return dropped;
  }

  /**
   * Ends the history: resolves its last second against the live trades held meanwhile (in arrival order). Live
   * trades of earlier seconds are replaced by the history; those of later seconds are new. When none is of a later
   * second, the seam stays open (see the class comment) with those of the last second; {@code replaced} does not
   * count the ones it holds.
   *
   * <p>The live trades of a session whose backfill a reconnect superseded are held too, and they are not a head of
   * the current live stream: each such run lies somewhere in the last second, before the current live stream. A
   * run the history holds anywhere in that second is replaced; otherwise the history stopped inside or before it,
   * and it is joined by the longest overlap. Joined as the head of the current live stream instead, a run the
   * history covers would be published again under new sequence numbers.
   *
   * @param earlierSessions the held live trades of each earlier session, oldest first
   * @param current         the held live trades of the current session
   */
  Resolution close(List<List<TradeEvent>> earlierSessions, List<TradeEvent> current) {
    final long last = second(lastSecond.get(0));
    final List<TradeEvent> live = new ArrayList<>();
    int count = current.size();
    for (final List<TradeEvent> session : earlierSessions) {
      count += session.size();
      live.addAll(notInHistory(ofSecond(session, last)));
      live.addAll(after(session, last));
    }
    final List<TradeEvent> history = List.copyOf(lastSecond);
    final List<TradeEvent> later = after(current, last);
    if (later.isEmpty()) {
      openSeam();
      for (final TradeEvent trade : ofSecond(current, last)) {
        if (open) {
          live.addAll(hold(trade).live());
        } else {
          live.add(trade);
        }
      }
    } else {
      live.addAll(notInHistory(ofSecond(current, last)));
      live.addAll(later);
      lastSecond.clear();
    }
    return new Resolution(history, List.copyOf(live), count - live.size() - held.size());
  }

  /**
   * A live trade while the seam is open: dropped when of an earlier second than the history's last, held while it
   * and those held may be a run of the history, else published, with those held that follow the overlap.
   */
  Resolution offer(TradeEvent trade) {
    offered++;
    final long last = second(lastSecond.get(0));
    final long second = second(trade);
    if (second < last) {
      return ONE_REPLACED;
    }
    if (second > last) {
      return new Resolution(List.of(), List.of(trade), clear());
    }
    return hold(trade);
  }

  private void openSeam() {
    open = true;
    offered = 0;
    held.clear();
    historyRead = 0;
    runMatched = 0;
    if (runBorders.length < lastSecond.size()) {
      runBorders = new int[lastSecond.size()]; // the run never outgrows the history while the seam is open
    }
  }

  /**
   * Holds a live trade of the last second while the held run lies in the history with history after it; else
   * closes the seam with the longest overlap.
   */
  private Resolution hold(TradeEvent trade) {
    held.add(trade);
    if (heldRunLiesBeforeTheHistorysEnd()) {
      return NOTHING;
    }
    final int overlap = overlap(lastSecond, held, same);
    final List<TradeEvent> live = List.copyOf(held.subList(overlap, held.size()));
    clear();
    return new Resolution(List.of(), live, overlap);
  }

  /**
   * Whether the held run occurs in the last second less its last trade: Knuth-Morris-Pratt, going on from the
   * shorter run's first occurrence, which is where the longer one's can start at the earliest.
   */
  private boolean heldRunLiesBeforeTheHistorysEnd() {
    final int last = held.size() - 1;
    runBorders[last] = last == 0 ? 0 : next(held, runBorders, runBorders[last - 1], held.get(last), same);
    while (runMatched < held.size() && historyRead < lastSecond.size() - 1) {
      runMatched = next(held, runBorders, runMatched, lastSecond.get(historyRead++), same);
    }
    return runMatched == held.size();
  }

  /** The trades of a run of the last second that the history does not hold. */
  private List<TradeEvent> notInHistory(List<TradeEvent> run) {
    final Match match = match(lastSecond, run, same);
    return run.subList(match.contained() ? run.size() : match.overlap(), run.size());
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
      matched = next(live, border, matched == live.size() ? border[matched - 1] : matched, trade, same);
      contained |= matched == live.size();
    }
    return new Match(matched, contained);
  }

  /** For each head of {@code live}, the length of its longest proper head that is also its tail. */
  private static <T> int[] borders(List<T> live, BiPredicate<T, T> same) {
    final int[] border = new int[live.size()];
    for (int i = 1; i < live.size(); i++) {
      border[i] = next(live, border, border[i - 1], live.get(i), same);
    }
    return border;
  }

  /**
   * One step of the search: given that the head of {@code live} of length {@code matched} (shorter than live)
   * ends just before {@code trade}, the length of the longest head that ends at it.
   *
   * @param border the borders of live's heads up to that length
   */
  private static <T> int next(List<T> live, int[] border, int matched, T trade, BiPredicate<T, T> same) {
    int length = matched;
    while (length > 0 && !same.test(live.get(length), trade)) {
      length = border[length - 1];
    }
    return same.test(live.get(length), trade) ? length + 1 : length;
  }

  private static long second(TradeEvent trade) {
    return Math.floorDiv(trade.eventTimeMicros(), MICROS_PER_SECOND);
  }
}
