package io.tickflow.marketstate;

import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Finds the topology's stores by name: over a running {@link KafkaStreams} (interactive queries on this instance's
 * tasks) or over any other source, such as {@code TopologyTestDriver}.
 */
public interface StoreLookup {

  /**
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the store is not queryable now (e.g.
   *     during a rebalance); callers should answer "try again later"
   */
  <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name);

  /**
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException as {@link #keyValueStore}
   */
  <K, V> ReadOnlyWindowStore<K, V> windowStore(String name);

  /** The stores of this instance's tasks of a running Kafka Streams client. */
  static StoreLookup of(KafkaStreams streams) {
    return new StoreLookup() {
      @Override
      public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
      }

      @Override
      public <K, V> ReadOnlyWindowStore<K, V> windowStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.windowStore()));
      }
    };
  }

  /**
   * Stores from two functions, e.g. {@code StoreLookup.of(driver::getKeyValueStore, driver::getWindowStore)} over a
   * {@code TopologyTestDriver}.
   */
  static StoreLookup of(Function<String, ? extends ReadOnlyKeyValueStore<?, ?>> keyValueStores,
                        Function<String, ? extends ReadOnlyWindowStore<?, ?>> windowStores) {
    return new StoreLookup() {
      @Override
      @SuppressWarnings("unchecked")
      public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
        return (ReadOnlyKeyValueStore<K, V>) keyValueStores.apply(name);
      }

      @Override
      @SuppressWarnings("unchecked")
      public <K, V> ReadOnlyWindowStore<K, V> windowStore(String name) {
        return (ReadOnlyWindowStore<K, V>) windowStores.apply(name);
      }
    };
  }
}
