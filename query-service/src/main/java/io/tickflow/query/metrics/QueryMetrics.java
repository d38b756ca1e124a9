package io.tickflow.query.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tickflow.streams.metrics.PipelineSensors;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The query service's meters, wired by hand on a Prometheus registry (javalin-micrometer exists for Javalin 6
 * only): JVM, HTTP request timers, the trade to bar latency, and those of the Kafka Streams client bound; the
 * WebSocket endpoint's own are {@code ws.WsMeters}, on this registry. Thread-safe.
 */
public final class QueryMetrics implements AutoCloseable {

  private static final Set<String> DENIED = Set.of("process.cpu.time", "system.cpu.count");
  /** The methods of RFC 9110; Jetty passes on any token a client sends as a method. */
  private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
      "OPTIONS", "TRACE", "PATCH");
  static final String OTHER_METHOD = "OTHER";
  /**
   * The names Micrometer's Kafka binder gives the pipeline sensors ("kafka." + group + "." + name, without
   * "-metrics", dashes as dots: {@code kafka.stream.tickflow.records.in.total}); {@link PipelineMeters} exports the
   * same numbers under names of their own, present from the start.
   */
  static final String BINDER_PIPELINE_PREFIX =
      ("kafka." + PipelineSensors.GROUP).replace("-metrics", "").replace('-', '.') + ".";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final KafkaTopicTwinFilter kafkaTopicTwins = new KafkaTopicTwinFilter();
  private final Timer barLatency;

  private QueryMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // Two ProcessorMetrics names break Prometheus naming rules (promtool: "_ns" unit, "_count" on a gauge).
    registry.config().meterFilter(MeterFilter.deny(id -> DENIED.contains(id.getName())))
        .meterFilter(MeterFilter.denyNameStartsWith(BINDER_PIPELINE_PREFIX))
        .meterFilter(kafkaTopicTwins);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    barLatency = Timer.builder("tickflow.bar.latency")
        .description("Event time of a bar's last trade to the bar's arrival here (live bars topic)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  /** A new Prometheus registry with the JVM meters bound. */
  public static QueryMetrics create() {
    return create(Clock.SYSTEM);
  }

  /** As {@link #create()}, on a clock of the caller's (a test's). */
  static QueryMetrics create(Clock clock) {
    return new QueryMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock));
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Binds the meters of a Kafka Streams client until the returned binding is closed: Tickflow's pipeline counters
   * ({@link PipelineMeters}), its RocksDB memory budget's use and limit ({@link RocksDBMemoryMeters}), and
   * Micrometer's {@link KafkaStreamsMetrics} for the client and its consumers, producers and admin client, without
   * the consumer's deprecated underscored twins of dotted topic names ({@link KafkaTopicTwinFilter}) and without its
   * own copies of the pipeline counters.
   *
   * @param streamsProperties the properties the client was built from (they tell its RocksDB memory budget)
   */
  public StreamsMeters bindKafkaStreams(KafkaStreams streams, Map<?, ?> streamsProperties) {
    kafkaTopicTwins.follow(streams::metrics);
    PipelineMeters pipelines = bindPipelines(streams::metrics);
    RocksDBMemoryMeters rocksDbMemory = bindRocksDbMemory(streamsProperties);
    KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
    binder.bindTo(registry);
    return () -> {
      binder.close();
      rocksDbMemory.close();
      pipelines.close();
    };
  }

  /** Binds the pipeline counters read from {@code metrics}, a Kafka Streams client's or a test driver's. */
  PipelineMeters bindPipelines(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    PipelineMeters pipelines = new PipelineMeters(metrics, registry.config().clock());
    pipelines.bindTo(registry);
    return pipelines;
  }

  /** Binds the gauges of the RocksDB memory budget {@code streamsProperties} install, if they install one. */
  RocksDBMemoryMeters bindRocksDbMemory(Map<?, ?> streamsProperties) {
    return RocksDBMemoryMeters.bind(registry, streamsProperties);
  }

  /** The meters bound to one Kafka Streams client; closing unbinds them. */
  public interface StreamsMeters extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Records one HTTP request; {@code route} is the matched path template, never the raw path. A method outside
   * RFC 9110 counts as {@value #OTHER_METHOD}: a client inventing methods must not add a series per invention.
   */
  public void httpRequest(String method, String route, int status, long nanos) {
    Timer.builder("http.server.requests").description("HTTP requests by route and status")
        .tag("method", HTTP_METHODS.contains(method) ? method : OTHER_METHOD).tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A live bar arrived {@code latency} after its last trade's event time. */
  public void barLatency(Duration latency) {
    if (!latency.isNegative()) {
      barLatency.record(latency);
    }
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
