package io.tickflow.streams;

import io.tickflow.schemas.Trade;
import io.tickflow.streams.bars.BarsProcessor;
import io.tickflow.streams.dedup.DedupProcessor;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The stateful stages of the trades pipeline, dedup then bars, chained as the topology chains them, over the stores
 * the topology builds (RocksDB or in-memory, with {@code state.store.type}), and driven record by record through a
 * task's life under exactly-once: commits, crashes and clean restarts. {@code TopologyTestDriver} cannot restart on
 * its state (it wipes the stores when closed), hence this processor-level task.
 *
 * <ul>
 *   <li>commit: every store's {@code flushCache} (where the stages' stores write what the commit saw) and
 *   {@code commit}; the outputs forwarded since the last commit become committed;</li>
 *   <li>crash: every store's {@code clearCache}, the outputs forwarded since the last commit are dropped (their
 *   transaction aborts), the stages start again on the stores (RocksDB ones closed and opened again: a wipe and
 *   restore gives the committed state, which is what their files hold), as the same processor instances initialized
 *   again or as new ones, and the input since the last commit is read again;</li>
 *   <li>clean restart: a commit, then the same as a crash.</li>
 * </ul>
 * With an older build's change, at half the crashes and restarts, chosen at random, the dedup store below its appending
 * wrapper is changed before the stages start again, as if the task had last run an older build on it.
 * Caching and logging are off: {@link MockProcessorContext} has no record cache nor changelog. Live bars, sent by a
 * wall-clock punctuator, are left out.
 */
final class StatefulStages implements AutoCloseable {

  /** An output record as the sinks get it. */
  record Output(String key, SpecificRecord value, long timestampMs) {
  }

  /** A record reaching the dedup stage: its trade, keyed by its canonical symbol, and its offset. */
  record Input(Trade trade, long offset) {
  }

  /** Odds of a commit after a record, per mille. */
  private static final int COMMIT = 120;
  /**
   * Crashes and clean restarts expected in a run, each: few, as the RocksDB stores open again at each (their time
   * dominates the run), whatever the input's length.
   */
  private static final int CRASHES_AND_RESTARTS = 3;
  /** Largest odds of a crash, and of a restart, after a record, per mille (short inputs). */
  private static final int MAX_ODDS = 100;
  /** Crashes set the input back: so many at most per run, so that a run ends. */
  private static final int MAX_CRASHES = 20;

  private final StreamsAppConfig config;
  private final Path stateDir;
  /** Turns the committed dedup store into what an older build would have left; null: never. */
  private final Consumer<WindowStore<Bytes, byte[]>> olderBuild;
  private final List<StateStore> stores = new ArrayList<>();
  private final List<Output> committed = new ArrayList<>();
  private final StringBuilder events = new StringBuilder();
  private int crashes;
  private int restarts;
  private MockProcessorContext<String, Trade> dedupContext;
  private MockProcessorContext<String, SpecificRecord> barsContext;
  private DedupProcessor dedup;
  private BarsProcessor bars;

  /** The stages over new stores in {@code stateDir}, created if need be. */
  StatefulStages(StreamsAppConfig config, Path stateDir) {
    this(config, stateDir, null);
  }

  /**
   * The stages over new stores in {@code stateDir}, created if need be, whose dedup store {@code olderBuild} changes at
   * half the crashes and restarts of an interrupted run (null: never).
   */
  StatefulStages(StreamsAppConfig config, Path stateDir, Consumer<WindowStore<Bytes, byte[]>> olderBuild) {
    this.config = config;
    this.stateDir = stateDir;
    this.olderBuild = olderBuild;
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openStores();
    start(true);
  }

  /** Reads the input once, committing only at its end. */
  List<Output> runUninterrupted(List<Input> input) {
    input.forEach(this::process);
    commit();
    return committed;
  }

  /**
   * Reads the input with commits, crashes and clean restarts at random points, then commits; returns the committed
   * outputs. {@link #events} says what happened where.
   */
  List<Output> runInterrupted(List<Input> input, Random random) {
    int odds = Math.min(MAX_ODDS, CRASHES_AND_RESTARTS * 1_000 / Math.max(1, input.size()));
    int next = 0;
    int committedUpTo = 0;
    while (next < input.size()) {
      process(input.get(next++));
      int event = random.nextInt(1_000);
      if (event < COMMIT) {
        commit();
        committedUpTo = next;
      } else if (event < COMMIT + odds && crashes < MAX_CRASHES) {
        crashes++;
        boolean sameInstances = random.nextBoolean();
        events.append(" crash@").append(next).append(sameInstances ? "(re-init)" : "(new)").append("->")
            .append(committedUpTo);
        crash(sameInstances, isOlderBuildsTurn(random));
        next = committedUpTo;
      } else if (event < COMMIT + 2 * odds) {
        restarts++;
        events.append(" restart@").append(next);
        commit();
        committedUpTo = next;
        startAgain(false, isOlderBuildsTurn(random));
      }
    }
    commit();
    return committed;
  }

