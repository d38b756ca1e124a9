package io.tickflow.streams;

import io.tickflow.marketstate.MarketStateReader;
import io.tickflow.streams.metrics.PipelineCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Tickflow topology: standalone through {@link #main}, or embedded by the query service and the CLI demo
 * through {@link #start} and {@link #close}. Thread-safe.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final StreamsAppConfig config;
  private final KafkaStreams streams;
  private final ProcessingTasks tasks;
  private final Optional<ChangelogGuard> guard;

  private StreamsApp(StreamsAppConfig config, KafkaStreams streams, ProcessingTasks tasks,
                     Optional<ChangelogGuard> guard) {
    this.config = config;
    this.streams = streams;
    this.tasks = tasks;
    this.guard = guard;
  }

  /**
   * Builds the topology and starts Kafka Streams. Returns at once; state goes CREATED, REBALANCING, RUNNING. A
   * processing error shuts the client down (state ERROR) after logging it: with exactly-once, a failed transaction
   * is aborted and nothing half-done is visible. Local RocksDB state built from changelog topics that were deleted
   * since (a replay or reset) is wiped first ({@link ChangelogGuard}).
   */
  public static StreamsApp start(StreamsAppConfig config) {
    return start(config, (streams, tasks) -> { });
  }

  /**
   * As {@link #start(StreamsAppConfig)}, after letting the embedder register what must be set before
   * {@code KafkaStreams#start()}: a state listener or a restore listener, and a listener of the tasks' processors
   * (the query service's readiness).
   *
   * @param beforeStart called once with the client, not yet started, and the tasks its processors will report to
   */
  public static StreamsApp start(StreamsAppConfig config, BiConsumer<KafkaStreams, ProcessingTasks> beforeStart) {
    ProcessingTasks tasks = new ProcessingTasks();
    Topology topology = TickflowTopology.build(config, tasks);
    Properties properties = config.streamsProperties();
    log.info("Starting Tickflow streams app {} with exactly-once '{}'", properties.get("application.id"),
        properties.get("processing.guarantee"));
    log.debug("Topology:\n{}", topology.describe());
    if (config.inMemoryStores()) {
      // In-memory stores keep nothing on disk: every start restores them from the changelogs, as they are now.
      return start(config, new KafkaStreams(topology, properties), tasks, beforeStart, Optional.empty());
    }
    ChangelogGuard guard = ChangelogGuard.open(topology, new StreamsConfig(properties));
    try {
      KafkaStreams streams = new KafkaStreams(topology, properties);
      guard.wipeIfRecreated(streams);
      StreamsApp app = start(config, streams, tasks, beforeStart, Optional.of(guard));
      guard.rememberWhenRunning(streams);
      return app;
    } catch (InterruptedException e) {
      guard.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted checking the changelog topics", e);
    } catch (RuntimeException e) {
      guard.close();
      throw e;
    }
  }

  private static StreamsApp start(StreamsAppConfig config, KafkaStreams streams, ProcessingTasks tasks,
                                  BiConsumer<KafkaStreams, ProcessingTasks> beforeStart,
                                  Optional<ChangelogGuard> guard) {
    streams.setUncaughtExceptionHandler(exception -> {
      log.error("Stream thread failed; shutting the client down", exception);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    beforeStart.accept(streams, tasks);
    streams.start();
    return new StreamsApp(config, streams, tasks, guard);
  }

  /** The Kafka Streams client, e.g. for {@code queryMetadataForKey} routing or Micrometer's KafkaStreamsMetrics. */
  public KafkaStreams streams() {
    return streams;
  }

  /** The tasks of this instance that hold the stores interactive queries read whole. */
  public ProcessingTasks processingTasks() {
    return tasks;
  }

  /** The read API over this instance's stores. */
  public MarketStateReader reader() {
    return MarketStateReader.of(streams, config);
  }

  /** Counters of a pipeline: {@code trades}, {@code quotes}, {@code depth} or {@code definitions}. */
  public PipelineCounts counts(String pipeline) {
    return PipelineCounts.read(streams.metrics(), pipeline);
  }

  /**
   * Stops processing, commits and closes the stores; waits up to 30 s. A dynamic member leaves the consumer group,
   * handing its partitions to the other instances (or to its own restart) at once: staying would stall them, and
   * every bar they feed, until the session timeout (45 s) expired. A static member ({@code group.instance.id}) stays,
   * as static membership is for restarts that keep their partitions.
   */
  @Override
  public void close() {
    log.info("Stopping Tickflow streams app");
    streams.close(CloseOptions.groupMembershipOperation(isStaticMember()
        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT));
    guard.ifPresent(ChangelogGuard::close);
  }

  private boolean isStaticMember() {
    Map<?, ?> properties = config.streamsProperties();
    return Stream.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
        .anyMatch(properties::containsKey);
  }

  /**
   * Runs until SIGTERM/SIGINT.
   *
   * @param args optional path of a {@code .properties} file; {@code TICKFLOW_*} environment variables overlay it
   */
  public static void main(String[] args) throws InterruptedException {
    StreamsAppConfig config = StreamsAppConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(),
        Map.of());
    CountDownLatch stopped = new CountDownLatch(1);
    StreamsApp app = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "tickflow-shutdown"));
    stopped.await();
  }
}
