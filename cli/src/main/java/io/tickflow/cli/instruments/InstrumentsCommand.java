package io.tickflow.cli.instruments;

import picocli.CommandLine.Command;

/** {@code tickflow instruments ...}: the instruments' security definitions. */
@Command(name = "instruments", mixinStandardHelpOptions = true,
    description = "Security definitions (tick size, price format, session) of the instruments.",
    subcommands = {InstrumentsImportCommand.class})
public final class InstrumentsCommand {
}
