package io.tickflow.cli.replay.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/** Running {@code tickflow} commands as a user would: a properties file, the command line, what it printed. */
final class CommandRuns {

  private CommandRuns() {
  }

  /** Writes the settings as {@code <application.id>.properties} in the directory. */
  static Path writeConfig(Path directory, Map<String, Object> settings) throws Exception {
    Properties properties = new Properties();
    settings.forEach((k, v) -> properties.setProperty(k, v.toString()));
    Path file = directory.resolve(settings.get("application.id") + ".properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, null);
    }
    return file;
  }

  /** What the command printed to standard output; it must succeed. */
  static String outputOf(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(TickflowCli.commandLine().execute(args)).as("exit code of %s", Arrays.toString(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
