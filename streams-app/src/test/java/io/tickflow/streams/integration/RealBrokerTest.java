package io.tickflow.streams.integration;

import io.tickflow.testing.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** One real broker per test class, with every Tickflow topic created. */
@Tag("integration")
abstract class RealBrokerTest {

  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    StreamsRig.createTopics(broker);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }
}
