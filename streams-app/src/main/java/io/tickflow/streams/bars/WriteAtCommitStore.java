package io.tickflow.streams.bars;

import io.tickflow.streams.StoreOwner;
import io.tickflow.streams.WrappingStoreBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that holds the values written between two commits as objects and writes each changed key once
 * to the store below it (cached and logged as usual) when Kafka Streams prepares a commit.
 *
 * <p>Why: the bar stage writes its symbol's state after every trade. Kafka Streams' record cache keeps bytes, so every
 * such write serialized the whole state (the open bars of every series) and went through the cache's index, about a
 * sixth of the stream thread's time, although only the last state of each symbol per commit reaches the changelog.
 * Kafka Streams has no public hook that runs before a commit; its state manager calls {@code flushCache()} on every
 * registered store that wraps others ({@link WrappedStateStore}) at the start of every commit (on interval, on
 * request, on rebalance and on close), before the producer is flushed, so the states written there reach the
 * changelog in the same transaction as the outputs of the trades that made them. This class builds on that one
 * internal type; the topology tests and the kill-and-restart integration test hold it to it.
 *
 * <p>Reads: on the stream thread that writes (the task's), {@link #get} sees the pending writes; the range reads refuse to
 * run while writes are pending. Other threads (interactive queries) read the store below: the state as of the last
 * commit. A value must not be changed after it was written, other than by the owning stream thread.
 */
public final class WriteAtCommitStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
    implements KeyValueStore<String, V> {

  private final Map<String, V> pending = new HashMap<>();
  private final StoreOwner owner;

  private WriteAtCommitStore(KeyValueStore<String, V> below) {
    super(below);
    this.owner = new StoreOwner(below.name());
  }

  /** {@code builder}'s store (keep its caching and logging), with this store on top. */
  public static <V> StoreBuilder<KeyValueStore<String, V>> builder(StoreBuilder<KeyValueStore<String, V>> builder) {
    return new WrappingStoreBuilder<>(builder, WriteAtCommitStore::new);
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    pending.clear();
    owner.reset();
    super.init(context, root);
  }

  @Override
  public void put(String key, V value) {
    owner.requireCaller();
    pending.put(key, value);
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V current = get(key);
    if (current == null) {
      put(key, value);
    }
    return current;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> entries) {
    entries.forEach(entry -> put(entry.key, entry.value));
  }

  @Override
  public V delete(String key) {
    V current = get(key);
    put(key, null);
    return current;
  }

  @Override
  public V get(String key) {
    if (owner.isCaller() && pending.containsKey(key)) { // only the owner touches the map
      return pending.get(key);
    }
    return wrapped().get(key);
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    requireNothingPending();
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<String, V> reverseRange(String from, String to) {
    requireNothingPending();
    return wrapped().reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<String, V> all() {
    requireNothingPending();
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<String, V> reverseAll() {
    requireNothingPending();
    return wrapped().reverseAll();
  }

  @Override
  public <S extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, S prefixKeySerializer) {
    requireNothingPending();
    return wrapped().prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries();
  }

  /** Writes the pending values below (one write per changed key), then lets the stores below flush their caches. */
  @Override
  public void flushCache() {
    if (!pending.isEmpty()) {
      List<KeyValue<String, V>> changed = new ArrayList<>(pending.size());
      pending.forEach((key, value) -> changed.add(KeyValue.pair(key, value)));
      pending.clear();
      wrapped().putAll(changed);
    }
    super.flushCache();
  }

  /** Drops the pending values with the caches below: the task's uncommitted work is being thrown away. */
  @Override
  public void clearCache() {
    pending.clear();
    super.clearCache();
  }

  @Override
  public void close() {
    pending.clear();
    super.close();
  }

  /** A range read on the owning thread would miss pending writes: the writer keeps its own objects instead. */
  private void requireNothingPending() {
    if (owner.isCaller() && !pending.isEmpty()) {
      throw new IllegalStateException("store " + name() + " has writes pending until the next commit: read by key");
    }
  }
}
