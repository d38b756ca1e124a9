package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Rules every option of every command keeps: numbers are range-checked, and help shows each default. */
class CliOptionsTest {

  /** Numbers any value of which is fine. */
  private static final Set<String> UNBOUNDED = Set.of("--seed");
  private static final Set<Class<?>> NUMBERS = Set.of(int.class, long.class, short.class, double.class,
      Integer.class, Long.class, Short.class, Double.class);

  @Test
  void shouldRangeCheckEveryNumericOptionOfEveryCommand() {
    List<String> unchecked = new ArrayList<>();
    for (CommandLine command : allCommands()) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (NUMBERS.contains(option.type()) && !UNBOUNDED.contains(option.longestName())
            && option.converters().length == 0) {
          unchecked.add(command.getCommandName() + " " + option.longestName());
        }
      }
    }
    assertThat(unchecked).isEmpty();
  }

  @Test
  void shouldShowTheDefaultOfEveryOptionThatHasOneInHelp() {
    List<String> hidden = new ArrayList<>();
    for (CommandLine command : allCommands()) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        boolean hasDefault = option.defaultValue() != null && !option.usageHelp() && !option.versionHelp();
        if (hasDefault && !String.join(" ", option.description()).toLowerCase(Locale.ROOT).contains("default")) {
          hidden.add(command.getCommandName() + " " + option.longestName());
        }
      }
    }
    assertThat(hidden).isEmpty();
  }

  @Test
  void shouldShowTheDefaultsOfDtcTailInItsHelp() {
    StringWriter out = new StringWriter();
    CommandLine cli = TickflowCli.commandLine();
    cli.setOut(new PrintWriter(out));

    cli.execute("dtc-tail", "--help");

    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--depth=<depth> Market depth levels per symbol, 0 for none, at most 100 (default: 0).")
        .contains("--max-messages=<maxMessages> Stop after this many messages, 0 for never (default: 0).");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "dtc-tail|--port|0|'0' is not a TCP port (1 to 65535)",
      "dtc-tail|--port|65536|'65536' is not a TCP port (1 to 65535)",
      "dtc-tail|--depth|-1|'-1' is not a number of depth levels (0 to 100)",
      "dtc-tail|--depth|101|'101' is not a number of depth levels (0 to 100)",
      "dtc-tail|--max-messages|-1|'-1' is not a count (0 or more)",
      "dtc-tail|--max-messages|ten|'ten' is not a whole number",
      "dtc-sim|--port|70000|'70000' is not a TCP port (1 to 65535)",
      "dtc-sim|--rate|-5|'-5' is not a count (0 or more)",
      "dtc-sim|--historical-port|0|'0' is not a TCP port (1 to 65535)",
      "dtc-sim|--prehistory|2d|'2d' is more than a day (1d)",
      "demo|--prehistory|1 hour|'1 hour' is not a duration: 0, or a count and s, m, h or d, e.g. 90m or 1h",
      "demo|--prehistory|-1h|'-1h' is not a duration: 0, or a count and s, m, h or d, e.g. 90m or 1h",
      "topics|--partitions|0|'0' is not a topic count (1 to 32767)",
      "topics|--replication-factor|40000|'40000' is not a topic count (1 to 32767)",
      "scid import|--price-multiplier|0|'0' is not a finite number greater than 0",
      "scid import|--price-multiplier|-2.5|'-2.5' is not a finite number greater than 0"})
  void shouldRefuseAValueOutOfRangeNamingTheOptionAndTheRange(String command, String option, String value,
                                                              String message) {
    StringWriter err = new StringWriter();
    CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of(option, value));
    args.addAll(requiredOptions(command));

    assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '" + option + "': " + message);
  }

  @Test
  void shouldRefuseAPrehistoryForAnUnpacedSimulator() {
    StringWriter err = new StringWriter();
    CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("dtc-sim", "--rate", "0", "--prehistory", "1h")).isEqualTo(2);
    assertThat(err.toString()).contains("--prehistory needs a --rate above 0");
  }

  private static List<String> requiredOptions(String command) {
    switch (command) {
      case "dtc-tail":
        return List.of("--symbols", "ES");
      case "topics":
        return List.of("--bootstrap-servers", "127.0.0.1:1");
      case "scid import":
        return List.of("missing.scid");
      default:
        return List.of();
    }
  }

  private static List<CommandLine> allCommands() {
    List<CommandLine> commands = new ArrayList<>();
    collect(TickflowCli.commandLine(), commands);
    return commands;
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
