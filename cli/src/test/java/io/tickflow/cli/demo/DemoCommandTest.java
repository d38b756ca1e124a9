package io.tickflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Option values the demo cannot use are refused before it starts anything (its broker, its directory). */
class DemoCommandTest {

  @TempDir
  Path dir;

  @Test
  void shouldRejectAPortOutOfRange() {
    assertThat(errorOf("--http-port", "99999"))
        .startsWith("Invalid value for option '--http-port': '99999' is not a TCP port (1 to 65535)");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--http-port|0|'0' is not a TCP port (1 to 65535)",
      "--connect-port|65536|'65536' is not a TCP port (1 to 65535)",
      "--dtc-port|-1|'-1' is not a TCP port (1 to 65535)",
      "--dtc-historical-port|65536|'65536' is not a TCP port (1 to 65535)",
      "--kafka-port|0|'0' is not a TCP port (1 to 65534: the Kafka controller takes the next one)",
      "--kafka-port|65535|'65535' is not a TCP port (1 to 65534: the Kafka controller takes the next one)"})
  void shouldRejectEveryPortOptionOutOfRangeNamingTheOptionAndTheRange(String option, String port, String message) {
    assertThat(errorOf(option, port)).startsWith("Invalid value for option '" + option + "': " + message);
  }

  @Test
  void shouldRejectOnePortGivenToTwoComponents() {
    assertThat(errorOf("--http-port", "9093")).startsWith("Port 9093 is given twice: to the web page and API, "
        + "--http-port and to the Kafka controller, the port after --kafka-port; give each its own port");
    assertThat(errorOf("--dtc-port", "8083")).startsWith("Port 8083 is given twice: to the Kafka Connect REST, "
        + "--connect-port and to the DTC simulator, --dtc-port; give each its own port");
    assertThat(errorOf("--dtc-historical-port", "11099")).startsWith("Port 11099 is given twice: to the DTC"
        + " simulator, --dtc-port and to the DTC simulator's historical data server, --dtc-historical-port; give"
        + " each its own port");
  }

  @Test
  void shouldRejectANegativeRate() {
    assertThat(errorOf("--rate", "-5"))
        .startsWith("Invalid value for option '--rate': '-5' is not a count (0 or more)");
  }

  private String errorOf(String... options) {
    StringWriter err = new StringWriter();
    CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));
    String[] args = new String[options.length + 3];
    args[0] = "demo";
    args[1] = "--dir";
    args[2] = dir.resolve("demo").toString();
    System.arraycopy(options, 0, args, 3, options.length);
    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(dir.resolve("demo")).doesNotExist();
    return err.toString();
  }
}
