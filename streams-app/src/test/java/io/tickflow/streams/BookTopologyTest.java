package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.T0;
import static io.tickflow.streams.TopologyHarness.depth;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.marketstate.BookLevel;
import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.marketstate.OrderBook;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.streams.market.OrderBookState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Order books through the whole topology, each state compared with {@link ReferenceMarketState}'s book. */
class BookTopologyTest {

  private static final String ES = "ESZ26";
  private static final String NQ = "NQZ26";

  private TopologyHarness harness;
  private MarketStateReader reader;
  private ReferenceMarketState reference;

  private void start(int depth, int maxLevels) {
    harness = new TopologyHarness(Map.of(StreamsAppConfig.BOOK_DEPTH_CONFIG, String.valueOf(depth),
        StreamsAppConfig.BOOK_MAX_LEVELS_CONFIG, String.valueOf(maxLevels)));
    reader = harness.reader();
    reference = new ReferenceMarketState(maxLevels);
  }

  @AfterEach
  void tearDown() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void shouldMatchTheReferenceBookWhenSnapshotsAndUpdatesOfTwoSymbolsInterleave() {
    start(5, 50);
    Instant at = T0;
    // Snapshot batches: CLEAR then the levels, the last one ends the batch; the two symbols' records interleave.
    for (String symbol : List.of(ES, NQ)) {
      applyAndCheck(depth(symbol, BookSide.UNKNOWN, DepthAction.CLEAR, 0, 0, false, at));
    }
    for (int level = 0; level < 4; level++) {
      for (String symbol : List.of(ES, NQ)) {
        double base = symbol.equals(ES) ? 5000 : 18000;
        applyAndCheck(depth(symbol, BookSide.BID, DepthAction.INSERT, base - 0.25 * level, 10 + level, false, at));
        applyAndCheck(depth(symbol, BookSide.ASK, DepthAction.INSERT, base + 0.25 * (level + 1), 20 + level,
            level == 3, at));
      }
    }
    at = at.plusMillis(1);
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.UPDATE, 4999.75, 99, true, at));
    // An update of a price not in the book inserts it; a DELETE of a missing level changes nothing.
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.UPDATE, 4999.875, 3, true, at));
    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.DELETE, 6000, 0, true, at));
    // Quantity 0 on an UPDATE or INSERT removes the level.
    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.UPDATE, 5000.25, 0, true, at));
    applyAndCheck(depth(NQ, BookSide.BID, DepthAction.INSERT, 18000, 0, true, at));
    // A crossed book (bid at or above the best ask) is shown as received: no level is dropped to uncross it.
    applyAndCheck(depth(NQ, BookSide.BID, DepthAction.UPDATE, 18000.5, 1, true, at));
    // A CLEAR of one side empties that side only.
    applyAndCheck(depth(NQ, BookSide.ASK, DepthAction.CLEAR, 0, 0, true, at));
    // A second snapshot replaces the whole book.
    at = at.plusMillis(1);
    applyAndCheck(depth(ES, BookSide.UNKNOWN, DepthAction.CLEAR, 0, 0, false, at));
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.INSERT, 4990, 1, false, at));
    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.INSERT, 4991, 2, true, at));

    assertThat(reader.book(NQ).orElseThrow().bids().get(0).price()).isEqualTo(18000.5);
    assertThat(reader.book(ES).orElseThrow().bids()).containsExactly(new BookLevel(4990, 1, 1));
  }

  @Test
  void shouldKeepOneLevelWhenThePriceArrivesWithFloatingPointNoise() {
    start(5, 50);
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.INSERT, 0.1 + 0.2, 5, true, T0));
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.UPDATE, 0.3, 7, true, T0));
    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.INSERT, 0.7, 5, true, T0));
    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.DELETE, 0.1 * 7, 0, true, T0));

    OrderBook book = reader.book(ES).orElseThrow();
    assertThat(book.bids()).containsExactly(new BookLevel(0.3, 7, 1));
    assertThat(book.asks()).isEmpty();
  }

  @Test
  void shouldShowAShortBookWhenABetterLevelGoesAndTheNextOneWasBeyondTheLevelsKept() {
    start(2, 3);
    for (int level = 0; level < 5; level++) {
      harness.pipe(depth(ES, BookSide.BID, DepthAction.INSERT, 100 - level, 1 + level, true, T0));
    }
    assertThat(reader.book(ES).orElseThrow().bids()).extracting(BookLevel::price).containsExactly(100.0, 99.0);

    harness.pipe(depth(ES, BookSide.BID, DepthAction.DELETE, 100, 0, true, T0));
    assertThat(reader.book(ES).orElseThrow().bids()).extracting(BookLevel::price).containsExactly(99.0, 98.0);

    // 97 and 96 went when the side overflowed book.max.levels (3): the book is short until the feed resends them.
    harness.pipe(depth(ES, BookSide.BID, DepthAction.DELETE, 99, 0, true, T0));
    assertThat(reader.book(ES).orElseThrow().bids()).extracting(BookLevel::price).containsExactly(98.0);
  }

  @Test
  void shouldShowTheBookOfTheLastBatchEndWhileABatchIsApplied() {
    start(5, 50);
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.INSERT, 99, 4, true, T0));
    applyAndCheck(depth(ES, BookSide.UNKNOWN, DepthAction.CLEAR, 0, 0, false, T0.plusMillis(1)));
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.INSERT, 100, 1, false, T0.plusMillis(1)));

    OrderBook during = reader.book(ES).orElseThrow();
    assertThat(during.complete()).isFalse();
    assertThat(during.bids()).containsExactly(new BookLevel(99, 4, 1));
    assertThat(during.eventTime()).isEqualTo(T0);

    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.INSERT, 101, 1, true, T0.plusMillis(1)));
    OrderBook after = reader.book(ES).orElseThrow();
    assertThat(after.complete()).isTrue();
    assertThat(after.bids()).containsExactly(new BookLevel(100, 1, 1));
    assertThat(after.eventTime()).isEqualTo(T0.plusMillis(1));
  }

  @Test
  void shouldShowNoBookUntilTheFirstBatchEnds() {
    start(5, 50);
    applyAndCheck(depth(ES, BookSide.UNKNOWN, DepthAction.CLEAR, 0, 0, false, T0));
    applyAndCheck(depth(ES, BookSide.BID, DepthAction.INSERT, 99, 4, false, T0));

    assertThat(reader.book(ES)).isEmpty();
    assertThat(reader.symbols()).containsExactly(ES);

    applyAndCheck(depth(ES, BookSide.ASK, DepthAction.INSERT, 100, 2, true, T0.plusMillis(1)));
    assertThat(reader.book(ES)).get().extracting(OrderBook::complete, OrderBook::eventTime)
        .containsExactly(true, T0.plusMillis(1));
  }

  @Test
  void shouldRestoreTheSameBookFromItsStoredBytes() {
    OrderBookState book = new OrderBookState();
    book.apply(depth(ES, BookSide.ASK, DepthAction.INSERT, 100.75, 2, true, T0), 10);
    book.apply(depth(ES, BookSide.BID, DepthAction.INSERT, 100.25, 3, false, T0), 10);
    book.apply(depth(ES, BookSide.ASK, DepthAction.INSERT, 100.5, 4, false, T0.plusMillis(1)), 10);

    OrderBookState restored = OrderBookState.fromBytes(book.toBytes());
    assertThat(restored.top(ES, 10)).isEqualTo(book.top(ES, 10)).get().extracting(OrderBook::asks).asList()
        .hasSize(1);

    // The batch in progress survives too: ending it shows the same levels.
    DepthUpdate end = depth(ES, BookSide.ASK, DepthAction.INSERT, 101, 1, true, T0.plusMillis(2));
    book.apply(end, 10);
    restored.apply(end, 10);
    assertThat(restored.top(ES, 10)).isEqualTo(book.top(ES, 10));
    assertThat(restored.top(ES, 10).orElseThrow().bids()).hasSize(1);
  }

  @Test
  void shouldReadABookStoredBeforeTheLastCompleteBookWasKept() {
    ByteBuffer halfApplied = ByteBuffer.allocate(1 + 8 + 4 + 20 + 4).put((byte) 0).putLong(1_000_000L).putInt(1)
        .putDouble(100.25).putLong(3).putInt(2).putInt(0);

    OrderBook book = OrderBookState.fromBytes(halfApplied.array()).top(ES, 10).orElseThrow();

    assertThat(book).isEqualTo(new OrderBook(ES, List.of(new BookLevel(100.25, 3, 2)), List.of(), false,
        Instant.ofEpochSecond(1)));
  }

  private void applyAndCheck(DepthUpdate update) {
    harness.pipe(update);
    reference.apply(update.getSymbol(), update);
    assertThat(reader.book(update.getSymbol())).as("book after %s", update)
        .isEqualTo(reference.book(update.getSymbol(), harness.config.bookDepth()));
  }
}
