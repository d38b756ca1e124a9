package io.tickflow.streams.integration;

import io.tickflow.testing.EmbeddedKafkaBroker;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * One real broker per test class, with every Tickflow topic created. The broker enforces retention from its start and
 * every 200 ms (a real one: 30 s after start, then every 5 min), so a test whose records carry event times older than
 * a topic's retention, as all of these do, meets the deletion a deployment would meet within minutes.
 */
@Tag("integration")
abstract class RealBrokerTest {

  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(Map.of("log.initial.task.delay.ms", "0",
        "log.retention.check.interval.ms", "200"));
    StreamsRig.createTopics(broker);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }
}
