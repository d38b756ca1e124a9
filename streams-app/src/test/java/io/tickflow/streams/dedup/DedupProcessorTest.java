package io.tickflow.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dedup stage over a real window store, RocksDB and in-memory. The tests that matter restart the processor on a
 * store it filled before, as after a restore: the lookup it skips for trades newer than its symbol's watermark must
 * not let a copy of an older stored trade through.
 */
class DedupProcessorTest {

  private static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");

  @TempDir
  Path stateDir;

  private WindowStore<Bytes, byte[]> store;

  @AfterEach
  void closeStore() {
    store.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldDropCopiesOfStoredTradesWhenRestartedOnTheStore(boolean inMemory) {
    MockProcessorContext<String, Trade> first = openStore(inMemory);
    Trade older = trade("ES", 10, 1);
    Trade newest = trade("ES", 20, 2);
    Trade longerSymbol = trade("ESZ26", 30, 3);
    assertThat(run(first, older, newest, longerSymbol)).containsExactly(older, newest, longerSymbol);

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

  private MockProcessorContext<String, Trade> openStore(boolean inMemory) {
    store = DedupProcessor.storeBuilder("dedup", Duration.ofDays(1), inMemory).withLoggingDisabled().build();
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
    DedupProcessor processor = new DedupProcessor("dedup");
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

  private static Trade copy(Trade trade) {
    return Trade.newBuilder(trade).setSource(DataSource.BACKFILL).build();
  }
}
