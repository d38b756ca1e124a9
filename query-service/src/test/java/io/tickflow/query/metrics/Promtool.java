package io.tickflow.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Prometheus' own check of an exposition, {@code promtool check metrics}. */
final class Promtool {

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private Promtool() {
  }

  /**
   * Fails unless promtool accepts the exposition; skips the test when promtool is missing, except in CI (which sets
   * TICKFLOW_REQUIRE_PROMTOOL): there a missing promtool is a failure.
   */
  static void assertValidExposition(String exposition) throws IOException, InterruptedException {
    if (System.getenv("TICKFLOW_REQUIRE_PROMTOOL") != null) {
      assertThat(PROMTOOL).as("promtool (Debian package 'prometheus')").isExecutable();
    }
    assumeTrue(Files.isExecutable(PROMTOOL),
        "promtool not installed (Debian package 'prometheus'); CI installs it. Skipping the exposition check.");
    Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream stdin = promtool.getOutputStream()) {
      stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    if (!promtool.waitFor(30, TimeUnit.SECONDS)) {
      // A hung promtool would otherwise outlive the test run, holding its pipe.
      promtool.destroyForcibly();
      fail("promtool did not finish within 30 s");
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(promtool.exitValue()).as(output).isZero();
  }
}
