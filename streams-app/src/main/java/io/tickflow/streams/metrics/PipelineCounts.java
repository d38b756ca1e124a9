package io.tickflow.streams.metrics;

import java.util.HashMap;
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
 * @param rejected rejected records by reason code
 */
public record PipelineCounts(long in, long out, Map<String, Long> rejected) {

  /** The counts of a pipeline that has seen no record, or whose sensors do not exist yet. */
  public static final PipelineCounts NONE = new PipelineCounts(0, 0, Map.of());

  private static final String TOTAL = "-total";

  public PipelineCounts {
    rejected = Map.copyOf(rejected);
  }

  /** The counts of a pipeline ({@code trades}, {@code quotes}, {@code depth}, {@code definitions}). */
  public static PipelineCounts read(Map<MetricName, ? extends Metric> metrics, String pipeline) {
    return readAll(metrics).getOrDefault(pipeline, NONE);
  }

  /**
   * The counts of every pipeline that has sensors, by {@link Pipeline#id()}, in one pass over the map (a Kafka
   * Streams client reports thousands of metrics).
   */
  public static Map<String, PipelineCounts> readAll(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Map<String, Long>> byPipeline = new HashMap<>();
    metrics.forEach((name, metric) -> {
      String pipeline = name.tags().get(PipelineSensors.ENTITY_TAG);
      if (PipelineSensors.GROUP.equals(name.group()) && pipeline != null && name.name().endsWith(TOTAL)) {
        String operation = name.name().substring(0, name.name().length() - TOTAL.length());
        long value = (long) ((Number) metric.metricValue()).doubleValue();
        byPipeline.computeIfAbsent(pipeline, p -> new HashMap<>()).merge(operation, value, Long::sum);
      }
    });
    Map<String, PipelineCounts> counts = new HashMap<>();
    byPipeline.forEach((pipeline, byOperation) -> counts.put(pipeline, of(byOperation)));
    return counts;
  }

  private static PipelineCounts of(Map<String, Long> byOperation) {
    Map<String, Long> rejected = new TreeMap<>();
    byOperation.forEach((operation, value) -> {
      if (operation.startsWith(PipelineSensors.REJECTED_PREFIX)) {
        rejected.put(operation.substring(PipelineSensors.REJECTED_PREFIX.length()), value);
      }
    });
    return new PipelineCounts(byOperation.getOrDefault(PipelineSensors.IN, 0L),
        byOperation.getOrDefault(PipelineSensors.OUT, 0L), rejected);
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
