package io.tickflow.query.routing;

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
   * The owners of a symbol's partition.
   *
   * @return empty while the metadata is not available (rebalancing, not yet running)
   */
  Optional<KeyOwners> ownersOf(String symbol);

  /** Every instance of the application, this one included. Empty while the metadata is not available. */
  List<InstanceInfo> instances();
}