  /** Whether the next start is on a store an older build changed (drawn only with {@link #olderBuild}). */
  private boolean isOlderBuildsTurn(Random random) {
    boolean older = olderBuild != null && random.nextBoolean();
    if (older) {
      events.append("(older build)");
    }
    return older;
  }

  /** The crashes and restarts of the interrupted run, with the input positions, for a failure message. */
  String events() {
    return events.toString();
  }

  /** How many crashes the interrupted run had. */
  int crashes() {
    return crashes;
  }

  /** How many clean restarts the interrupted run had. */
  int restarts() {
    return restarts;
  }

  private void process(Input input) {
    Trade trade = input.trade();
    long timestampMs = trade.getEventTime().toEpochMilli();
    dedupContext.setRecordMetadata(TickflowTopics.RAW_TRADES, 0, input.offset());
    barsContext.setRecordMetadata(TickflowTopics.RAW_TRADES, 0, input.offset());
    dedupContext.resetForwards();
    dedup.process(new Record<>(trade.getSymbol(), trade, timestampMs));
    for (MockProcessorContext.CapturedForward<? extends String, ? extends Trade> unique : dedupContext.forwarded()) {
      bars.process(new Record<>(unique.record().key(), unique.record().value(), unique.record().timestamp(),
          unique.record().headers()));
    }
  }

  private void commit() {
    for (StateStore store : stores) {
      wrapper(store).flushCache();
      store.commit(Map.of());
    }
    barsContext.forwarded().forEach(forward -> committed.add(
        new Output(forward.record().key(), forward.record().value(), forward.record().timestamp())));
    barsContext.resetForwards();
  }

  /**
   * Loses the uncommitted work: the stores' pending writes and (with the contexts {@link #startAgain} replaces) the
   * outputs forwarded since the last commit; the stages start again on the committed state.
   */
  private void crash(boolean sameInstances, boolean olderBuildsTurn) {
    stores.forEach(store -> wrapper(store).clearCache());
    startAgain(sameInstances, olderBuildsTurn);
  }

  /**
   * Closes and opens again the RocksDB stores (in-memory ones stay, as a restore would fill them), lets the older build
   * change the dedup store if it is its turn, then starts.
   */
  private void startAgain(boolean sameInstances, boolean olderBuildsTurn) {
    if (!config.inMemoryStores()) {
      stores.forEach(StateStore::close);
      stores.clear();
      openStores();
    }
    if (olderBuildsTurn) {
      olderBuild.accept(dedupStoreBelow());
    }
    start(!sameInstances);
  }

  /** The dedup store below its appending wrapper: the first one {@link #openStores} opens. */
  @SuppressWarnings("unchecked")
  private WindowStore<Bytes, byte[]> dedupStoreBelow() {
    return ((WrappedStateStore<WindowStore<Bytes, byte[]>, Bytes, byte[]>) stores.get(0)).wrapped();
  }

  /** New contexts on the stores, and the stages initialized on them: new instances or the same ones. */
  private void start(boolean newInstances) {
    dedupContext = context();
    barsContext = context();
    for (StateStore store : stores) {
      dedupContext.addStateStore(store);
      barsContext.addStateStore(store);
    }
    if (newInstances) {
      dedup = new DedupProcessor(TickflowStores.TRADE_DEDUP, config.dedupHorizon());
      bars = TickflowTopology.newBarsProcessor(config);
    }
    dedup.init(dedupContext);
    bars.init(barsContext);
  }

  /** The stores of the two stages as the topology builds them, and the definitions store, opened in the state dir. */
  private void openStores() {
    List<StoreBuilder<?>> builders = new ArrayList<>();
    builders.add(DedupProcessor.storeBuilder(TickflowStores.TRADE_DEDUP, config.dedupHorizon(),
        config.inMemoryStores()));
    builders.addAll(TickflowTopology.barStores(config));
    builders.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TickflowStores.SECURITY_DEFINITIONS),
        Serdes.String(), Serdes.ByteArray()));
    MockProcessorContext<String, Trade> context = context();
    for (StoreBuilder<?> builder : builders) {
      StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      stores.add(store);
    }
  }

  private <K, V> MockProcessorContext<K, V> context() {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "stateful-stages");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new MockProcessorContext<>(properties, new TaskId(0, 0), stateDir.toFile());
  }

  private static WrappedStateStore<?, ?, ?> wrapper(StateStore store) {
    return (WrappedStateStore<?, ?, ?>) store;
  }

  @Override
  public void close() {
    stores.forEach(StateStore::close);
  }
}
