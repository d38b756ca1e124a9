package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The stores of a running Kafka Streams client. A per-symbol read asks exactly the partition that holds the symbol,
 * so a partition that moved away fails (503, the next instance is tried) instead of answering "unknown symbol".
 * {@link ReadMode#STANDBY_ALLOWED} reads standby replicas too ({@code StoreQueryParameters.enableStaleStores()}).
 *
 * @param self this instance's {@code application.server}, to find its own part of the Streams metadata
 */
record StreamsStores(KafkaStreams streams, HostInfo self) implements StoreSource {

  @Override
  public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
    return new PartitionStores(streams, mode, partition(dataset, symbol));
  }

  /**
   * A store of which this instance hosts no task in the mode's roles (by the Streams metadata) reads as empty: with
   * more instances than replicas of a sub-topology, some instance holds none of its stores, and Kafka Streams answers
   * for those "may have migrated", which made the instance's symbol list (and so the whole list, asked of it)
   * unavailable for as long as that assignment lasted. A store it hosts and cannot read still fails.
   *
   * @throws InvalidStateStoreException while the metadata does not know this instance (starting, rebalancing)
   */
  @Override
  public StoreLookup local(ReadMode mode) {
    StreamsMetadata own = streams.metadataForAllStreamsClients().stream()
        .filter(client -> client.hostInfo().equals(self)).findFirst()
        .orElseThrow(() -> new InvalidStateStoreException("No Streams metadata for " + self + " (rebalancing)"));
    Set<String> hosted = new HashSet<>(own.stateStoreNames());
    if (mode == ReadMode.STANDBY_ALLOWED) {
      hosted.addAll(own.standbyStateStoreNames());
    }
    return hostedOnly(new PartitionStores(streams, mode, null), hosted);
  }

  /** The lookup's stores, those outside {@code hosted} read as empty key-value stores. */
  static StoreLookup hostedOnly(StoreLookup lookup, Set<String> hosted) {
    return new StoreLookup() {
      @Override
      public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
        return hosted.contains(name) ? lookup.keyValueStore(name) : new EmptyKeyValueStore<>();
      }

      @Override
      public <K, V> ReadOnlyWindowStore<K, V> windowStore(String name) {
        return lookup.windowStore(name);
      }
    };
  }

  @Override
  public StoreLookup global() {
    return StoreLookup.of(streams);
  }

  private int partition(Dataset dataset, String symbol) {
    KeyQueryMetadata metadata = DatasetStores.metadata(streams, dataset, symbol);
    if (KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      throw new StoreUnavailableException("No metadata for " + symbol + " in " + DatasetStores.storeOf(dataset)
          + " (rebalancing)");
    }
    return metadata.partition();
  }

  /** A store of no partition of this instance. */
  private static final class EmptyKeyValueStore<K, V> implements ReadOnlyKeyValueStore<K, V> {

    @Override
    public V get(K key) {
      return null;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
      return all();
    }

    @Override
    public KeyValueIterator<K, V> all() {
      return new KeyValueIterator<>() {
        @Override
        public void close() {
        }

        @Override
        public K peekNextKey() {
          throw new NoSuchElementException();
        }

        @Override
        public boolean hasNext() {
          return false;
        }

        @Override
        public KeyValue<K, V> next() {
          throw new NoSuchElementException();
        }
      };
    }

    @Override
    public long approximateNumEntries() {
      return 0;
    }
  }

  /** The stores of one partition (or of all local ones when null), active only or standbys too. */
  private static final class PartitionStores implements StoreLookup {

    private final KafkaStreams streams;
    private final ReadMode mode;
    private final Integer partition;

    PartitionStores(KafkaStreams streams, ReadMode mode, Integer partition) {
      this.streams = streams;
      this.mode = mode;
      this.partition = partition;
    }

    @Override
    public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
      return streams.store(parameters(name, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public <K, V> ReadOnlyWindowStore<K, V> windowStore(String name) {
      return streams.store(parameters(name, QueryableStoreTypes.windowStore()));
    }

    private <T> StoreQueryParameters<T> parameters(String name, QueryableStoreType<T> type) {
      StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(name, type);
      if (partition != null) {
        parameters = parameters.withPartition(partition);
      }
      return mode == ReadMode.STANDBY_ALLOWED ? parameters.enableStaleStores() : parameters;
    }
  }
}
