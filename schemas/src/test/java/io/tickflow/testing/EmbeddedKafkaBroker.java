package io.tickflow.testing;

import io.tickflow.topics.SingleNodeCluster;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running in this JVM on a free loopback port,
 * built on Kafka's own test kit. Settings are those of a one-node cluster that supports transactions, so
 * exactly-once Streams and Connect work. Data lives in a temporary directory deleted on {@link #close()}.
 *
 * <p>This is the one seam for "a broker in tests": a Testcontainers-based variant for machines with Docker would
 * implement the same methods.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats storage and starts the broker; returns once it accepts clients. */
  public static EmbeddedKafkaBroker start() {
    return start(Map.of());
  }

  /** Starts the broker with extra broker settings on top of the one-node defaults. */
  public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(SingleNodeCluster.brokerSettings());
    settings.putAll(overrides);
    try {
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
          .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
      settings.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafkaBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  /** {@code host:port} of the broker's client listener. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return admin(bootstrapServers());
  }

  /** Producer settings for raw bytes, acks=all and idempotent; add or override as needed. */
  public Map<String, Object> producerConfig() {
    return producerConfig(bootstrapServers());
  }

  /** Consumer settings for raw bytes, reading committed data from the earliest offset, without a group. */
  public Map<String, Object> consumerConfig() {
    return consumerConfig(bootstrapServers());
  }

  /** A new admin client of the broker at {@code bootstrapServers}; the caller closes it. */
  public static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** {@link #producerConfig()} for the broker at {@code bootstrapServers} (a broker in another process). */
  public static Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  /** {@link #consumerConfig()} for the broker at {@code bootstrapServers} (a broker in another process). */
  public static Map<String, Object> consumerConfig(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the embedded Kafka broker: " + e.getMessage(), e);
    }
  }
}
