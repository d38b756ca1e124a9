package io.tickflow.cli.db;

import io.tickflow.db.DbMigrate;
import io.tickflow.db.PartitionChange;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tickflow db maintain}: partition upkeep on plain PostgreSQL; run it on a schedule (e.g. hourly). */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Create partitions ahead and apply retention (plain PostgreSQL; TimescaleDB does this itself).",
        "Partition widths and retention are those the last `db migrate` stored; change them with `db migrate -D`."})
public final class DbMaintainCommand implements Callable<Integer> {

  @Mixin
  private DatabaseOptions database;

  @Override
  public Integer call() throws SQLException {
    List<PartitionChange> changes = DbMigrate.maintain(database.toConfig(Map.of()));
    changes.forEach(change -> System.out.println(change.action() + " " + change.partition()));
    System.out.println(changes.size() + " partition changes");
    return 0;
  }
}
