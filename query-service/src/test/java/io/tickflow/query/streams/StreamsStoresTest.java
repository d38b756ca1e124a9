package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.streams.TickflowStores;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.Test;

/**
 * An instance's own stores for the reads that span symbols: with three instances, one standby and two partitions, an
 * instance may host no task of a sub-topology, and Kafka Streams then answers for its stores "may have migrated to
 * another instance" for as long as the assignment lasts. Such a store holds none of this instance's symbols: it reads
 * as empty, while one the instance hosts and cannot read still fails (503).
 */
class StreamsStoresTest {

  /** As a Kafka Streams client that holds no task with the store asked. */
  private final StoreLookup migrated = new StoreLookup() {
    @Override
    public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
      throw new InvalidStateStoreException("The state store, " + name + ", may have migrated to another instance.");
    }

    @Override
    public <K, V> ReadOnlyWindowStore<K, V> windowStore(String name) {
      throw new InvalidStateStoreException("The state store, " + name + ", may have migrated to another instance.");
    }
  };

  @Test
  void shouldReadAStoreThisInstanceHostsNoTaskOfAsEmpty() {
    StoreLookup local = StreamsStores.hostedOnly(migrated, Set.of(TickflowStores.SYMBOL_STATE));

    ReadOnlyKeyValueStore<String, byte[]> books = local.keyValueStore(TickflowStores.BOOKS);
    try (KeyValueIterator<String, byte[]> all = books.all()) {
      assertThat(all.hasNext()).isFalse();
    }
    assertThat(books.get("ESZ6")).isNull();
    assertThat(books.approximateNumEntries()).isZero();
  }

  @Test
  void shouldStillFailForAStoreThisInstanceHostsButCannotRead() {
    StoreLookup local = StreamsStores.hostedOnly(migrated, Set.of(TickflowStores.SYMBOL_STATE));

    assertThatThrownBy(() -> local.keyValueStore(TickflowStores.SYMBOL_STATE))
        .isInstanceOf(InvalidStateStoreException.class);
  }
}
