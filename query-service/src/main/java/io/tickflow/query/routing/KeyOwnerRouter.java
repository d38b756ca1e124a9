package io.tickflow.query.routing;

import io.tickflow.query.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Decides which instance answers a request for a key: key → Streams metadata → this instance (read the local
 * stores) or another one (forward), active owner first, then standbys. A request that was already forwarded is
 * answered locally only, so requests never loop. Thread-safe; returns plans, does no I/O itself.
 */
public final class KeyOwnerRouter {

  private final ClusterMetadata metadata;

  public KeyOwnerRouter(ClusterMetadata metadata) {
    this.metadata = metadata;
  }

  /** The instances to try for a client's request for {@code symbol}'s data of one dataset. */
  public RoutePlan route(Dataset dataset, String symbol) {
    Optional<KeyOwners> owners = metadata.ownersOf(dataset, symbol);
    if (owners.isEmpty()) {
      return RoutePlan.unavailable();
    }
    HostInfo self = metadata.self();
    List<Target> targets = new ArrayList<>();
    targets.add(new Target(owners.get().active(), owners.get().active().equals(self), false));
    for (HostInfo standby : owners.get().standbys()) {
      targets.add(new Target(standby, standby.equals(self), true));
    }
    return new RoutePlan(targets);
  }

  /**
   * The plan for a request forwarded here, as active owner or as standby: local only, and only when this instance
   * holds the key in that role by its own metadata. The header that marks a forward is not trusted to say so: a
   * client may send it, and a forward may arrive after a rebalance moved the key.
   *
   * @return unavailable when this instance does not hold the key in that role (now)
   */
  public RoutePlan routeForwarded(Dataset dataset, String symbol, boolean asStandby) {
    Optional<KeyOwners> owners = metadata.ownersOf(dataset, symbol);
    HostInfo self = metadata.self();
    boolean holds = owners.isPresent() && (owners.get().active().equals(self)
        || asStandby && owners.get().standbys().contains(self));
    return holds ? new RoutePlan(List.of(new Target(self, true, asStandby))) : RoutePlan.unavailable();
  }

  /** The cluster this router routes in. */
  public ClusterMetadata metadata() {
    return metadata;
  }
}
