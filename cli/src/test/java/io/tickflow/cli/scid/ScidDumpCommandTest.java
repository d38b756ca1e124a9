package io.tickflow.cli.scid;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScidDumpCommandTest {

  @TempDir
  Path dir;

  @Test
  void shouldRejectAnUnknownFormatNamingTheValues() {
    assertThat(errorOf("scid", "dump", "f.scid", "--format", "xml"))
        .contains("Invalid value for option '--format': expected one of [CSV, JSON] (case-insensitive) but was 'xml'");
  }

  @Test
  void shouldRejectATimeThatIsNotIso8601() {
    assertThat(errorOf("scid", "dump", "f.scid", "--from", "yesterday"))
        .contains("Invalid value for option '--from': 'yesterday' is not an ISO-8601 UTC time, e.g. "
            + "2023-02-21T20:38:00Z");
  }

  @Test
  void shouldRejectAMissingFile() {
    assertThat(errorOf("scid", "dump", dir.resolve("none.scid").toString()))
        .contains("No such file: " + dir.resolve("none.scid"));
  }

  @Test
  void shouldRejectAnEmptyRange() {
    assertThat(errorOf("scid", "dump", "f.scid", "--from", "2024-01-02T00:00:00Z", "--to", "2024-01-01T00:00:00Z"))
        .contains("--from 2024-01-02T00:00:00Z must be before --to 2024-01-01T00:00:00Z");
  }

  private static String errorOf(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine commandLine = TickflowCli.commandLine();
    commandLine.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    assertThat(commandLine.execute(args)).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }
}
