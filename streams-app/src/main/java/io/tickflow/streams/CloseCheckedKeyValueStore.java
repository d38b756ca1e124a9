package io.tickflow.streams;

import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store whose reads fail with {@link InvalidStateStoreException} when the store closes under them, instead
 * of coming back short or empty ({@link CloseCheck}); the key-value counterpart of {@link CloseCheckedWindowStore}.
 *
 * <p>Why: a task's stores close under interactive queries at a rebalance, a migration, a revival or a stop. Kafka
 * Streams 4.3's in-memory key-value store empties its map at close and its iterators skip the keys no longer in it
 * ({@code InMemoryKeyValueStore#close}, {@code InMemoryKeyValueIterator#hasNext}), and the caching layer's iterators
 * skip the keys of a cache closed under them ({@code ThreadCache.MemoryLRUCacheBytesIterator}): a symbol listing
 * would end early as if complete. A global store has no cache, and its in-memory store answers null once closed
 * ({@code InMemoryKeyValueStore#get}): "no such symbol". (RocksDB iterators throw once the store closed them, and the
 * caching layer refuses a get of a closed store; the check costs them nothing.)
 *
 * <p>It sits on top of the store's layers: {@code CachingKeyValueStore#close} closes its cache before the store below,
 * so a check below the cache would count the close after a reader may have lost keys to it.
 *
 * <p>Not covered: a store that is open but not restored yet (a revived task restoring its changelog) answers from
 * what it holds so far; and a range read can miss a key written since the last commit that the full cache evicts
 * before the read reaches it (4.3: {@code NamedCache#evict} writes it to the store below after the store's iterator
 * was opened, and removes it from the cache the read iterates).
 */
public final class CloseCheckedKeyValueStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
    implements KeyValueStore<K, V> {

  private final CloseCheck check = new CloseCheck(this);

  private CloseCheckedKeyValueStore(KeyValueStore<K, V> inner) {
    super(inner);
  }

  /** {@code builder}'s store (with its caching and logging), wrapped. */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> builder) {
    return new WrappingStoreBuilder<>(builder, CloseCheckedKeyValueStore::new);
  }

  @Override
  public void put(K key, V value) {
    wrapped().put(key, value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return wrapped().putIfAbsent(key, value);
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    wrapped().putAll(entries);
  }

  @Override
  public V delete(K key) {
    return wrapped().delete(key);
  }

  @Override
  public V get(K key) {
    return check.value(() -> wrapped().get(key));
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return check.range(() -> wrapped().range(from, to));
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    return check.range(() -> wrapped().reverseRange(from, to));
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return check.range(wrapped()::all);
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    return check.range(wrapped()::reverseAll);
  }

  @Override
  public <S extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, S prefixKeySerializer) {
    return check.range(() -> wrapped().prefixScan(prefix, prefixKeySerializer));
  }

  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries();
  }

  @Override
  public void close() {
    check.countClose();
    super.close();
  }
}
