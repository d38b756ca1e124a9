package io.tickflow.cli.topics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.FreePorts;
import io.tickflow.cli.TickflowCli;
import io.tickflow.cli.local.LocalKafkaBroker;
import io.tickflow.topics.TickflowTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tickflow topics} on a real broker: creates the topics, then finds them, then reports drift with exit 3. */
@Tag("integration")
class TopicsCommandIT {

  @TempDir
  Path directory;

  @Test
  void shouldCreateTheTopicsOnceAndReportDrift() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory, FreePorts.pair())) {
      String[] oneReplica = {"topics", "-b", broker.bootstrapServers(), "--replication-factor", "1"};

      Run created = run(oneReplica);
      Run again = run(oneReplica);
      Run drifted = run("topics", "-b", broker.bootstrapServers(), "--replication-factor", "1", "--partitions", "2");

      assertThat(created.exit).isZero();
      assertThat(created.out).contains("created  " + TickflowTopics.RAW_TRADES);
      assertThat(again.exit).isZero();
      assertThat(again.out).contains("exists   " + TickflowTopics.RAW_TRADES).doesNotContain("created");
      assertThat(drifted.exit).isEqualTo(3);
      assertThat(drifted.out).contains("DRIFT    " + TickflowTopics.RAW_TRADES + " partitions is 6, spec says 2");
    }
  }

  private record Run(int exit, String out) {
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int exit = TickflowCli.commandLine().execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
