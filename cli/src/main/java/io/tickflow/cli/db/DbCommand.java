package io.tickflow.cli.db;

import picocli.CommandLine.Command;

/** {@code tickflow db ...}: the time-series database of the sink. */
@Command(name = "db", mixinStandardHelpOptions = true,
    description = "Create and maintain the bars/ticks tables (TimescaleDB when available, else PostgreSQL).",
    subcommands = {DbMigrateCommand.class, DbMaintainCommand.class})
public final class DbCommand {
}
