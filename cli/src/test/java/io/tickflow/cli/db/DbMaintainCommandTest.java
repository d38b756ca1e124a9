package io.tickflow.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DbMaintainCommandTest {

  /** Maintenance applies what the last migrate stored: a setting given to it would be ignored without a word. */
  @Test
  void shouldRefuseSettingsThatOnlyMigrateApplies() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = TickflowCli.commandLine();
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute("db", "maintain", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "-D",
        "db.ticks.retention.days=30");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("Unknown options: '-D'");
  }
}
