package io.tickflow.cli.scid.integration;

import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.util.Arrays;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;

/** Topics an import test writes to, other than Tickflow's own. */
final class ImportTopics {

  private ImportTopics() {
  }

  /**
   * Creates the topics and returns once they are served: an idempotent producer writing to a topic just created can
   * hang on its retries (KAFKA-15591). Kept forever, so records keep the producer's timestamps.
   */
  static void ensure(EmbeddedKafkaBroker broker, int partitions, String... names) {
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(Arrays.stream(names)
          .map(name -> new TopicSpec(name, partitions, (short) 1, TopicConfig.CLEANUP_POLICY_DELETE, null, "symbol",
              "record"))
          .toList());
    }
  }
}
