package io.tickflow.query.routing;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One query-service instance of the Streams application and what it hosts.
 *
 * @param server the instance's advertised {@code host:port}
 * @param self whether it is the instance answering
 * @param activePartitions input partitions it owns, as {@code topic-partition}
 * @param standbyPartitions input partitions it keeps a standby replica of
 * @param stores the state stores it hosts
 */
public record InstanceInfo(String server, boolean self, Set<String> activePartitions, Set<String> standbyPartitions,
                           Set<String> stores) {

  public InstanceInfo {
    activePartitions = new TreeSet<>(activePartitions);
    standbyPartitions = new TreeSet<>(standbyPartitions);
    stores = new TreeSet<>(stores);
  }

  /** A host as {@link #server} names it, and as Streams' {@code application.server} and the instance headers do. */
  public static String server(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
