package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.client.AggressorSide;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The seam: the overlap search (the longest tail of the history that is the head of the live trades), and the open
 * seam that recognizes live trades arriving after an answer whose history ran ahead of them.
 */
class BackfillSeamTest {

  private static int overlap(List<Integer> history, List<Integer> live) {
    return BackfillSeam.overlap(history, live, Objects::equals);
  }

  @Test
  void shouldFindTheLongestTailOfTheHistoryThatTheLiveTradesStartWith() {
    assertThat(overlap(List.of(1, 2, 3), List.of(2, 3, 4))).isEqualTo(2);
    assertThat(overlap(List.of(1, 2, 3), List.of(1, 2, 3, 4))).as("history a prefix of live").isEqualTo(3);
    assertThat(overlap(List.of(1, 2, 3, 4), List.of(3, 4))).as("live a tail of history").isEqualTo(2);
    assertThat(overlap(List.of(1, 2, 3), List.of(4, 5))).isZero();
    assertThat(overlap(List.of(1, 2, 3), List.of())).isZero();
    assertThat(overlap(List.of(), List.of(1))).isZero();
    assertThat(overlap(List.of(1, 1, 2, 1, 1), List.of(1, 1, 2, 1, 1, 3))).isEqualTo(5);
    assertThat(overlap(List.of(1, 2, 1, 2, 1), List.of(1, 2, 1, 3))).as("a shorter border when the longer fails")
        .isEqualTo(3);
    assertThat(overlap(List.of(1, 1, 1), List.of(1, 1))).isEqualTo(2);
    assertThat(overlap(List.of(3, 1, 2), List.of(1, 2, 1, 2))).isEqualTo(2);
  }

  /**
   * A busy second holds thousands of trades, and with whole-second times many of them are equal (one lot at the
   * same price): the search runs on the poll thread, so its comparisons must grow with the trades, not their square.
   */
  @Test
  void shouldCompareTradesOfABusySecondALinearNumberOfTimes() {
    final int trades = 5_000;
    final List<Integer> history = new ArrayList<>(Collections.nCopies(trades, 1));
    history.add(2); // its last trade is not among the live ones
    final List<Integer> live = Collections.nCopies(trades, 1);
    final AtomicLong comparisons = new AtomicLong();
    final BiPredicate<Integer, Integer> counting = (a, b) -> {
      comparisons.incrementAndGet();
      return a.equals(b);
    };

    assertThat(BackfillSeam.overlap(history, live, counting)).isZero();
    assertThat(comparisons.get()).isLessThanOrEqualTo(4L * (history.size() + live.size()));
  }

  private static final long S10 = 1_700_000_010_000_000L;

  private static TradeEvent trade(long micros, double price) {
    return new TradeEvent(price, 1, AggressorSide.BUY, micros, Instant.EPOCH);
  }

  /** A seam whose answer ended with the history {@code history} and no live trade held. */
  private static BackfillSeam answered(TradeEvent... history) {
    final BackfillSeam seam = new BackfillSeam();
    for (final TradeEvent tick : history) {
      seam.add(tick);
    }
    assertThat(seam.close(List.of(), List.of()).history()).containsExactly(history);
    return seam;
  }

  @Test
  void shouldHoldTheLiveTradesTheHistoryHoldsAheadOfThemAndReplaceThemWhenTheLiveStreamReachesItsEnd() {
    final TradeEvent a = trade(S10 + 100_000, 100);
    final TradeEvent b = trade(S10 + 200_000, 101);
    final TradeEvent c = trade(S10 + 300_000, 102);
    final BackfillSeam seam = answered(a, b, c);

    assertThat(seam.isOpen()).isTrue();
    assertThat(seam.offer(trade(S10 - 500_000, 99))).as("an earlier second").isEqualTo(replaced(1));
    assertThat(seam.offer(a)).isEqualTo(replaced(0));
    assertThat(seam.offer(b)).isEqualTo(replaced(0));
    assertThat(seam.offer(c)).isEqualTo(replaced(2 + 1));
    assertThat(seam.isOpen()).isFalse();
  }

  @Test
  void shouldPublishTheHeldLiveTradesThatFollowTheOverlapOnceTheyAreNoRunOfTheHistory() {
    final TradeEvent x = trade(S10, 100);
    final TradeEvent y = trade(S10, 100.5);
    final TradeEvent z = trade(S10, 101);
    final BackfillSeam seam = answered(x, x, y);

    assertThat(seam.offer(x)).isEqualTo(replaced(0));
    assertThat(seam.offer(x)).isEqualTo(replaced(0));
    assertThat(seam.offer(z)).as("x x z came after the history: none is in it")
        .isEqualTo(new BackfillSeam.Resolution(List.of(), List.of(x, x, z), 0));
    assertThat(seam.isOpen()).isFalse();
  }

  @Test
  void shouldReplaceTheHeldRunAndPublishATradeOfALaterSecond() {
    final TradeEvent a = trade(S10 + 100_000, 100);
    final TradeEvent later = trade(S10 + 1_100_000, 101);
    final BackfillSeam seam = answered(a, trade(S10 + 300_000, 100.5), trade(S10 + 500_000, 100.75));
    seam.offer(a);

    assertThat(seam.offer(later)).isEqualTo(new BackfillSeam.Resolution(List.of(), List.of(later), 1));
    assertThat(seam.isOpen()).isFalse();
  }

  @Test
  void shouldStayClosedWhenALiveTradeOfALaterSecondWasHeldWhenTheAnswerEnded() {
    final BackfillSeam seam = new BackfillSeam();
    final TradeEvent a = trade(S10 + 100_000, 100);
    final TradeEvent later = trade(S10 + 1_100_000, 101);
    seam.add(a);
    seam.add(trade(S10 + 300_000, 100.5));

    assertThat(seam.close(List.of(), List.of(a, later)).live()).containsExactly(later);
    assertThat(seam.isOpen()).isFalse();
  }

  @Test
  void shouldReportTheLiveTradesItHeldWhenCleared() {
    final TradeEvent a = trade(S10 + 100_000, 100);
    final BackfillSeam seam = answered(a, trade(S10 + 300_000, 100.5));
    seam.offer(trade(S10 - 500_000, 99));
    seam.offer(a);

    assertThat(seam.offered()).isEqualTo(2);
    assertThat(seam.clear()).isEqualTo(1);
    assertThat(seam.isOpen()).isFalse();
  }

  /**
   * The live stream behind a whole second of equal prints (one lot at the same price): while the seam is open every
   * print may still be any of the history's, and each is offered on the poll thread, so the comparisons must grow
   * with the trades, not their square.
   */
  @Test
  void shouldCompareALinearNumberOfTimesWhileTheLiveStreamCatchesUpWithABusySecondOfEqualPrints() {
    final int trades = 5_000;
    final AtomicLong comparisons = new AtomicLong();
    final BackfillSeam seam = new BackfillSeam((a, b) -> {
      comparisons.incrementAndGet();
      return a.isSameTrade(b);
    });
    final TradeEvent print = trade(S10, 100);
    for (int i = 0; i < trades; i++) {
      seam.add(print);
    }
    seam.close(List.of(), List.of());

    for (int i = 1; i < trades; i++) {
      assertThat(seam.offer(print)).as("the history holds more").isEqualTo(replaced(0));
    }
    assertThat(seam.offer(print)).isEqualTo(replaced(trades));
    assertThat(comparisons.get()).isLessThanOrEqualTo(4L * (trades + trades));
  }

  private static BackfillSeam.Resolution replaced(int count) {
    return new BackfillSeam.Resolution(List.of(), List.of(), count);
  }
}
