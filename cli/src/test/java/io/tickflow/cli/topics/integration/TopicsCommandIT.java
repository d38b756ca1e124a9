package io.tickflow.cli.topics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.cli.FreePorts;
import io.tickflow.cli.CliRun;
import io.tickflow.cli.local.LocalKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickflow topics} on a real broker: creates the topics, then finds them, then reports drift with exit 3, and
 * sets drifted configs with {@code --alter-configs}.
 */
@Tag("integration")
class TopicsCommandIT {

  @TempDir
  Path directory;

  @Test
  void shouldCreateTheTopicsOnceAndReportDrift() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory, FreePorts.pair())) {
      String[] oneReplica = {"topics", "-b", broker.bootstrapServers(), "--replication-factor", "1"};

      CliRun created = CliRun.of(oneReplica);
      CliRun again = CliRun.of(oneReplica);
      CliRun drifted = CliRun.of("topics", "-b", broker.bootstrapServers(), "--replication-factor", "1",
          "--partitions", "2");

      assertThat(created.exit()).isZero();
      assertThat(created.out()).contains("created  " + TickflowTopics.RAW_TRADES);
      assertThat(again.exit()).isZero();
      assertThat(again.out()).contains("exists   " + TickflowTopics.RAW_TRADES).doesNotContain("created");
      assertThat(drifted.exit()).isEqualTo(3);
      assertThat(drifted.out()).contains("DRIFT    " + TickflowTopics.RAW_TRADES + " partitions is 6, spec says 2");
    }
  }

  /**
   * An alerts topic created by a build before it became compacted: reported, then set by --alter-configs, which leaves
   * a partition count drift reported (exit 3) and unchanged.
   */
  @Test
  void shouldAlterDriftedConfigsOnlyWhenAskedAndNeverPartitions() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory, FreePorts.pair());
         Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      String[] topics = {"topics", "-b", broker.bootstrapServers(), "--replication-factor", "1"};
      assertThat(CliRun.of(topics).exit()).isZero();
      ConfigResource alerts = new ConfigResource(ConfigResource.Type.TOPIC, TickflowTopics.ALERTS);
      admin.incrementalAlterConfigs(Map.of(alerts, List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE),
          AlterConfigOp.OpType.SET)))).all().get();
      String oldAlerts = "cleanup.policy is delete, spec says compact";
      // A config change reaches the broker's view asynchronously (through the metadata log).
      CliRun reported = await().atMost(Duration.ofSeconds(30)).until(() -> CliRun.of(topics), r -> r.exit() != 0);

      CliRun altered = CliRun.of("topics", "-b", broker.bootstrapServers(), "--replication-factor", "1",
          "--partitions", "2", "--alter-configs");
      CliRun after = await().atMost(Duration.ofSeconds(30)).until(() -> CliRun.of(topics), r -> r.exit() == 0);

      assertThat(reported.exit()).isEqualTo(3);
      assertThat(reported.out()).contains("DRIFT    " + TickflowTopics.ALERTS + " " + oldAlerts);
      assertThat(altered.exit()).isEqualTo(3);
      assertThat(altered.out())
          .contains("ALTERED  " + TickflowTopics.ALERTS + " cleanup.policy was delete, now compact")
          .contains("DRIFT    " + TickflowTopics.RAW_TRADES + " partitions is 6, spec says 2")
          .doesNotContain("ALTERED  " + TickflowTopics.RAW_TRADES);
      assertThat(after.out()).doesNotContain("DRIFT");
      assertThat(admin.describeTopics(List.of(TickflowTopics.RAW_TRADES)).allTopicNames().get()
          .get(TickflowTopics.RAW_TRADES).partitions()).hasSize(6);
    }
  }
}
