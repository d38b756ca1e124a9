package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFileTest {

  private static final long MAX_BYTES = 4_096;

  @TempDir
  Path dir;

  @AfterEach
  void restoreLogging() throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void shouldKeepTheLogAndAFixedNumberOfRolledFilesWhenItGrowsPastTheLimit() throws IOException {
    Path file = dir.resolve("tickflow.log");
    LogFile.redirectTo(file, new FileSize(MAX_BYTES), Duration.buildByMilliseconds(0));
    Logger log = LoggerFactory.getLogger("io.tickflow.test");
    String line = "x".repeat(100);
    long written = 0;
    for (int i = 0; written < 20 * MAX_BYTES; i++) {
      log.info("line {} {}", i, line);
      written += line.length();
    }
    log.info("last line");

    List<String> names;
    try (Stream<Path> files = Files.list(dir)) {
      names = files.map(path -> path.getFileName().toString()).sorted().toList();
    }
    assertThat(names).containsExactly("tickflow.1.log", "tickflow.2.log", "tickflow.3.log", "tickflow.4.log",
        "tickflow.log");
    assertThat(Files.readString(file)).endsWith("io.tickflow.test - last line\n");
    for (String name : names) {
      // A file rolls at the first event past the limit: at most one line over it.
      assertThat(Files.size(dir.resolve(name))).as(name).isLessThanOrEqualTo(MAX_BYTES + 200);
    }
  }
}
