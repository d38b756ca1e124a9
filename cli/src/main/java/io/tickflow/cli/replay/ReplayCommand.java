package io.tickflow.cli.replay;

import io.tickflow.cli.ProgressBar;
import io.tickflow.cli.run.Settings;
import io.tickflow.streams.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow replay}: rebuilds every bar from the raw topics. Refuses while instances of the Streams application
 * run; resets the application with Kafka's streams reset tool, deletes its local state, then runs the Streams app
 * until it has processed everything the raw topics held when the replay started, and stops.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Rebuild all bars from the raw topics: reset the Streams application (it must be stopped), "
        + "reprocess with progress, stop. Final bars come out identical for identical input and settings.")
public final class ReplayCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = {"-c", "--config"}, description = "The properties file of the instances (as for `tickflow run`); "
      + "TICKFLOW_* environment variables override it.")
  private Path file;

  @Option(names = {"-b", "--bootstrap-servers"}, description = "Kafka bootstrap servers (overrides the file).")
  private String bootstrapServers;

  @Option(names = "--application-id", description = "Streams application id (overrides the file; default: "
      + "the Streams app's default).")
  private String applicationId;

  @Option(names = "--state-dir", description = "Streams state directory of this machine (overrides the file).")
  private Path stateDir;

  @Override
  public Integer call() throws InterruptedException {
    if (file != null && !Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "No such file: " + file);
    }
    Map<String, Object> settings = new HashMap<>(file == null ? Map.of() : Settings.load(file, System.getenv()));
    putIfSet(settings, "bootstrap.servers", bootstrapServers);
    putIfSet(settings, "application.id", applicationId);
    putIfSet(settings, "state.dir", stateDir == null ? null : stateDir.toString());
    ReplaySummary summary = new Replay(new StreamsAppConfig(settings), new ProgressBar(System.out,
        System.console() != null, "replay")).run();
    System.out.println(summary.describe());
    return 0;
  }

  private static void putIfSet(Map<String, Object> settings, String key, String value) {
    if (value != null) {
      settings.put(key, value);
    }
  }
}
