package io.tickflow.cli.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
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
}
