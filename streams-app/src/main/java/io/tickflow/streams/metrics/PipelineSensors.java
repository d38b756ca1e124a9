package io.tickflow.streams.metrics;

import io.tickflow.streams.ingest.Rejection.Reason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counters of one pipeline as Kafka Streams custom sensors, so they appear in {@code KafkaStreams#metrics()} under
 * group {@value #GROUP} with tag {@value #ENTITY_TAG} (the {@link Pipeline#id()}): {@code records-in-total},
 * {@code records-out-total} and {@code rejected-<reason>-total}, one of each per stream thread. For a drained
 * pipeline, in = out + the sum of rejected. Not thread-safe: one per processor instance (sensors themselves are
 * shared per stream thread).
 */
public final class PipelineSensors {

  /** Metric group of every Tickflow sensor. */
  public static final String GROUP = "stream-tickflow-metrics";
  /** Tag naming the pipeline. */
  public static final String ENTITY_TAG = "tickflow-id";
  public static final String IN = "records-in";
  public static final String OUT = "records-out";
  public static final String REJECTED_PREFIX = "rejected-";

  private static final String SCOPE = "tickflow";

  private final StreamsMetrics metrics;
  private final Pipeline pipeline;
  private final Sensor in;
  private final Sensor out;
  private final Map<Reason, Sensor> rejected = new EnumMap<>(Reason.class);

  public PipelineSensors(StreamsMetrics metrics, Pipeline pipeline) {
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.in = sensor(IN);
    this.out = sensor(OUT);
  }

  /** One record entered the pipeline. */
  public void in() {
    in.record();
  }

  /** One record left the pipeline as output. */
  public void out() {
    out.record();
  }

  /** One record was rejected (dead-lettered, or dropped as a duplicate) for a reason. */
  public void rejected(Reason reason) {
    rejected.computeIfAbsent(reason, r -> sensor(REJECTED_PREFIX + r.code())).record();
  }

  private Sensor sensor(String operation) {
    return metrics.addRateTotalSensor(SCOPE, pipeline.id(), operation, Sensor.RecordingLevel.INFO);
  }
}
