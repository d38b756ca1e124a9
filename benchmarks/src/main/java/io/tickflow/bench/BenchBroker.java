package io.tickflow.bench;

import io.tickflow.testing.EmbeddedKafkaBroker;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** The real broker a harness runs against: a {@link ChildBroker} by default, or in the harness's JVM. */
public interface BenchBroker extends AutoCloseable {

  String bootstrapServers();

  /** A new admin client; the caller closes it. */
  default Admin admin() {
    return EmbeddedKafkaBroker.admin(bootstrapServers());
  }

  /** Producer settings for raw bytes, acks=all and idempotent. */
  default Map<String, Object> producerConfig() {
    return EmbeddedKafkaBroker.producerConfig(bootstrapServers());
  }

  /** Consumer settings for raw bytes, read committed from the earliest offset, without a group. */
  default Map<String, Object> consumerConfig() {
    return EmbeddedKafkaBroker.consumerConfig(bootstrapServers());
  }

  /**
   * Starts the broker that system property {@code broker} names: {@code process} (a child JVM with {@code heap}) or
   * {@code jvm} (in this JVM, as in runs before 2026-11-26); without the property, {@code byDefault}.
   */
  static BenchBroker start(String heap, String byDefault) throws IOException {
    String where = System.getProperty("broker", byDefault);
    switch (where) {
      case "process":
        return ChildBroker.start(heap);
      case "jvm":
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        return new BenchBroker() {
          @Override
          public String bootstrapServers() {
            return broker.bootstrapServers();
          }

          @Override
          public void close() {
            broker.close();
          }
        };
      default:
        throw new IllegalArgumentException("broker must be process or jvm, was " + where);
    }
  }
}
