package io.tickflow.topics;

import java.util.Map;

/**
 * Broker settings every one-node Kafka needs to serve Tickflow: the demo's local broker and the tests' broker.
 */
public final class SingleNodeCluster {

  private SingleNodeCluster() {
  }

  /**
   * Internal topics sized for one node (with three replicas required, transactions, and so exactly-once Streams, wait
   * 60 s for replicas that never come), no group rebalance delay, and no auto-created topics: Tickflow creates its
   * topics with the admin step, so a misspelt topic must fail, not appear.
   */
  public static Map<String, String> brokerSettings() {
    return Map.of(
        "offsets.topic.replication.factor", "1",
        "offsets.topic.num.partitions", "4",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "transaction.state.log.num.partitions", "4",
        "share.coordinator.state.topic.replication.factor", "1",
        "share.coordinator.state.topic.min.isr", "1",
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "false");
  }
}
