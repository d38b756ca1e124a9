package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changelogs of the window stores, as Kafka Streams creates them on a real broker: compacted and deleted after
 * the store's retention plus a day, as the stores forget by then. A compacted-only changelog of a store whose keys
 * never repeat (the dedup store's symbol and second) grows for as long as the app runs.
 */
class ChangelogRetentionIT extends RealBrokerTest {

  private static final String APPLICATION_ID = "changelog-retention";
  private static final Duration HORIZON = Duration.ofHours(6);
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  @TempDir
  Path workDir;

  @Test
  void shouldDeleteWindowStoreChangelogsAfterTheStoreRetentionPlusADayWhenTheAppCreatesThem() throws Exception {
    Map<String, Object> settings = StreamsRig.appSettings(broker, APPLICATION_ID, workDir.resolve("state"));
    settings.put(StreamsAppConfig.DEDUP_HORIZON_MS_CONFIG, Long.toString(HORIZON.toMillis()));
    settings.put(StreamsAppConfig.BARS_RETENTION_CONFIG, "1m=3d");
    String dedup = changelog(TickflowStores.TRADE_DEDUP);
    String bars = changelog(TickflowStores.bars("1m"));

    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings));
         Admin admin = broker.admin()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING
          && admin.listTopics().names().get().containsAll(Set.of(dedup, bars)));

      assertThat(deletion(admin, dedup)).isEqualTo(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete",
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(HORIZON.toMillis() + DAY_MS)));
      assertThat(deletion(admin, bars)).isEqualTo(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete",
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(3).toMillis() + DAY_MS)));
    }
  }

  private static String changelog(String store) {
    return APPLICATION_ID + "-" + store + "-changelog";
  }

  private static Map<String, String> deletion(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
        TopicConfig.RETENTION_MS_CONFIG, config.get(TopicConfig.RETENTION_MS_CONFIG).value());
  }
}
