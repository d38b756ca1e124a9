package io.tickflow.cli.db;

import io.tickflow.db.DbMigrate;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tickflow db migrate}: applies pending migrations; idempotent. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Create or upgrade the Tickflow tables. Safe to run again: applies only what is pending.")
public final class DbMigrateCommand implements Callable<Integer> {

  @Mixin
  private DatabaseOptions database;

  @Override
  public Integer call() throws SQLException {
    System.out.println(DbMigrate.migrate(database.toConfig()).summary());
    return 0;
  }
}
