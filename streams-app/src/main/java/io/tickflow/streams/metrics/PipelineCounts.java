package io.tickflow.streams.metrics;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A snapshot of one pipeline's counters, summed over stream threads, read from a metrics map such as
 * {@code KafkaStreams#metrics()} or {@code TopologyTestDriver#metrics()}.
 *
 * @param in records that entered
 * @param out records that left as output
 * @param rejected rejected records by reason code (sorted)
 */
public record PipelineCounts(long in, long out, Map<String, Long> rejected) {

  public PipelineCounts {
    rejected = Map.copyOf(rejected);
  }

  /** The counts of a pipeline ({@code trades}, {@code quotes}, {@code depth}, {@code definitions}). */
  public static PipelineCounts read(Map<MetricName, ? extends Metric> metrics, String pipeline) {
    long in = 0;
    long out = 0;
    Map<String, Long> rejected = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (!PipelineSensors.GROUP.equals(name.group()) || !pipeline.equals(name.tags().get(PipelineSensors.ENTITY_TAG))
          || !name.name().endsWith("-total")) {
        continue;
      }
      String operation = name.name().substring(0, name.name().length() - "-total".length());
      long value = (long) ((Number) entry.getValue().metricValue()).doubleValue();
      if (operation.equals(PipelineSensors.IN)) {
        in += value;
      } else if (operation.equals(PipelineSensors.OUT)) {
        out += value;
      } else if (operation.startsWith(PipelineSensors.REJECTED_PREFIX)) {
        rejected.merge(operation.substring(PipelineSensors.REJECTED_PREFIX.length()), value, Long::sum);
      }
    }
    return new PipelineCounts(in, out, rejected);
  }

  /** Total rejected, all reasons. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** True when every record that entered either left or was rejected. */
  public boolean isBalanced() {
    return in == out + rejectedTotal();
  }
}
