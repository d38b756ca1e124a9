package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.T0;
import static io.tickflow.streams.TopologyHarness.definition;
import static io.tickflow.streams.TopologyHarness.depth;
import static io.tickflow.streams.TopologyHarness.quote;
import static io.tickflow.streams.TopologyHarness.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tickflow.bars.SymbolState;
import io.tickflow.marketstate.BookLevel;
import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.marketstate.OrderBook;
import io.tickflow.marketstate.StoreLookup;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.Quote;
import io.tickflow.streams.metrics.PipelineCounts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Latest quotes, order books, the read API and operator naming through the whole topology. */
class MarketStateTopologyTest {

  private TopologyHarness harness;
  private MarketStateReader reader;

  @BeforeEach
  void setUp() {
    harness = new TopologyHarness(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m,5m",
        StreamsAppConfig.BOOK_DEPTH_CONFIG, "2"));
    reader = harness.reader();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void shouldKeepTheLatestValidQuoteByEventTime() {
    harness.pipe(quote("ESZ2026", 99.75, 100.0, T0.plusSeconds(2)));
    harness.pipe(quote("ESZ26", 99.50, 99.75, T0.plusSeconds(1)));

    Quote latest = reader.latestQuote("ESZ26").orElseThrow();
    assertThat(latest.getBidPrice()).isEqualTo(99.75);
    assertThat(latest.getEventTime()).isEqualTo(T0.plusSeconds(2));
    assertThat(harness.counts("quotes")).isEqualTo(new PipelineCounts(2, 2, Map.of()));
  }

  @Test
  void shouldKeepTheOtherSideOfAQuoteThatLeavesASideUnset() {
    harness.pipe(quote("ESZ26", 99.75, 100.0, T0));
    harness.pipe(quote("ESZ26", null, 100.25, T0.plusSeconds(1)));
    harness.pipe(quote("ESZ26", 99.50, null, T0.plusSeconds(2)));

    Quote latest = reader.latestQuote("ESZ26").orElseThrow();
    assertThat(latest.getBidPrice()).isEqualTo(99.50);
    assertThat(latest.getBidSize()).isEqualTo(10L);
    assertThat(latest.getAskPrice()).isEqualTo(100.25);
    assertThat(latest.getAskSize()).isEqualTo(12L);
    assertThat(latest.getEventTime()).isEqualTo(T0.plusSeconds(2));
    assertThat(harness.counts("quotes")).isEqualTo(new PipelineCounts(3, 3, Map.of()));
  }

  @Test
  void shouldDeadLetterCrossedQuote() {
    harness.pipe(quote("ESZ26", 100.25, 100.0, T0));

    DeadLetter letter = harness.deadLetters.readValue();
    assertThat(letter.getReasonCode()).isEqualTo("crossed_quote");
    assertThat(letter.getDetail()).isEqualTo("bid 100.25 is above ask 100.0");
    assertThat(letter.getSourceTopic()).isEqualTo("tickflow.raw.quotes");
    assertThat(reader.latestQuote("ESZ26")).isEmpty();
    assertThat(harness.counts("quotes")).isEqualTo(new PipelineCounts(1, 0, Map.of("crossed_quote", 1L)));
  }

  @Test
  void shouldDeadLetterQuotesAndDepthWithoutASymbol() {
    harness.pipe(quote(" ", 99.75, 100.0, T0));
    harness.pipe(depth("", BookSide.BID, DepthAction.INSERT, 99.75, 5, true, T0));

    assertThat(harness.deadLetters.readValuesToList()).extracting(DeadLetter::getSourceTopic, DeadLetter::getReasonCode)
        .containsExactly(tuple("tickflow.raw.quotes", "symbol_invalid"), tuple("tickflow.raw.depth", "symbol_invalid"));
    assertThat(reader.symbols()).isEmpty();
    assertThat(harness.counts("quotes")).isEqualTo(new PipelineCounts(1, 0, Map.of("symbol_invalid", 1L)));
    assertThat(harness.counts("depth")).isEqualTo(new PipelineCounts(1, 0, Map.of("symbol_invalid", 1L)));
  }

