package io.tickflow.cli.db;

import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tickflow db migrate}: applies pending migrations; idempotent. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Create or upgrade the Tickflow tables. Safe to run again: applies only what is pending.")
public final class DbMigrateCommand implements Callable<Integer> {

  @Mixin
  private DatabaseOptions database;

  @Option(names = "--timeseries", description = "auto (TimescaleDB when the extension is available), timescaledb "
      + "or native (PostgreSQL partitions); default: auto.")
  private String timeseries;

  @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any other db.* setting (see docs/sink.md), e.g. "
      + "-D db.ticks.retention.days=30.")
  private Map<String, String> settings = new HashMap<>();

  @Override
  public Integer call() throws SQLException {
    Map<String, Object> values = new HashMap<>(settings);
    DatabaseOptions.putIfSet(values, MigrateConfig.TIMESERIES_CONFIG, timeseries);
    System.out.println(DbMigrate.migrate(database.toConfig(values)).summary());
    return 0;
  }
}
