package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
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
 * {@link ReadMode#STANDBY_ALLOWED} reads standby replicas too ({@code StoreQueryParameters.enableStaleStores()}), those
 * within the {@link StandbyLimit} only.
 *
 * @param self this instance's {@code application.server}, to find its own part of the Streams metadata
 */
record StreamsStores(KafkaStreams streams, HostInfo self, StandbyLimit standbys) implements StoreSource {

  @Override
  public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
    return new PartitionStores(streams, mode, partition(dataset, symbol), standbys.forRead());
  }

  /**
   * A store of which this instance hosts no task in the mode's roles (by the Streams metadata) reads as empty: with
   * more instances than replicas of a sub-topology, some instance holds none of its stores, and Kafka Streams answers
   * for those "may have migrated", which made the instance's symbol list (and so the whole list, asked of it)
   * unavailable for as long as that assignment lasted. A store it hosts and cannot read still fails.
   */
  @Override
  public StoreLookup local(ReadMode mode) {
    return hostedOnly(new PartitionStores(streams, mode, null, standbys.forRead()),
        LocalTasks.settled(streams, self).hostedStores(mode));
  }

  /**
   * Runs the read while this instance's tasks are settled ({@link LocalTasks}), the same before and after it. Kafka
   * Streams answers a read from whatever tasks its threads hold at that moment, restoring ones included, and in a
   * rebalance the metadata takes the new assignment before the threads take the tasks (a standby turned active is
   * briefly no task, then restores): the only instance listed one symbol of four as the whole of its partitions, and
   * an owner answered a bar window twice, final and open, from stores half restored (RoutingDuringRebalanceIT).
   */
  @Override
  public <T> T settled(Supplier<T> read) {
    LocalTasks before = LocalTasks.settled(streams, self);
    T result = read.get();
    if (!before.equals(LocalTasks.settled(streams, self))) {
      throw new InvalidStateStoreException("The tasks of " + self + " changed during the read (rebalancing)");
    }
    return result;
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
    private final StandbyLimit.Check standbys;

    PartitionStores(KafkaStreams streams, ReadMode mode, Integer partition, StandbyLimit.Check standbys) {
      this.streams = streams;
      this.mode = mode;
      this.partition = partition;
      this.standbys = standbys;
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
      if (mode == ReadMode.ACTIVE) {
        return parameters;
      }
      standbys.require(name, partition);
      return parameters.enableStaleStores();
    }
  }
}
