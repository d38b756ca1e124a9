package io.tickflow.query.routing;

import io.tickflow.query.data.Dataset;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance holds which key, from Kafka Streams' metadata. Implementations are thread-safe.
 */
public interface ClusterMetadata {

  /** This instance's advertised address ({@code application.server}). */
  HostInfo self();

  /**
   * The owners of the partition holding a symbol's data of one dataset.
   *
   * @return empty while the metadata is not available (rebalancing, not yet running)
   * @throws UnknownStoreException when the Streams app has no store for the dataset (a version mismatch)
   */
  Optional<KeyOwners> ownersOf(Dataset dataset, String symbol);

  /** Every instance of the application, this one included. Empty while the metadata is not available. */
  List<InstanceInfo> instances();
}
