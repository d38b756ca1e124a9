package io.tickflow.query.routing;

import io.tickflow.query.data.Dataset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/** Cluster metadata as one instance sees it, with the owners of each dataset's keys given by the test. */
public final class FixedCluster implements ClusterMetadata {

  private final HostInfo self;
  private final Function<Dataset, Optional<KeyOwners>> owners;

  public FixedCluster(HostInfo self, Function<Dataset, Optional<KeyOwners>> owners) {
    this.self = self;
    this.owners = owners;
  }

  @Override
  public HostInfo self() {
    return self;
  }

  @Override
  public Optional<KeyOwners> ownersOf(Dataset dataset, String symbol) {
    return owners.apply(dataset);
  }

  @Override
  public List<InstanceInfo> instances() {
    return List.of();
  }
}
