package io.tickflow.connect.integration;

import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** What the connector integration tests share: topics, record counts and plugin metrics. */
public final class ConnectTestSupport {

  private ConnectTestSupport() {
  }

  /** Creates one-partition topics (so order is kept) that do not exist yet. */
  public static void createTopics(EmbeddedKafkaBroker broker, String... topics) {
    createTopics(broker, 1, topics);
  }

  /** Creates topics of {@code partitions} partitions that do not exist yet. */
  public static void createTopics(EmbeddedKafkaBroker broker, int partitions, String... topics) {
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(Arrays.stream(topics)
          .map(topic -> new TopicSpec(topic, partitions, (short) 1, "delete", null, "symbol", "any"))
          .collect(Collectors.toList()));
    }
  }

  /** The number of records in a topic (the sum of its partitions' end offsets). */
  public static long count(EmbeddedKafkaBroker broker, String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      final Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(Set.of(topic)).allTopicNames().get()
          .get(topic).partitions().stream()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      long sum = 0;
      for (final var end : admin.listOffsets(ends).all().get().values()) {
        sum += end.offset();
      }
      return sum;
    }
  }

  /**
   * A plugin metric of a connector, read from JMX like an operator would, summed over its tasks.
   *
   * @throws AssertionError when no task of the connector has the metric
   */
  public static long pluginMetric(String connector, String name) throws Exception {
    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    final Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null);
    long sum = 0;
    boolean found = false;
    for (final ObjectName objectName : names) {
      if (connector.equals(objectName.getKeyProperty("connector"))) {
        try {
          sum += ((Number) server.getAttribute(objectName, name)).longValue();
          found = true;
        } catch (AttributeNotFoundException e) {
          // Another plugin of the same task (a converter) or the connector itself: look further.
        }
      }
    }
    if (!found) {
      throw new AssertionError("no plugin metric " + name + " for connector " + connector + " among " + names);
    }
    return sum;
  }
}
