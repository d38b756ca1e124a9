package io.tickflow.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tickflow db migrate} and {@code tickflow db maintain}: creates or upgrades the Tickflow tables with Flyway
 * (versioned SQL in {@code db/migration}, history in the schema's {@code flyway_schema_history}), choosing the
 * TimescaleDB or the native-partitioning layout, then keeps native partitions ready. Safe to run again at any time.
 */
public final class DbMigrate {

  private static final Logger log = LoggerFactory.getLogger(DbMigrate.class);
  private static final String COMMON_LOCATION = "classpath:db/migration/common";

  private DbMigrate() {
  }

  /**
   * Migrates the configured schema to the current version, then (native layout) creates the partitions ahead and
   * applies retention.
   *
   * @throws IllegalStateException when the requested layout cannot be used (see
   *     {@link TimeSeriesBackend#choose})
   * @throws org.flywaydb.core.api.FlywayException when a migration fails (Flyway rolls it back)
   * @throws SQLException when the database cannot be reached
   */
  public static MigrationReport migrate(MigrateConfig config) throws SQLException {
    TimeSeriesBackend backend = chooseBackend(config);
    MigrateResult result = flyway(config, backend).migrate();
    List<PartitionChange> partitions = backend == TimeSeriesBackend.NATIVE ? maintain(config) : List.of();
    String fromVersion = result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion;
    // Flyway names no target version when no versioned migration ran (up to date, or only repeatables re-applied).
    String toVersion = result.targetSchemaVersion == null ? fromVersion : result.targetSchemaVersion;
    return new MigrationReport(config.schema(), backend, fromVersion, toVersion, result.migrationsExecuted,
        partitions);
  }

  /**
   * The layout {@link #migrate} would use: the schema's recorded one, else the configured request against what
   * the database offers.
   *
   * @throws IllegalStateException as {@link TimeSeriesBackend#choose}
   */
  public static TimeSeriesBackend chooseBackend(MigrateConfig config) throws SQLException {
    try (Connection connection = config.connect()) {
      DatabaseCapabilities capabilities = DatabaseCapabilities.probe(connection, config.schema());
      TimeSeriesBackend backend = TimeSeriesBackend.choose(config.timeseries(), capabilities);
      log.info("Schema {}: {} layout ({})", config.schema(), backend.label(), capabilities);
      return backend;
    }
  }

  /** The migration scripts {@link #migrate} would run with the given layout, in order, without running them. */
  public static List<String> pendingMigrations(MigrateConfig config, TimeSeriesBackend backend) {
    return Arrays.stream(flyway(config, backend).info().pending()).map(MigrationInfo::getScript).toList();
  }

  /**
   * Native layout: creates the partitions ahead of now and those of rows parked in the DEFAULT partition, and
   * drops partitions past retention. Run it regularly (e.g. hourly); TimescaleDB does this itself.
   *
   * @return the partitions created or dropped, empty on the TimescaleDB layout
   * @throws IllegalStateException when the schema was never migrated (a scheduled run with a mistyped schema
   *     would otherwise do nothing for ever)
   */
  public static List<PartitionChange> maintain(MigrateConfig config) throws SQLException {
    List<PartitionChange> changes = new ArrayList<>();
    try (Connection connection = config.connect()) {
      DatabaseCapabilities capabilities = DatabaseCapabilities.probe(connection, config.schema());
      TimeSeriesBackend layout = capabilities.recorded().orElseThrow(() -> new IllegalStateException("Schema "
          + config.schema() + " holds no Tickflow tables: run tickflow db migrate first, or name the migrated "
          + "schema (" + MigrateConfig.SCHEMA_CONFIG + ")"));
      if (layout != TimeSeriesBackend.NATIVE) {
        return changes;
      }
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT action, partition_name FROM \"" + config.schema() + "\".maintain_partitions()");
           ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          changes.add(new PartitionChange(rows.getString(1), rows.getString(2)));
        }
      }
    }
    log.info("Partition maintenance of schema {}: {}", config.schema(), changes);
    return changes;
  }

  private static Flyway flyway(MigrateConfig config, TimeSeriesBackend backend) {
    return Flyway.configure()
        .dataSource(config.url(), config.user(), config.password())
        .schemas(config.schema())
        .locations(COMMON_LOCATION, backend.location())
        .placeholders(config.placeholders(backend))
        .load();
  }

  /**
   * Runs {@code migrate} (default) or {@code maintain} with settings given as {@code key=value} arguments, e.g.
   * {@code migrate db.url=jdbc:postgresql://localhost/tickflow db.user=tickflow db.password=...}.
   */
  public static void main(String[] args) throws SQLException {
    String command = args.length > 0 && !args[0].contains("=") ? args[0] : "migrate";
    Map<String, String> settings = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq > 0) {
        settings.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    MigrateConfig config = new MigrateConfig(settings);
    if ("maintain".equals(command)) {
      maintain(config).forEach(change -> System.out.println(change.action() + " " + change.partition()));
    } else if ("migrate".equals(command)) {
      System.out.println(migrate(config).summary());
    } else {
      throw new IllegalArgumentException("Unknown command '" + command + "': use migrate or maintain");
    }
  }
}
