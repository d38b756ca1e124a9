package io.tickflow.query.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.streams.metrics.PipelineCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The pipeline counters ({@link io.tickflow.streams.metrics.PipelineSensors}) as meters of their own, one series for
 * every pipeline and every rejection reason, registered at once and zero until records come. Micrometer's Kafka
 * binder cannot do this: the sensors only exist once the stream threads have their tasks (a rejection reason's
 * only at its first rejection), and the binder looks for new Kafka metrics once a minute, so a fresh instance's
 * /metrics lacked them for up to that long.
 *
 * <p>Every meter reads the same snapshot of the metrics map, read again when it is older than {@link #MAX_AGE}: the
 * map holds thousands of entries, and a scrape reads all the meters one after the other. One snapshot per scrape
 * also keeps in = out + rejected within a scrape. The counters only grow while the Kafka Streams client lives: a
 * replaced stream thread's sensors stay in its metrics (they are not thread-level sensors Kafka removes), and a new
 * thread has new ones. A restart starts them from zero, which Prometheus reads as a counter reset. Thread-safe.
 */
final class PipelineMeters implements MeterBinder, AutoCloseable {

  private static final String IN = "tickflow.pipeline.records.in";
  private static final String OUT = "tickflow.pipeline.records.out";
  private static final String REJECTED = "tickflow.pipeline.records.rejected";
  /** How long a snapshot serves: a scrape reads every meter well within it. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final Supplier<Map<MetricName, ? extends Metric>> metrics;
  private final Clock clock;
  private final List<Meter> meters = new ArrayList<>();
  private MeterRegistry registry;
  private Map<String, PipelineCounts> snapshot;
  private long snapshotAt;

  /** Meters over {@code metrics}, e.g. {@code kafkaStreams::metrics}; {@code clock} ages the snapshot. */
  PipelineMeters(Supplier<Map<MetricName, ? extends Metric>> metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    for (Pipeline pipeline : Pipeline.values()) {
      meters.add(counter(IN, "Records that entered the pipeline", pipeline, PipelineCounts::in).register(registry));
      meters.add(counter(OUT, "Records that left the pipeline as output", pipeline, PipelineCounts::out)
          .register(registry));
      for (Reason reason : Reason.values()) {
        meters.add(counter(REJECTED, "Records the pipeline rejected (dead-lettered, or dropped as duplicates)",
            pipeline, counts -> counts.rejected().getOrDefault(reason.code(), 0L))
            .tag("reason", reason.code()).register(registry));
      }
    }
  }

  /** The registry holds {@code this} weakly: whoever binds keeps it (as the binding does, until closed). */
  private FunctionCounter.Builder<PipelineMeters> counter(String name, String description, Pipeline pipeline,
                                                         ToLongFunction<PipelineCounts> count) {
    return FunctionCounter.builder(name, this, self -> self.count(pipeline, count))
        .description(description).tag("pipeline", pipeline.id());
  }

  private synchronized double count(Pipeline pipeline, ToLongFunction<PipelineCounts> count) {
    long now = clock.monotonicTime();
    if (snapshot == null || now - snapshotAt >= MAX_AGE.toNanos()) {
      snapshot = PipelineCounts.readAll(metrics.get());
      snapshotAt = now;
    }
    return count.applyAsLong(snapshot.getOrDefault(pipeline.id(), PipelineCounts.NONE));
  }

  /** Removes the meters, so that a later binding to another client registers its own. */
  @Override
  public synchronized void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
