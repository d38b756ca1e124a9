package io.tickflow.query;

import io.tickflow.query.data.Dataset;
import io.tickflow.query.routing.ClusterMetadata;
import io.tickflow.query.routing.InstanceInfo;
import io.tickflow.query.routing.KeyOwners;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/** Cluster metadata of a lone instance that owns every key: for HTTP-layer tests without Kafka. */
public final class SingleInstanceCluster implements ClusterMetadata {

  private volatile HostInfo self = new HostInfo("localhost", 0);
  private volatile boolean available = true;

  /** Sets the advertised port once the server is bound. */
  public void bound(int port) {
    self = new HostInfo("localhost", port);
  }

  /** Plays a rebalance: no metadata. */
  public void setAvailable(boolean available) {
    this.available = available;
  }

  @Override
  public HostInfo self() {
    return self;
  }

  @Override
  public Optional<KeyOwners> ownersOf(Dataset dataset, String symbol) {
    return available ? Optional.of(new KeyOwners(self, List.of())) : Optional.empty();
  }

  @Override
  public List<InstanceInfo> instances() {
    return available ? List.of(new InstanceInfo(self.host() + ":" + self.port(), true, Set.of("tickflow.trades-0"),
        Set.of(), Set.of("bars"))) : List.of();
  }
}