  @Test
  void shouldBuildTopLevelsOfTheBookFromDepthUpdates() {
    harness.pipe(depth("ESZ26", BookSide.BID, DepthAction.INSERT, 99.75, 5, false, T0));
    harness.pipe(depth("ESZ26", BookSide.BID, DepthAction.INSERT, 99.50, 7, false, T0));
    harness.pipe(depth("ESZ26", BookSide.BID, DepthAction.INSERT, 99.25, 9, false, T0));
    harness.pipe(depth("ESZ26", BookSide.ASK, DepthAction.INSERT, 100.00, 3, true, T0));
    harness.pipe(depth("ESZ26", BookSide.BID, DepthAction.DELETE, 99.75, 0, false, T0.plusMillis(1)));
    harness.pipe(depth("ESZ26", BookSide.ASK, DepthAction.UPDATE, 100.00, 4, true, T0.plusMillis(1)));

    OrderBook book = reader.book("ESZ26").orElseThrow();
    assertThat(book.bids()).containsExactly(new BookLevel(99.50, 7, 1), new BookLevel(99.25, 9, 1));
    assertThat(book.asks()).containsExactly(new BookLevel(100.00, 4, 1));
    assertThat(book.complete()).isTrue();

    harness.pipe(depth("ESZ26", BookSide.UNKNOWN, DepthAction.CLEAR, 0, 0, true, T0.plusMillis(2)));
    OrderBook cleared = reader.book("ESZ26").orElseThrow();
    assertThat(cleared.bids()).isEmpty();
    assertThat(cleared.asks()).isEmpty();
    assertThat(cleared.complete()).isTrue();
  }

  @Test
  void shouldDeadLetterLevelUpdateWithoutBookSide() {
    harness.pipe(depth("ESZ26", BookSide.UNKNOWN, DepthAction.INSERT, 99.75, 5, true, T0));

    assertThat(harness.deadLetters.readValue().getReasonCode()).isEqualTo("book_side_unknown");
    assertThat(harness.counts("depth")).isEqualTo(new PipelineCounts(1, 0, Map.of("book_side_unknown", 1L)));
  }

  @Test
  void shouldAnswerBarQueriesWithFinalThenOpenBars() {
    Instant minute = Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < 4; i++) {
      harness.pipe(trade("ESZ26", 100 + i, 1, minute.plusSeconds(60L * i + 1)));
    }

