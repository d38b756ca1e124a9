package io.tickflow.query.routing;

import org.apache.kafka.streams.state.HostInfo;

/**
 * One instance to ask for a key, in a {@link RoutePlan}.
 *
 * @param host the instance
 * @param local whether it is this instance (read the stores) or another (forward the request)
 * @param standby whether it holds a standby replica rather than the active copy
 */
public record Target(HostInfo host, boolean local, boolean standby) {
}
