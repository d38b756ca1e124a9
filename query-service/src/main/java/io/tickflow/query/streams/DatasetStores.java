package io.tickflow.query.streams;

import io.tickflow.query.data.Dataset;
import io.tickflow.query.routing.UnknownStoreException;
import io.tickflow.streams.TickflowStores;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;

/** Where each dataset lives in the Streams app: the store whose partitioning locates a symbol's data. */
final class DatasetStores {

  private static final Serializer<String> KEYS = new StringSerializer();

  private DatasetStores() {
  }

  /** The store that locates the dataset (every store of a dataset is in the same sub-topology). */
  static String storeOf(Dataset dataset) {
    switch (dataset) {
      case BARS:
        return TickflowStores.SYMBOL_STATE;
      case QUOTES:
        return TickflowStores.LATEST_QUOTES;
      default:
        return TickflowStores.BOOKS;
    }
  }

  /**
   * Kafka Streams' metadata of {@code symbol} in the dataset's store: its partition, active host and standbys.
   *
   * @return {@link KeyQueryMetadata#NOT_AVAILABLE} while Streams cannot say (rebalancing)
   * @throws UnknownStoreException when the topology has no such store
   */
  static KeyQueryMetadata metadata(KafkaStreams streams, Dataset dataset, String symbol) {
    String store = storeOf(dataset);
    KeyQueryMetadata metadata = streams.queryMetadataForKey(store, symbol, KEYS);
    if (metadata == null) {
      throw new UnknownStoreException(store);
    }
    return metadata;
  }
}
