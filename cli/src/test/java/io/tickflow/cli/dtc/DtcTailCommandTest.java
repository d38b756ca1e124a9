package io.tickflow.cli.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import io.tickflow.dtc.client.LogonResult;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DtcTailCommandTest {

  @Test
  void shouldPrintEveryMessageAsOneJsonLineWhenTailingTheSimulator() {
    try (DtcSimulator simulator = new DtcSimulator(
        SimulatorConfig.defaults(9, 1_700_000_000_000_000L).withRate(5000))) {
      final int port = simulator.start();
      final StringWriter out = new StringWriter();
      final CommandLine cli = TickflowCli.commandLine();
      cli.setOut(new PrintWriter(out));

      final int exit = cli.execute("dtc-tail", "--port", String.valueOf(port), "--symbols", "ESZ6,NQZ6",
          "--encoding", "json", "--depth", "2", "--max-messages", "300");

      assertThat(exit).isZero();
      final List<String> lines = Arrays.stream(out.toString().split("\n")).collect(Collectors.toList());
      assertThat(lines).hasSize(300).allSatisfy(line -> assertThat(line).startsWith("{\"Type\":").endsWith("}"));
      assertThat(lines.get(0)).startsWith("{\"Type\":7,\"ProtocolVersion\":8,\"Encoding\":2");
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("{\"Type\":2,"))
          .anySatisfy(line -> assertThat(line).startsWith("{\"Type\":107,"))
          .anySatisfy(line -> assertThat(line).startsWith("{\"Type\":122,"))
          .noneSatisfy(line -> assertThat(line).contains("1.7976931348623157E308"));
    }
  }

  @Test
  void shouldListBothDtcCommandsInTheTopLevelHelp() {
    final StringWriter out = new StringWriter();
    final CommandLine cli = TickflowCli.commandLine();
    cli.setOut(new PrintWriter(out));

    cli.execute("--help");

    assertThat(out.toString()).contains("dtc-tail").contains("dtc-sim");
  }

  @Test
  void shouldSayWhyWhenTheServerRefusesTheLogonForGood() {
    try (DtcSimulator simulator = new DtcSimulator(SimulatorConfig.defaults(9, 1_700_000_000_000_000L))) {
      simulator.faults().refuseLogons(LogonResult.ERROR_NO_RECONNECT, "account disabled");
      final int port = simulator.start();
      final StringWriter err = new StringWriter();
      final CommandLine cli = TickflowCli.commandLine();
      cli.setErr(new PrintWriter(err));

      final int exit = cli.execute("dtc-tail", "--port", String.valueOf(port), "--symbols", "ESZ6");

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString()).contains("DTC server 127.0.0.1:" + port + " refused the logon: account disabled")
          .contains("tickflow dtc-tail: ").doesNotContain("Exception");
    }
  }

  @Test
  void shouldRejectAnEncodingItCannotDecode() {
    final StringWriter err = new StringWriter();
    final CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));

    final int exit = cli.execute("dtc-tail", "--port", "1", "--symbols", "ESZ6", "--encoding", "json_compact");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid value for option '--encoding': 'json_compact' is not binary or json");
  }

  @Test
  void shouldRejectASimulatorPortOrRateOutOfRangeBeforeStarting() {
    final StringWriter err = new StringWriter();
    final CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("dtc-sim", "--port", "-1")).isEqualTo(2);
    assertThat(cli.execute("dtc-sim", "--rate", "-5")).isEqualTo(2);
    assertThat(cli.execute("dtc-sim", "--history-end", "LAST")).isEqualTo(2);

    assertThat(err.toString()).contains("Invalid value for option '--port': '-1' is not a TCP port (1 to 65535)")
        .contains("Invalid value for option '--rate': '-5' is not a count (0 or more)")
        .contains("Invalid value for option '--history-end'");
  }
}
