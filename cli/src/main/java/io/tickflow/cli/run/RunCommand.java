package io.tickflow.cli.run;

import io.tickflow.cli.local.Components;
import io.tickflow.cli.local.ConsoleStatus;
import io.tickflow.cli.local.DtcSimulatorStarter;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimulatorConfig;
import io.tickflow.query.QueryServiceApp;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow run --config FILE}: production mode against an external Kafka cluster. Runs the components named
 * in {@code run.components} until stopped (SIGTERM or Ctrl-C), all settings from one properties file with
 * {@code TICKFLOW_*} environment overrides.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run Tickflow components against a Kafka cluster, configured by one properties file "
        + "(TICKFLOW_* environment variables override it). See docs/configuration.md. Exit code 1 when the "
        + "Streams app has stopped after an error, so that a service manager restarts it.")
public final class RunCommand implements Callable<Integer> {

  private static final Duration STREAMS_CHECK = Duration.ofSeconds(1);

  @Spec
  private CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, description = "The properties file.")
  private Path file;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "No such file: " + file);
    }
    Map<String, String> settings = Settings.load(file, System.getenv());
    RunConfig config = new RunConfig(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Components components = new Components(new ConsoleStatus(System.out))) {
      QueryServiceApp query = start(components, config, settings);
      if (!config.runsServices()) {
        return 0; // e.g. run.components=topics, as an init step before the services start
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        components.close();
        stopped.countDown();
      }, "tickflow-run-stop"));
      System.out.println("Tickflow running; stop with SIGTERM or Ctrl-C.");
      int exit = UntilStopped.await(stopped, query == null ? null : () -> query.streamsApp().streams().state(),
          STREAMS_CHECK);
      if (exit == UntilStopped.STREAMS_FAILED) {
        System.err.println("tickflow run: Kafka Streams stopped after an error (see the log); exiting with code "
            + exit + " so that the service manager restarts this instance");
      }
      return exit;
    }
  }

  /**
   * Starts the configured components in data-flow order.
   *
   * @return the query service (with the Streams app), or null when this instance does not run it
   */
  public static QueryServiceApp start(Components components, RunConfig config, Map<String, String> settings) {
    if (config.runs(RunConfig.Component.TOPICS)) {
      components.run("Topics on " + config.bootstrapServers(), () -> ensureTopics(config));
    }
    if (config.runs(RunConfig.Component.DTC_SIM)) {
      int port = config.getInt(RunConfig.DTC_SIM_PORT_CONFIG);
      components.start("DTC simulator on 0.0.0.0:" + port, () -> DtcSimulatorStarter.start("0.0.0.0", port,
          SimulatorConfig.HISTORY_ON_MARKET_DATA_PORT, Instrument.defaults(),
          config.getInt(RunConfig.DTC_SIM_RATE_CONFIG), config.getLong(RunConfig.DTC_SIM_SEED_CONFIG),
          Duration.ZERO));
    }
    if (config.runs(RunConfig.Component.CONNECT)) {
      components.start("Kafka Connect worker", () -> ConnectWorker.start(config));
    }
    if (config.runs(RunConfig.Component.QUERY)) {
      return components.start("Streams app and query service", () -> QueryComponent.start(settings));
    }
    return null;
  }

  private static void ensureTopics(RunConfig config) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      TopicReport report = new TopicAdmin(admin).ensure(TickflowTopics.all(
          config.getInt(RunConfig.TOPICS_PARTITIONS_CONFIG), config.getShort(RunConfig.TOPICS_REPLICATION_FACTOR_CONFIG)));
      report.drifts().forEach(drift -> System.out.printf("  topic %s: %s is %s, spec says %s%n", drift.topic(),
          drift.setting(), drift.actual(), drift.expected()));
    }
  }
}
