package io.tickflow.cli.scid;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import io.tickflow.scid.DepthCommand;
import io.tickflow.scid.SyntheticDepth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The dump commands of Sierra Chart files: {@code scid dump} and {@code depth dump}. */
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

  @ParameterizedTest(name = "{0}")
  @CsvSource({"scid,f.scid", "depth,f.depth"})
  void shouldRejectAMissingFile(String group, String name) {
    assertThat(errorOf(group, "dump", dir.resolve(name).toString())).contains("No such file: " + dir.resolve(name));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"scid,f.scid", "depth,f.depth"})
  void shouldRejectAnEmptyRange(String group, String name) {
    assertThat(errorOf(group, "dump", name, "--from", "2024-01-02T00:00:00Z", "--to", "2024-01-01T00:00:00Z"))
        .contains("--from 2024-01-02T00:00:00Z must be before --to 2024-01-01T00:00:00Z");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"scid,f.scid", "depth,f.depth"})
  void shouldRejectANegativeLimitNamingTheRange(String group, String name) {
    assertThat(errorOf(group, "dump", name, "--limit", "-1"))
        .contains("Invalid value for option '--limit': '-1' is not a count (0 or more)");
  }

  @Test
  void shouldPrintTheFirstDepthRecordsAndSayWhereItStoppedWhenTheLastRecordIsPartial() throws Exception {
    Path file = dir.resolve("ESZ4.2024-01-02.depth");
    new SyntheticDepth(7, Instant.parse("2024-01-02T14:30:00Z")).appendTo(file, 20);
    Files.write(file, new byte[5], StandardOpenOption.APPEND);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = TickflowCli.commandLine().execute("depth", "dump", file.toString(), "--limit", "3");
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }

    assertThat(exit).isEqualTo(0);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("time,command,price,quantity,orders,endOfBatch");
    assertThat(lines.get(1)).matches("2024-01-02T14:30:00\\.\\d{6}Z," + DepthCommand.CLEAR_BOOK + ",0\\.0,0,0,false");
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        file + " at byte " + (64 + 20 * 24) + ": the last record is partial, 5 bytes (being written, or the file is "
            + "truncated); not read",
        "3 depth records printed (stopped at --limit 3), 0 records rejected");
  }

  private static String errorOf(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine commandLine = TickflowCli.commandLine();
    commandLine.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    assertThat(commandLine.execute(args)).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }
}
