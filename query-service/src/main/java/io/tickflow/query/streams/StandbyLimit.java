package io.tickflow.query.streams;

import io.tickflow.query.QueryServiceConfig;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * How far behind its changelog a standby replica may be and still answer. Kafka Streams serves a standby however far
 * behind it is: one restoring from scratch (a fresh state directory) answered "unknown symbol" and bars with gaps
 * while the owner was down, labelled standby but wrong rather than late. Beyond the limit a read fails (503 with
 * Retry-After, or the next instance is tried). Active tasks that run are never behind; those that restore are refused
 * before this ({@link LocalTasks}).
 *
 * @param maxLag records a store partition may be behind; under exactly-once a standby that has read everything is
 *     1 behind, the commit marker that ends the changelog
 */
record StandbyLimit(ChangelogLags lags, long maxLag) {

  /** The check of one read: it measures once, at the read's first store. */
  Check forRead() {
    return new Check();
  }

  /** Checks the stores of one read against one measure, taken after the read began. Not thread-safe. */
  final class Check {

    private Map<String, Map<Integer, Long>> measured;

    /**
     * @param partition the partition read, or null for all of the store's partitions this instance hosts
     * @throws InvalidStateStoreException when a partition read is behind more than the limit, or the lags cannot be
     *     measured
     */
    void require(String store, Integer partition) {
      Map<Integer, Long> partitions = measured().getOrDefault(store, Map.of());
      partitions.forEach((number, lag) -> {
        if ((partition == null || partition.equals(number)) && lag > maxLag) {
          throw new InvalidStateStoreException("The standby replica of " + store + " partition " + number + " is "
              + lag + " records behind its changelog (" + QueryServiceConfig.STANDBY_MAX_LAG_CONFIG
              + " = " + maxLag + "): restoring");
        }
      });
    }

    private Map<String, Map<Integer, Long>> measured() {
      if (measured == null) {
        try {
          measured = lags.measuredSinceNow();
        } catch (StreamsException e) {
          throw new InvalidStateStoreException("Cannot measure how far the standby replicas are behind: "
              + e.getMessage(), e);
        }
      }
      return measured;
    }
  }
}
