package io.tickflow.cli;

import io.tickflow.cli.db.DbCommand;
import io.tickflow.cli.demo.DemoCommand;
import io.tickflow.cli.dtc.DtcSimCommand;
import io.tickflow.cli.dtc.DtcTailCommand;
import io.tickflow.cli.instruments.InstrumentsCommand;
import io.tickflow.cli.replay.ReplayCommand;
import io.tickflow.cli.run.RunCommand;
import io.tickflow.cli.scid.DepthFileCommand;
import io.tickflow.cli.scid.ScidCommand;
import io.tickflow.cli.topics.TopicsCommand;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tickflow} command. Every subcommand is registered in {@link #SUBCOMMANDS}. */
@Command(name = "tickflow", mixinStandardHelpOptions = true, version = "tickflow 0.1.0",
    description = "Tickflow market-data pipeline tools.")
public final class TickflowCli {

  /** Add other modules' commands here. */
  static final List<Supplier<Object>> SUBCOMMANDS = List.of(DemoCommand::new, RunCommand::new,
      DtcSimCommand::new, DtcTailCommand::new, ScidCommand::new, DepthFileCommand::new, ReplayCommand::new,
      DbCommand::new, TopicsCommand::new, InstrumentsCommand::new);

  public static CommandLine commandLine() {
    final CommandLine commandLine = new CommandLine(new TickflowCli());
    SUBCOMMANDS.forEach(command -> commandLine.addSubcommand(command.get()));
    // After the subcommands: picocli applies this to the hierarchy as it is now.
    return commandLine.setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new OneLineErrors());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
