package io.tickflow.query.routing;

import java.util.List;

/**
 * The instances to try for one key, in order: the active owner first, then standbys. An empty plan means no
 * instance can answer now (rebalancing): the caller answers 503 with Retry-After.
 */
public record RoutePlan(List<Target> targets) {

  public RoutePlan {
    targets = List.copyOf(targets);
  }

  /** No instance can answer now. */
  public static RoutePlan unavailable() {
    return new RoutePlan(List.of());
  }

  public boolean isUnavailable() {
    return targets.isEmpty();
  }

  /** The plan without its standbys: the active owner, when one can answer. */
  public RoutePlan activeOnly() {
    return new RoutePlan(targets.stream().filter(target -> !target.standby()).toList());
  }
}
