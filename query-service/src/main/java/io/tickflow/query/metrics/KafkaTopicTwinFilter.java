package io.tickflow.query.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Drops the deprecated twins of the Kafka consumer's per-topic meters. Since Kafka 4.1 (KIP-1109, KAFKA-19753) the
 * consumer reports its topic and partition fetch metrics twice for a topic whose name has dots: under the name as
 * it is, and, deprecated, with the dots replaced by underscores; Micrometer's Kafka binders pass both on, which
 * doubles the series and every {@code sum()} over them. The binders keep their metrics supplier private, so the
 * twin is recognised here when it registers: a {@code kafka.*} meter whose {@code topic} tag is the underscored
 * name of a dotted topic that the followed clients report. (A real topic named like such a twin would be dropped
 * too; Kafka itself mixes the two up, and Tickflow's topics have dots only.) Thread-safe.
 */
final class KafkaTopicTwinFilter implements MeterFilter {

  private final List<Supplier<Map<MetricName, ? extends Metric>>> clients = new CopyOnWriteArrayList<>();

  /** Recognises the twins among the metrics of this client, e.g. {@code kafkaStreams::metrics}. */
  void follow(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    clients.add(metrics);
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String topic = id.getTag("topic");
    boolean mayBeTwin = topic != null && id.getName().startsWith("kafka.") && topic.indexOf('_') >= 0
        && topic.indexOf('.') < 0;
    return mayBeTwin && isUnderscoredDottedTopic(topic) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  private boolean isUnderscoredDottedTopic(String topic) {
    for (Supplier<Map<MetricName, ? extends Metric>> client : clients) {
      for (MetricName name : client.get().keySet()) {
        String reported = name.tags().get("topic");
        if (reported != null && reported.indexOf('.') >= 0 && reported.replace('.', '_').equals(topic)) {
          return true;
        }
      }
    }
    return false;
  }
}
