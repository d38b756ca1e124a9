package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.T0;
import static io.tickflow.streams.TopologyHarness.definition;
import static io.tickflow.streams.TopologyHarness.depth;
import static io.tickflow.streams.TopologyHarness.quote;
import static io.tickflow.streams.TopologyHarness.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DepthAction;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interactive-query reads of the key-value stores (latest quotes, books, symbol states, security definitions) while
 * their task closes (a rebalance, a migration, a revival or a stop): a read either answers with what the store holds
 * or fails with {@link InvalidStateStoreException} (which the query service answers with 503), never with part of it,
 * and never with "no such key" for a key the store holds.
 */
class MarketStateReadsTest {

  private static final List<String> SYMBOLS = List.of("ESZ26", "NQZ26", "YMZ26");
  /** The stores {@code MarketStateReader} reads by key. */
  private static final List<String> KEY_VALUE_STORES = List.of(TickflowStores.LATEST_QUOTES, TickflowStores.BOOKS,
      TickflowStores.SYMBOL_STATE, TickflowStores.SECURITY_DEFINITIONS);

  @TempDir
  Path stateDir;

  /**
   * Kafka Streams 4.3's in-memory key-value store empties its map at close ({@code InMemoryKeyValueStore#close}) and
   * its iterators, over a copy of the keys, skip the keys no longer in the map; the caching layer's iterator skips
   * the keys of a cache closed under it ({@code ThreadCache.MemoryLRUCacheBytesIterator#internalNext}). RocksDB's
   * iterators throw once closed ({@code RocksDbIterator#hasNext}), which the store does at close.
   */
  @ParameterizedTest
  @ValueSource(strings = {StreamsAppConfig.STORE_ROCKSDB, StreamsAppConfig.STORE_IN_MEMORY})
  void shouldFailAListingWhoseStoreClosesUnderIt(String storeType) throws Exception {
    TopologyHarness harness = new TopologyHarness(settings(storeType));
    ReadUnderClose.assertFails(harness, () -> {
      SYMBOLS.forEach(symbol -> harness.pipe(quote(symbol, 99.75, 100.0, T0)));
      return harness.driver.<String, Object>getKeyValueStore(TickflowStores.LATEST_QUOTES).all();
    }, "ESZ26", TickflowStores.LATEST_QUOTES);
  }

  /**
   * A lookup refuses a closed store, but a store may close between the lookup and the read. The task stores'
   * caching layer checks that the store below is open under its lock ({@code CachingKeyValueStore#get}); the global
   * definitions store has no cache, and the in-memory store answers null once closed ({@code InMemoryKeyValueStore#get}
   * reads the map that close emptied).
   */
  @ParameterizedTest
  @ValueSource(strings = {StreamsAppConfig.STORE_ROCKSDB, StreamsAppConfig.STORE_IN_MEMORY})
  void shouldFailAGetOfAStoreClosedSinceItsLookup(String storeType) {
    TopologyHarness harness = new TopologyHarness(settings(storeType));
    List<KeyValueStore<String, ?>> stores;
    try {
      harness.pipe(definition("ESZ26", 0.25, LocalTime.of(9, 30), "America/New_York"));
      harness.pipe(quote("ESZ26", 99.75, 100.0, T0));
      harness.pipe(depth("ESZ26", BookSide.BID, DepthAction.INSERT, 99.75, 5, true, T0));
      harness.pipe(trade("ESZ26", 100.0, 1, T0.plusSeconds(1)));
      harness.advanceLiveInterval(); // a commit: the symbol state is written at commits
      stores = KEY_VALUE_STORES.stream().<KeyValueStore<String, ?>>map(harness.driver::getKeyValueStore).toList();
      stores.forEach(store -> assertThat(store.get("ESZ26")).as(store.name()).isNotNull());
    } finally {
      harness.close();
    }

    for (KeyValueStore<String, ?> store : stores) {
      assertThatThrownBy(() -> store.get("ESZ26")).as(store.name()).isInstanceOf(InvalidStateStoreException.class)
          .hasMessageContaining(store.name());
    }
  }

  private Map<String, Object> settings(String storeType) {
    return Map.of(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, storeType, StreamsConfig.STATE_DIR_CONFIG,
        stateDir.toString());
  }
}
