package io.tickflow.topics;

/**
 * One setting of an existing topic that differs from its spec.
 *
 * @param topic topic name
 * @param setting e.g. {@code partitions}, {@code replication.factor}, {@code retention.ms}
 * @param expected the spec's value
 * @param actual the cluster's value
 */
public record TopicDrift(String topic, String setting, String expected, String actual) {

  static final String PARTITIONS = "partitions";
  static final String REPLICATION_FACTOR = "replication.factor";

  /** True for a topic config (cleanup policy, retention...), false for the partition count or replication factor. */
  public boolean isConfig() {
    return !PARTITIONS.equals(setting) && !REPLICATION_FACTOR.equals(setting);
  }
}
