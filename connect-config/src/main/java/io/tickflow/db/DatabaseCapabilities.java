package io.tickflow.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a database offers for the time-series layout, and which layout a schema already has.
 *
 * @param timescaleInstalled the timescaledb extension is created in the database
 * @param timescaleAvailable the extension is packaged on the server (pg_available_extensions)
 * @param timescalePreloaded whether timescaledb is in shared_preload_libraries; empty when the user may not read
 *     that setting
 * @param recorded the layout the schema was migrated with, if it was
 */
public record DatabaseCapabilities(boolean timescaleInstalled, boolean timescaleAvailable,
                                   Optional<Boolean> timescalePreloaded, Optional<TimeSeriesBackend> recorded) {

  private static final String EXTENSION = "timescaledb";

  /** Reads the capabilities of the connected database and the layout recorded in the schema. */
  public static DatabaseCapabilities probe(Connection connection, String schema) throws SQLException {
    return new DatabaseCapabilities(
        exists(connection, "SELECT 1 FROM pg_extension WHERE extname = ?", EXTENSION),
        exists(connection, "SELECT 1 FROM pg_available_extensions WHERE name = ?", EXTENSION),
        // pg_settings hides superuser-only settings such as this one from ordinary users: no row, unknown.
        string(connection, "SELECT setting FROM pg_settings WHERE name = ?", "shared_preload_libraries")
            .map(libraries -> libraries.contains(EXTENSION)),
        recordedLayout(connection, schema));
  }

  /**
   * True when the timescaledb extension is installed, or available and (as far as can be seen) preloaded. An
   * available extension whose preloading cannot be seen is tried: its CREATE EXTENSION error says what is wrong.
   */
  public boolean timescaleUsable() {
    return timescaleInstalled || timescaleAvailable && timescalePreloaded.orElse(true);
  }

  /** Why TimescaleDB cannot be used, for error messages. */
  String timescaleProblem() {
    if (!timescaleAvailable) {
      return "the timescaledb extension is not available on this server";
    }
    return "timescaledb is not in shared_preload_libraries";
  }

  private static Optional<TimeSeriesBackend> recordedLayout(Connection connection, String schema)
      throws SQLException {
    if (string(connection, "SELECT to_regclass(?)::text", schema + ".storage_backend").isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT name FROM \"" + schema + "\".storage_backend");
         ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(TimeSeriesBackend.fromLabel(rows.getString(1))) : Optional.empty();
    }
  }

  private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
    return string(connection, sql, parameter).isPresent();
  }

  private static Optional<String> string(Connection connection, String sql, String parameter) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
      }
    }
  }
}
