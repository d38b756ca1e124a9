package io.tickflow.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line checker of a config file from a Debian package (promtool, amtool). Without it the test is skipped,
 * except where {@code requireVariable} is set (CI installs the package and sets it): there a missing tool fails.
 */
record CheckTool(Path executable, String debianPackage, String requireVariable) {

  static final CheckTool PROMTOOL = new CheckTool(Path.of("/usr/bin/promtool"), "prometheus",
      "TICKFLOW_REQUIRE_PROMTOOL");
  static final CheckTool AMTOOL = new CheckTool(Path.of("/usr/bin/amtool"), "prometheus-alertmanager",
      "TICKFLOW_REQUIRE_AMTOOL");

  /** Runs the tool and returns its output, failing on a non-zero exit. */
  String run(String... arguments) throws IOException, InterruptedException {
    String name = executable.getFileName().toString();
    if (System.getenv(requireVariable) != null) {
      assertThat(executable).as(name + " (Debian package '" + debianPackage + "')").isExecutable();
    }
    assumeTrue(Files.isExecutable(executable),
        name + " not installed (Debian package '" + debianPackage + "'); skipping the " + name + " check");
    List<String> command = new ArrayList<>(List.of(executable.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      // A hung tool would otherwise outlive the test run, holding its pipe.
      process.destroyForcibly();
      fail(name + " did not finish within 30 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