    List<Bar> bars = reader.bars("ESZ26", "1m", minute, minute.plusSeconds(600), 10);
    assertThat(bars).extracting(b -> b.getWindowStart() + " " + b.getIsFinal()).containsExactly(
        "2026-03-02T14:30:00Z true", "2026-03-02T14:31:00Z true", "2026-03-02T14:32:00Z false",
        "2026-03-02T14:33:00Z false");
    assertThat(reader.bars("ESZ26", "1m", minute.plusSeconds(60), minute.plusSeconds(180), 10))
        .extracting(Bar::getOpen).containsExactly(101.0, 102.0);
    assertThat(reader.bars("ESZ26", "1m", minute, minute.plusSeconds(600), 2)).hasSize(2);
    // The 14:32 bar is still open: it takes late trades until 14:33:05, five seconds of grace after its end.
    assertThat(reader.latestBar("ESZ26", "1m").orElseThrow().getOpen()).isEqualTo(103.0);
    assertThat(reader.latestBar("ESZ26", "5m").orElseThrow().getVolume()).isEqualTo(4);
    assertThat(reader.latestTrade("ESZ26").orElseThrow().getPrice()).isEqualTo(103.0);
    assertThat(reader.latestBar("NQZ26", "1m")).isEmpty();
  }

  @Test
  void shouldAnswerNewestBarsOldestFirstWhenMoreMatchThanTheLimit() {
    Instant minute = Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < 5; i++) {
      harness.pipe(trade("ESZ26", 100 + i, 1, minute.plusSeconds(60L * i + 1)));
    }

    // 14:30 to 14:32 are final (stream time 14:34:01), 14:33 and 14:34 open.
    assertThat(reader.newestBars("ESZ26", "1m", minute, minute.plusSeconds(600), 3)).extracting(Bar::getOpen)
        .containsExactly(102.0, 103.0, 104.0);
    assertThat(reader.newestBars("ESZ26", "1m", minute, minute.plusSeconds(600), 4)).extracting(Bar::getOpen)
        .containsExactly(101.0, 102.0, 103.0, 104.0);
    assertThat(reader.newestBars("ESZ26", "1m", minute, minute.plusSeconds(240), 10)).extracting(Bar::getOpen)
        .containsExactly(100.0, 101.0, 102.0, 103.0);
    assertThat(reader.newestBars("ESZ26", "1m", minute.plusSeconds(60), minute.plusSeconds(120), 10))
        .extracting(Bar::getOpen).containsExactly(101.0);
    assertThat(reader.newestBars("NQZ26", "1m", minute, minute.plusSeconds(600), 10)).isEmpty();
  }

  /**
   * An activity bar open at its session's end stays open until the symbol's clock passes that end plus the grace,
   * while the next session's first bars can meet their rule and be final already: the open bar is then older than
   * final ones. Reads answered it as the newest (the latest bar, the last of a range, and the one a limit kept).
   */
  @Test
  void shouldOrderAnOpenActivityBarOfTheLastSessionBeforeTheFinalBarsOfTheNext() {
    Instant midnight = Instant.parse("2026-03-03T00:00:00Z");
    try (TopologyHarness activity = oneMinuteAndT2Bars(midnight.minusSeconds(1), midnight.plusMillis(500),
        midnight.plusSeconds(1))) {
      MarketStateReader bars = activity.reader();

      Instant from = midnight.minusSeconds(60);
      Instant to = midnight.plusSeconds(60);
      // 23:59:59 waits for 00:00:05 (session end plus grace); the next session's first T2 bar is final.
      assertThat(bars.newestBars("ESZ26", "T2", from, to, 10)).extracting(b -> b.getOpen() + " " + b.getIsFinal())
          .containsExactly("100.0 false", "101.0 true");
      assertThat(bars.newestBars("ESZ26", "T2", from, to, 1)).extracting(Bar::getOpen).containsExactly(101.0);
      assertThat(bars.bars("ESZ26", "T2", from, to, 10)).extracting(Bar::getOpen).containsExactly(100.0, 101.0);
      assertThat(bars.bars("ESZ26", "T2", from, to, 1)).extracting(Bar::getOpen).containsExactly(100.0);
      assertThat(bars.latestBar("ESZ26", "T2").orElseThrow().getOpen()).isEqualTo(101.0);
    }
  }

  /**
   * A time series' open bar is its newest (its windows close in order), so its latest bar reads the final bars only
   * to check that the open window has none yet; an activity series' open bar can be older than a final one, so its
   * latest bar reads the newest final bar too.
   */
  @Test
  void shouldReadTheNewestFinalBarForTheLatestBarOfAnActivitySeriesOnly() {
    Instant minute = Instant.parse("2026-03-02T14:30:00Z");
    try (TopologyHarness both = oneMinuteAndT2Bars(minute.plusSeconds(1), minute.plusSeconds(70),
        minute.plusSeconds(80))) {
      List<String> reads = new ArrayList<>();
      MarketStateReader bars = MarketStateReader.of(StoreLookup.of(both.driver::getKeyValueStore,
          name -> recordingReads(both.driver.getWindowStore(name), reads)), both.config);

      // 14:30 is final (stream time 14:31:20 is past its end plus five seconds of grace), 14:31 open.
      assertThat(bars.latestBar("ESZ26", "1m").orElseThrow().getOpen()).isEqualTo(101.0);
      assertThat(reads).as("window store reads of the latest 1m bar").containsExactly("fetch from " + minute
          .plusSeconds(60));
      reads.clear();
      // The bar of 14:30:01 and 14:31:10 is final, the one of 14:31:20 open.
      assertThat(bars.latestBar("ESZ26", "T2").orElseThrow().getOpen()).isEqualTo(102.0);
      assertThat(reads).as("window store reads of the latest T2 bar").containsExactly("backwardFetch from "
          + Instant.EPOCH);
    }
  }

  /** A topology of 1m and T2 bars that has read trades of ESZ26 at 100, 101, ... at these times. */
  private static TopologyHarness oneMinuteAndT2Bars(Instant... times) {
    TopologyHarness harness = new TopologyHarness(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m",
        StreamsAppConfig.BARS_ACTIVITY_CONFIG, "*=T2"));
    for (int i = 0; i < times.length; i++) {
      harness.pipe(trade("ESZ26", 100 + i, 1, times[i]));
    }
    return harness;
  }

  /** The store, each read recorded as its method and the start of the range it asks. */
  private static ReadOnlyWindowStore<?, ?> recordingReads(ReadOnlyWindowStore<?, ?> store, List<String> reads) {
    return (ReadOnlyWindowStore<?, ?>) Proxy.newProxyInstance(ReadOnlyWindowStore.class.getClassLoader(),
        new Class<?>[] {ReadOnlyWindowStore.class}, (proxy, method, args) -> {
          Object from = args == null ? "" : Arrays.stream(args).filter(Instant.class::isInstance).findFirst()
              .orElse("");
          reads.add(method.getName() + " from " + from);
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * Interactive queries read the open bars in the symbol state as of the last commit ({@code WriteAtCommitStore}),
   * the final bars as soon as the trade that closed them is processed: until the next commit a window that closed
   * since is in both, and its final bar is the bar. Answering the stale open one after it gave a WebSocket snapshot
   * an older version than the final bar the live feed had already sent, so the client kept it for good.
   */
  @Test
  void shouldAnswerTheFinalBarOfAWindowStillOpenInTheStateOfTheLastCommit() {
    Instant minute = Instant.parse("2026-03-02T14:30:00Z");
    harness.pipe(trade("ESZ26", 100, 1, minute.plusSeconds(1)));
    SymbolState lastCommit = harness.driver.<String, SymbolState>getKeyValueStore(TickflowStores.SYMBOL_STATE)
        .get("ESZ26");
    // Past 14:31 plus five seconds of grace: 14:30 is final.
    harness.pipe(trade("ESZ26", 101, 1, minute.plusSeconds(66)));

    MarketStateReader beforeCommit = new MarketStateReader(StoreLookup.of(name -> name.equals(
        TickflowStores.SYMBOL_STATE) ? new OneKeyStore<>("ESZ26", lastCommit) : harness.driver.getKeyValueStore(name),
        harness.driver::getWindowStore), List.of("1m", "5m"), 2);
    assertThat(beforeCommit.newestBars("ESZ26", "1m", minute, minute.plusSeconds(600), 10))
        .extracting(b -> b.getWindowStart() + " " + b.getIsFinal()).containsExactly("2026-03-02T14:30:00Z true");
    assertThat(beforeCommit.bars("ESZ26", "1m", minute, minute.plusSeconds(600), 10))
        .extracting(b -> b.getWindowStart() + " " + b.getIsFinal()).containsExactly("2026-03-02T14:30:00Z true");
    assertThat(beforeCommit.latestBar("ESZ26", "1m").orElseThrow().getIsFinal()).isTrue();
    assertThat(beforeCommit.latestBar("ESZ26", "5m").orElseThrow().getIsFinal()).isFalse();
  }

  /** A read-only store holding one key: the state of one symbol as some moment left it. */
  private record OneKeyStore<V>(String key, V value) implements ReadOnlyKeyValueStore<String, V> {

    @Override
    public V get(String wanted) {
      return key.equals(wanted) ? value : null;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
      throw new UnsupportedOperationException("range");
    }

    @Override
    public KeyValueIterator<String, V> all() {
      throw new UnsupportedOperationException("all");
    }

    @Override
    public long approximateNumEntries() {
      return 1;
    }
  }

  /**
   * The bar stores key bars by millisecond, the API's range is to the microsecond: a final bar starting less than a
   * millisecond before {@code from} is outside it (a client asking for the bars after the last one it has got that one
   * again).
   */
  @Test
  void shouldBoundFinalBarsToTheMicrosecond() {
    Instant minute = Instant.parse("2026-03-02T14:30:00Z");
    for (int i = 0; i < 4; i++) {
      harness.pipe(trade("ESZ26", 100 + i, 1, minute.plusSeconds(60L * i + 1)));
    }
    Instant afterFirst = minute.plusNanos(1_000);

    assertThat(reader.newestBars("ESZ26", "1m", afterFirst, minute.plusSeconds(600), 10)).extracting(Bar::getOpen)
        .containsExactly(101.0, 102.0, 103.0);
    assertThat(reader.bars("ESZ26", "1m", afterFirst, minute.plusSeconds(600), 10)).extracting(Bar::getOpen)
        .containsExactly(101.0, 102.0, 103.0);
    assertThat(reader.newestBars("ESZ26", "1m", afterFirst, minute.plusSeconds(60), 10)).isEmpty();
    assertThat(reader.bars("ESZ26", "1m", minute, minute.plusSeconds(60).plusNanos(1_000), 10))
        .extracting(Bar::getOpen).containsExactly(100.0, 101.0);
  }

  @Test
  void shouldRejectUnknownTimeframeWithTheKnownOnes() {
    assertThatThrownBy(() -> reader.bars("ESZ26", "2m", T0, T0.plusSeconds(60), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Unknown timeframe '2m'; known: [1m, 5m]");
  }

  @Test
  void shouldListSymbolsOfTradesQuotesAndBooks() {
    harness.pipe(trade("ESZ26", 100, 1, T0));
    harness.pipe(quote("NQZ26", 200.0, 200.25, T0));
    harness.pipe(depth("CLZ26", BookSide.BID, DepthAction.INSERT, 70.0, 1, true, T0));

    assertThat(reader.symbols()).containsExactly("CLZ26", "ESZ26", "NQZ26");
  }

  /** The query service's stale-feed monitor finds a symbol's market hours by it. */
  @Test
  void shouldTellTheExchangeOfASymbolFromItsSecurityDefinition() {
    harness.pipe(definition("ESZ26", 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(trade("NQZ26", 200, 1, T0));

    assertThat(reader.exchange("ESZ26")).contains("CME");
    assertThat(reader.exchange("NQZ26")).isEmpty();
  }

  /** The query service's instruments endpoint and chart page show how a symbol's prices are written. */
  @Test
  void shouldReadTheLatestSecurityDefinitionOfASymbol() {
    harness.pipe(definition("ESZ26", 0.5, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(definition("ESZ26", 0.25, LocalTime.of(17, 0), "America/Chicago"));

    assertThat(reader.definition("ESZ26")).hasValueSatisfying(definition -> {
      assertThat(definition.getTickSize()).isEqualTo(0.25);
      assertThat(definition.getPriceDisplayFormat()).isEqualTo(2);
      assertThat(definition.getDescription()).isEqualTo("test instrument");
    });
    assertThat(reader.definition("NQZ26")).isEmpty();
  }

  @Test
  void shouldListTheSecurityDefinitionsByCanonicalSymbol() {
    harness.pipe(definition("NQZ6", 0.25, LocalTime.of(17, 0), "America/Chicago"));
    harness.pipe(definition("ESZ26", 0.25, LocalTime.of(17, 0), "America/Chicago"));

    assertThat(reader.definitions()).containsOnlyKeys("ESZ26", "NQZ26");
    assertThat(reader.definitions().get("NQZ26").getSymbol()).as("as the feed spelled it").isEqualTo("NQZ6");
  }

  @Test
  void shouldNameEveryOperatorStoreAndRepartition() {
    String description = TickflowTopology.build(harness.config).describe().toString();

    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description).contains("trades-by-symbol-repartition", TickflowStores.TRADE_DEDUP,
        TickflowStores.SYMBOL_STATE, TickflowStores.bars("1m"), TickflowStores.LATEST_QUOTES, TickflowStores.BOOKS,
        TickflowStores.SECURITY_DEFINITIONS);
  }
}
