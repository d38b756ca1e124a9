package io.tickflow.query.streams;

import io.tickflow.marketstate.StoreLookup;
import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The stores of a running Kafka Streams client. A per-symbol read asks exactly the partition that holds the symbol,
 * so a partition that moved away fails (503, the next instance is tried) instead of answering "unknown symbol".
 * {@link ReadMode#STANDBY_ALLOWED} reads standby replicas too ({@code StoreQueryParameters.enableStaleStores()}).
 */
record StreamsStores(KafkaStreams streams) implements StoreSource {

  @Override
  public StoreLookup ofSymbol(Dataset dataset, String symbol, ReadMode mode) {
    return new PartitionStores(streams, mode, partition(dataset, symbol));
  }

  @Override
  public StoreLookup local(ReadMode mode) {
    return new PartitionStores(streams, mode, null);
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
