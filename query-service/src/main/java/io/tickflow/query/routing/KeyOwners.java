package io.tickflow.query.routing;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where one key lives: the instance owning it actively and those keeping standby replicas.
 *
 * @param active the owner
 * @param standbys instances with a standby replica, possibly none
 */
public record KeyOwners(HostInfo active, List<HostInfo> standbys) {

  public KeyOwners {
    standbys = List.copyOf(standbys);
  }
}
