package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** The overlap search of the seam: the longest tail of the history that is the head of the live trades. */
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
}
