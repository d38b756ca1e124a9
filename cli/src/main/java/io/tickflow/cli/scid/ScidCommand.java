package io.tickflow.cli.scid;

import picocli.CommandLine.Command;

/** {@code tickflow scid ...}: tools for Sierra Chart intraday files. */
@Command(name = "scid", mixinStandardHelpOptions = true, description = "Sierra Chart .scid file tools.",
    subcommands = {ScidDumpCommand.class, ScidImportCommand.class})
public final class ScidCommand {
}
