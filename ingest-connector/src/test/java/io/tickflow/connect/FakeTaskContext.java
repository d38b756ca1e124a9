package io.tickflow.connect;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The framework seam of a source task: a map-backed offset store (fed by {@link #commit}) and real Kafka metrics.
 */
public final class FakeTaskContext implements SourceTaskContext {

  public final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();
  public final Metrics metrics = new Metrics();
  private final PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test"));

  /** Stores the offsets of records as the worker would after they were written. */
  public void commit(Iterable<SourceRecord> records) {
    for (final SourceRecord record : records) {
      offsets.put(record.sourcePartition(), new HashMap<>(record.sourceOffset()));
    }
  }

  /** The value of one of the task's metrics. */
  public long metric(String name) {
    final MetricName metricName = pluginMetrics.metricName(name, "", new LinkedHashMap<>());
    return ((Number) metrics.metric(metricName).metricValue()).longValue();
  }

  @Override
  public Map<String, String> configs() {
    return Map.of();
  }

  @Override
  public OffsetStorageReader offsetStorageReader() {
    return new OffsetStorageReader() {
      @Override
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offsets.get(partition);
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        final Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        partitions.forEach(partition -> result.put(partition, offsets.get(partition)));
        return result;
      }
    };
  }

  @Override
  public PluginMetrics pluginMetrics() {
    return pluginMetrics;
  }
}
