package io.tickflow.query.streams;

import io.tickflow.query.data.Dataset;
import io.tickflow.query.routing.ClusterMetadata;
import io.tickflow.query.routing.InstanceInfo;
import io.tickflow.query.routing.KeyOwners;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who holds which key, from Kafka Streams' own metadata: {@code queryMetadataForKey} for a symbol's owners
 * ({@code NOT_AVAILABLE} while rebalancing: no owner, hence 503) and {@code metadataForAllStreamsClients} for the
 * instance list. Thread-safe.
 */
public final class StreamsClusterMetadata implements ClusterMetadata {

  private final StreamsBinding binding;

  public StreamsClusterMetadata(StreamsBinding binding) {
    this.binding = binding;
  }

  @Override
  public HostInfo self() {
    return binding.self();
  }

  @Override
  public Optional<KeyOwners> ownersOf(Dataset dataset, String symbol) {
    Optional<KafkaStreams> streams = binding.streams();
    if (streams.isEmpty()) {
      return Optional.empty();
    }
    KeyQueryMetadata metadata;
    try {
      metadata = DatasetStores.metadata(streams.get(), dataset, symbol);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return Optional.empty(); // not started, shutting down or failed
    }
    if (KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      return Optional.empty();
    }
    List<HostInfo> standbys = metadata.standbyHosts().stream()
        .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port)).toList();
    return Optional.of(new KeyOwners(metadata.activeHost(), standbys));
  }

  @Override
  public List<InstanceInfo> instances() {
    Optional<KafkaStreams> streams = binding.streams();
    if (streams.isEmpty()) {
      return List.of();
    }
    Collection<StreamsMetadata> all;
    try {
      all = streams.get().metadataForAllStreamsClients();
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return List.of();
    }
    HostInfo self = binding.self();
    return all.stream()
        .map(client -> new InstanceInfo(InstanceInfo.server(client.hostInfo()), client.hostInfo().equals(self),
            names(client.topicPartitions()), names(client.standbyTopicPartitions()), client.stateStoreNames()))
        .sorted(Comparator.comparing(InstanceInfo::server))
        .toList();
  }

  private static Set<String> names(Set<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::toString).collect(Collectors.toSet());
  }
}
