package io.tickflow.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one topic must be set up: name, partitions, replication, cleanup policy and retention, plus what its records
 * are (documentation only). {@code retention} of {@code null} means keep forever.
 *
 * @param name Kafka topic name
 * @param partitions number of partitions, at least 1
 * @param replicationFactor replication factor, at least 1
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 * @param retention how long records are kept, or {@code null} for ever
 * @param key what the record key is
 * @param value what the value is: the Avro record full name
 */
public record TopicSpec(String name, int partitions, short replicationFactor, String cleanupPolicy,
                        Duration retention, String key, String value) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions of " + name + " must be >= 1, was " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor of " + name + " must be >= 1, was " + replicationFactor);
    }
  }

  /** The same topic with other partition and replication counts. */
  public TopicSpec withSizing(int newPartitions, short newReplicationFactor) {
    return new TopicSpec(name, newPartitions, newReplicationFactor, cleanupPolicy, retention, key, value);
  }

  /**
   * The topic-level configs this spec sets, as Kafka names them. A topic with a finite retention stamps its records
   * with the broker's append time: Tickflow's producers set a record's timestamp to its event time, and a backfill or
   * file import carries event times older than the retention, which the broker would otherwise delete (whole
   * partitions, active segment included) at its next retention check, minutes after they arrived and before they
   * were read. Retention then counts from arrival, as the topic table documents; event time stays in the value.
   */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
    if (retention != null) {
      configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }
    return configs;
  }
}
