package io.tickflow.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dedup stage over a real window store, RocksDB and in-memory. The tests that matter restart the processor on a
 * store it filled and committed before, as after a restore: the lookup it skips for trades newer than its symbol's
 * watermark must not let a copy of an older stored trade through.
 */
class DedupProcessorTest {

  /** RocksDB's segments of a one-day store are twelve hours from the epoch: one starts at T0 + 10 h. */
  private static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");

  @TempDir
  Path stateDir;

  private WrappedStateStore<WindowStore<Bytes, byte[]>, Bytes, byte[]> store;
  private long legacyChunkId;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldDropCopiesOfStoredTradesWhenRestartedOnTheStore(boolean inMemory) {
    MockProcessorContext<String, Trade> first = openStore(inMemory);
    Trade older = trade("ES", 10, 1);
    Trade newest = trade("ES", 20, 2);
    Trade longerSymbol = trade("ESZ26", 30, 3);
    assertThat(run(first, older, newest, longerSymbol)).containsExactly(older, newest, longerSymbol);
    store.flushCache(); // the commit

    MockProcessorContext<String, Trade> restarted = context();
    Trade newer = trade("ES", 15, 4);
    Trade sameTimeOtherSequence = trade("ES", 20, 5);
    assertThat(run(restarted, copy(newest), copy(older), newer, sameTimeOtherSequence, copy(longerSymbol),
        copy(newer))).containsExactly(newer, sameTimeOtherSequence);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldDropCopiesWhenTimesGoBackAndRepeatWithinOneRun(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    Trade a = trade("NQ", 50, 1);
    Trade b = trade("NQ", 40, 2);
    Trade c = trade("NQ", 50, 3);

    assertThat(run(context, a, b, copy(a), c, copy(b), copy(c))).containsExactly(a, b, c);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldRememberEveryTradeOfABusyMinuteAcrossChunksCommitsAndWindows(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    int perCommit = AppendAtCommitWindowStore.MAX_CHUNK_BYTES / DedupProcessor.TAIL_BYTES + 7; // two chunks each
    List<Trade> trades = new ArrayList<>();
    // Each commit's chunks in the window of its second: the store returns the minute's by window (in-memory) or by
    // chunk id (RocksDB), either way a commit's two chunks next to each other.
    for (int sequence = 0; sequence < 3 * perCommit; sequence++) {
      trades.add(trade("CL", 5 - 2 * (sequence / perCommit), sequence));
    }
    run(context, trades.subList(0, perCommit).toArray(Trade[]::new));
    store.flushCache();
    run(context(), trades.subList(perCommit, 2 * perCommit).toArray(Trade[]::new));
    store.flushCache();
    run(context(), trades.subList(2 * perCommit, 3 * perCommit).toArray(Trade[]::new));
    store.clearCache(); // a crash: this batch was never committed

    MockProcessorContext<String, Trade> restarted = context();
    List<Trade> copies = new ArrayList<>(trades.stream().map(DedupProcessorTest::copy).toList());
    Collections.shuffle(copies, new Random(7));
    Trade unseen = trade("CL", 3, 3 * perCommit);
    copies.add(unseen);
    // The third batch was lost with the outputs it made, so its trades are new again.
    assertThat(run(restarted, copies.toArray(Trade[]::new))).hasSize(perCommit + 1)
        .containsAll(trades.subList(2 * perCommit, 3 * perCommit).stream().map(DedupProcessorTest::copy).toList())
        .contains(unseen);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldDropCopiesOfAHistoryWrittenMoreThanTheHorizonBehindAnotherSymbolsWhenCommittedAndRestarted(
      boolean inMemory) {
    // NQ's history is three days ahead of ES's in this partition (files caught up one after the other): the store's
    // time is NQ's, and ES's seconds are beyond its one-day retention.
    Trade ahead = trade("NQ", 3 * 86_400, 1);
    Trade first = trade("ES", 10, 2);
    Trade second = trade("ES", 20, 3);
    Trade third = trade("ES", 30, 4);
    acceptedAndCommitted(inMemory, ahead, first, second, third);

    assertThat(run(context(), copy(second), copy(first), copy(third), copy(ahead))).isEmpty();
  }

  /**
   * A symbol whose history caught up from behind the partition's newest window: its older minutes were relocated to
   * windows later than those of its newer minutes. The store returns the latest window first (in-memory: by window;
   * RocksDB: by segment, the relocated one being in the later segment), yet the watermark learned at a restart must
   * be the end of the symbol's latest minute, or the copy of its latest trade skips the lookup.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldLearnTheLatestMinuteWhenAnOlderOneWasRelocatedToALaterWindow(boolean inMemory) {
    Trade ahead = trade("NQ", hours(80), 1); // relocates what is more than 12 h older: before 68 h
    Trade relocated = trade("ES", hours(67) + 10, 2); // stored in window 79 h + 10 s (the segment from 70 h)
    Trade latest = trade("ES", hours(68) + 30, 3); // stored in its own window (the segment from 58 h)
    acceptedAndCommitted(inMemory, ahead, relocated, latest);

    Trade next = trade("ES", hours(68) + 45, 4);
    assertThat(run(context(), copy(latest), copy(relocated), next)).containsExactly(next);
  }

  /**
   * After a restart the newest window is learned from the store's first record, which RocksDB takes from its latest
   * segment by key (here ZN's, at 71 h, where NQ's is at 80 h); a copy of a relocated trade must still be found in its
   * later window, though the symbol's latest chunk (ES at 70 h 30 s) was not relocated.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldFindARelocatedTradeAfterARestartWhateverTheNewestWindowReadFirst(boolean inMemory) {
    Trade ahead = trade("NQ", hours(80), 1);
    Trade lastKey = trade("ZN", hours(71), 2);
    Trade relocated = trade("ES", hours(67) + 10, 3); // stored in window 79 h + 10 s
    Trade latest = trade("ES", hours(70) + 30, 4);
    acceptedAndCommitted(inMemory, ahead, lastKey, relocated, latest);

    assertThat(run(context(), copy(relocated), copy(latest))).isEmpty();
  }

  /**
   * History caught up far behind the partition after a restart is remembered for half the horizon of the partition's
   * time, though the first record RocksDB returns at init (ZN's at 70 h 10 min, first by key in the latest segment) is
   * eleven hours short of the store's newest window (NQ's at 81 h 50 min), also in a store written by a build before
   * the newest-window record.
   */
  @ParameterizedTest
  @CsvSource({"false, false", "true, false", "false, true", "true, true"})
  void shouldRememberHistoryCaughtUpAfterARestartForHalfTheHorizon(boolean inMemory, boolean olderBuild) {
    int newest = hours(81) + 50 * 60;
    acceptedAndCommitted(inMemory, trade("NQ", newest, 1), trade("ZN", hours(70) + 10 * 60, 2));
    if (olderBuild) {
      OlderBuilds.dropNewestWindowRecords(store.wrapped());
    }
    Trade history = trade("ES", hours(46) + 10 * 60, 3);
    assertThat(run(context(), history)).containsExactly(history);
    store.flushCache();
    Trade halfHorizonLater = trade("NQ", newest + hours(12) - 1, 4);
    assertThat(run(context(), halfHorizonLater)).containsExactly(halfHorizonLater);
    store.flushCache();

    assertThat(run(context(), copy(history))).isEmpty();
  }

  /**
   * A minute's chunk lives in the window of its latest second: the retention, which runs on windows, keeps an identity
   * one second inside the horizon though its minute began before it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldRememberAnIdentityOneSecondInsideTheHorizon(boolean inMemory) {
    Trade minuteStart = trade("ES", 0, 1);
    Trade minuteEnd = trade("ES", 59, 2);
    Trade horizonLater = trade("NQ", 59 + hours(24) - 1, 3);
    acceptedAndCommitted(inMemory, minuteStart, minuteEnd, horizonLater);

    assertThat(run(context(), copy(minuteEnd))).isEmpty();
  }

  /**
   * NQ's newest window relocates what is before 60 h 30 s: one commit appends to ES's minute from 60 h a trade in its
   * own window, then one relocated, and the minute's bytes go to the relocated window, where both are found, pending
   * and committed, though the first is itself too recent to have been relocated.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldFindTradesOfAMinuteWhoseCommitRelocatedOnlySomeOfThem(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    Trade ahead = trade("NQ", hours(72) + 30, 1);
    Trade inItsWindow = trade("ES", hours(60) + 45, 2);
    Trade relocated = trade("ES", hours(60) + 10, 3); // to window 72 h + 10 s
    Trade nextMinute = trade("ES", hours(60) + 90, 4);
    assertThat(run(context, ahead, inItsWindow, relocated, nextMinute, copy(inItsWindow), copy(relocated)))
        .containsExactly(ahead, inItsWindow, relocated, nextMinute);
    store.flushCache();

    assertThat(run(context(), copy(inItsWindow), copy(relocated))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldForgetWhatAnAbortedCommitAppended(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    Trade trade = trade("GC", 1, 1);
    run(context, trade);
    store.clearCache(); // the transaction is aborted

    assertThat(run(context(), copy(trade))).containsExactly(copy(trade));
  }

  /** A commit writes one record per symbol and event minute, however many seconds its trades cover. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldStoreOneRecordPerSymbolAndMinuteAtACommit(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    List<Trade> trades = new ArrayList<>();
    for (int second = 0; second < 120; second++) {
      trades.add(trade("ES", second, second));
      trades.add(trade("NQ", second / 2, second));
    }
    assertThat(run(context, trades.toArray(Trade[]::new))).hasSize(240);
    store.flushCache();

    int records = 0;
    try (KeyValueIterator<Windowed<Bytes>, byte[]> all = store.wrapped().all()) {
      while (all.hasNext()) {
        records += all.next().key.key().equals(AppendAtCommitWindowStore.NEWEST_WINDOW_KEY) ? 0 : 1;
      }
    }
    assertThat(records).isEqualTo(3); // ES 14:00 and 14:01, NQ 14:00
    assertThat(AppendAtCommitWindowStore.newestWindow(store.wrapped())).isEqualTo(T0.plusSeconds(119).toEpochMilli());
  }

  /**
   * A store filled by a build before identities were kept per minute, which kept them per symbol and second (key: the
   * symbol's bytes, the epoch second and a chunk id; window at the second; 25 bytes an identity): the trades it
   * remembers are still recognised, their latest second still sets the symbol's watermark.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldDropCopiesOfTradesAStoreKeptPerSecondBeforeTheUpgrade(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    Trade older = trade("ES", 10, 1);
    Trade newest = trade("ES", 20, 2);
    Trade otherSymbol = trade("ESZ26", 30, 3);
    storedPerSecond(older, newest, otherSymbol);

    Trade between = trade("ES", 15, 4);
    Trade sameSecond = trade("ES", 20, 5);
    assertThat(run(context, copy(newest), between, copy(older), sameSecond, copy(otherSymbol), copy(between)))
        .containsExactly(between, sameSecond);
  }

  /**
   * As above, from a store where the earlier build had relocated ES's older second (its history caught up behind NQ's)
   * to a window later than its latest second's: both are still found, and the latest second, not the one in the
   * latest window, bounds the watermark and the seconds looked up in that layout.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldDropCopiesOfTradesAStoreKeptPerSecondRelocatedBeforeTheUpgrade(boolean inMemory) {
    MockProcessorContext<String, Trade> context = openStore(inMemory);
    Trade ahead = trade("NQ", hours(80), 1);
    Trade relocated = trade("ES", hours(67) + 10, 2);
    Trade latest = trade("ES", hours(68) + 30, 3);
    storedPerSecond(ahead, latest);
    storedPerSecondIn(relocated.getEventTime().toEpochMilli() + Duration.ofHours(12).toMillis(), relocated);

    Trade sameSecond = trade("ES", hours(68) + 30, 4);
    assertThat(run(context, copy(latest), copy(relocated), sameSecond, copy(ahead))).containsExactly(sameSecond);
  }

  /** Chunks split a commit's identities at any byte: one is found wherever the splits fall. */
  @Test
  void shouldFindAnIdentityWhateverChunkBoundariesCutIt() {
    byte[] identities = new byte[5 * 4];
    for (int i = 0; i < identities.length; i++) {
      identities[i] = (byte) i;
    }
    byte[] fourth = Arrays.copyOfRange(identities, 12, 16);
    for (int first = 0; first <= identities.length; first++) {
      for (int second = first; second <= identities.length; second++) {
        List<KeyValue<Long, byte[]>> chunks = List.of(KeyValue.pair(0L, Arrays.copyOfRange(identities, 0, first)),
            KeyValue.pair(0L, Arrays.copyOfRange(identities, first, second)),
            KeyValue.pair(0L, Arrays.copyOfRange(identities, second, identities.length)));
        assertThat(DedupProcessor.contains(chunks.iterator(), fourth)).as("cut at %d and %d", first, second).isTrue();
        // Bytes 2..5 are no identity: they straddle the first two.
        assertThat(DedupProcessor.contains(chunks.iterator(), Arrays.copyOfRange(identities, 2, 6))).isFalse();
      }
    }
  }

  /** Writes the trades' identities below the appending store, as the per-second layout did. */
  private void storedPerSecond(Trade... trades) {
    for (Trade trade : trades) {
      storedPerSecondIn(trade.getEventTime().getEpochSecond() * 1_000L, trade);
    }
  }

  /** Writes the trade's identity below the appending store as the per-second layout did, in the window given. */
  private void storedPerSecondIn(long windowMs, Trade trade) {
    byte[] symbol = trade.getSymbol().getBytes(StandardCharsets.UTF_8);
    long second = trade.getEventTime().getEpochSecond();
    byte[] key = ByteBuffer.allocate(symbol.length + 16).put(symbol).putLong(second).putLong(legacyChunkId++).array();
    byte[] identity = ByteBuffer.allocate(25).putInt(trade.getEventTime().getNano())
        .putLong(Double.doubleToLongBits(trade.getPrice())).putLong(trade.getSize()).putInt(trade.getSequence())
        .put((byte) trade.getSide().ordinal()).array();
    store.wrapped().put(Bytes.wrap(key), identity, windowMs);
  }

  /** Opens a store, where a processor accepts every one of the trades, and commits. */
  private void acceptedAndCommitted(boolean inMemory, Trade... trades) {
    assertThat(run(openStore(inMemory), trades)).containsExactly(trades);
    store.flushCache();
  }

  private MockProcessorContext<String, Trade> openStore(boolean inMemory) {
    store = (AppendAtCommitWindowStore) DedupProcessor.storeBuilder("dedup", Duration.ofDays(1), inMemory)
        .withLoggingDisabled().build();
    MockProcessorContext<String, Trade> context = context();
    store.init(context.getStateStoreContext(), store);
    return context;
  }

  private MockProcessorContext<String, Trade> context() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    MockProcessorContext<String, Trade> context = new MockProcessorContext<>(config, new TaskId(0, 0),
        stateDir.toFile());
    context.addStateStore(store);
    return context;
  }

  /** A new processor on the context's store processes the trades; returns what it forwarded. */
  private static List<Trade> run(MockProcessorContext<String, Trade> context, Trade... trades) {
    DedupProcessor processor = new DedupProcessor("dedup", Duration.ofDays(1));
    processor.init(context);
    for (Trade trade : trades) {
      processor.process(new Record<>(trade.getSymbol(), trade, trade.getEventTime().toEpochMilli()));
    }
    return context.forwarded().stream().<Trade>map(forwarded -> forwarded.record().value()).toList();
  }

  private static Trade trade(String symbol, int second, int sequence) {
    Instant at = T0.plusSeconds(second);
    return new Trade(symbol, "CME", 100.25, 2L, AggressorSide.ASK, at, at, sequence, DataSource.LIVE);
  }

  private static int hours(int hours) {
    return hours * 3_600;
  }

  private static Trade copy(Trade trade) {
    return Trade.newBuilder(trade).setSource(DataSource.BACKFILL).build();
  }
}
