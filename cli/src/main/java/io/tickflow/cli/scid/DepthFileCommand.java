package io.tickflow.cli.scid;

import picocli.CommandLine.Command;

/** {@code tickflow depth ...}: tools for Sierra Chart market depth files. */
@Command(name = "depth", mixinStandardHelpOptions = true, description = "Sierra Chart .depth file tools.",
    subcommands = DepthDumpCommand.class)
public final class DepthFileCommand {
}
