package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.db.MigrationReport;
import io.tickflow.db.PartitionChange;
import io.tickflow.db.TimeSeriesBackend;
import io.tickflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code tickflow db migrate} and {@code maintain} against a real PostgreSQL (no TimescaleDB: native layout). */
@Tag("integration")
class DbMigrateIT {

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("it_migrate");

  @AfterEach
  void dropSchema() throws SQLException {
    postgres.dropSchema(schema);
  }

  @Test
  void shouldCreatePartitionedTablesWhenMigratingANewSchema() throws SQLException {
    MigrationReport report = DbMigrate.migrate(config(Map.of()));

    assertThat(report.backend()).isEqualTo(TimeSeriesBackend.NATIVE);
    assertThat(report.fromVersion()).isEqualTo("none");
    assertThat(report.toVersion()).isEqualTo("2");
    assertThat(report.migrationsApplied()).isEqualTo(3);
    assertThat(query("SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY 1"))
        .containsExactly("bars", "ticks");
    // The current partition and 7 ahead, for each table.
    assertThat(report.partitions()).hasSize(16).allMatch(change -> change.action().equals("created"));
    assertThat(partitionsOf("ticks")).hasSize(9).contains("ticks_default", "ticks_p" + utcDay(Instant.now()));
  }

  @Test
  void shouldChangeNothingWhenMigratingAgain() throws SQLException {
    DbMigrate.migrate(config(Map.of()));

    MigrationReport again = DbMigrate.migrate(config(Map.of()));

    assertThat(again.migrationsApplied()).isZero();
    assertThat(again.fromVersion()).isEqualTo("2");
    assertThat(again.toVersion()).isEqualTo("2");
    assertThat(again.summary()).startsWith("schema " + schema + ": native layout, version 2 -> 2 (0 migrations");
    assertThat(again.partitions()).isEmpty();
  }

  @Test
  void shouldReapplyPoliciesWhenASettingChanges() throws SQLException {
    DbMigrate.migrate(config(Map.of()));

    MigrationReport changed = DbMigrate.migrate(config(Map.of(MigrateConfig.TICKS_RETENTION_DAYS_CONFIG, "30")));

    assertThat(changed.migrationsApplied()).isEqualTo(1);
    assertThat(changed.toVersion()).isEqualTo("2");
    assertThat(query("SELECT parent || ':' || coalesce(retention_days::text, 'forever') FROM partition_policy "
        + "ORDER BY parent")).containsExactly("bars:forever", "ticks:30");
  }

  @Test
  void shouldMoveParkedRowsIntoTheirOwnPartitionWhenMaintaining() throws SQLException {
    DbMigrate.migrate(config(Map.of()));
    Instant historic = Instant.parse("2019-03-14T15:09:26.535897Z");
    insertTick(historic);
    assertThat(query("SELECT tableoid::regclass::text FROM ticks")).containsExactly("ticks_default");

    List<PartitionChange> changes = DbMigrate.maintain(config(Map.of()));

    assertThat(changes).containsExactly(new PartitionChange("created", "ticks_p20190314"));
    assertThat(query("SELECT tableoid::regclass::text || ' ' || event_time FROM ticks"))
        .containsExactly("ticks_p20190314 2019-03-14 15:09:26.535897+00");
  }

  @Test
  void shouldDropPartitionsPastRetentionWhenMaintaining() throws SQLException {
    DbMigrate.migrate(config(Map.of(MigrateConfig.TICKS_RETENTION_DAYS_CONFIG, "30")));
    insertTick(Instant.parse("2019-03-14T15:09:26Z"));
    insertTick(Instant.now());

    List<PartitionChange> changes = DbMigrate.maintain(config(Map.of()));

    assertThat(changes).containsExactly(new PartitionChange("created", "ticks_p20190314"),
        new PartitionChange("dropped", "ticks_p20190314"));
    assertThat(query("SELECT count(*) FROM ticks")).containsExactly("1");
  }

  @Test
  void shouldKeepTheFirstVersionOfATickWhenItIsWrittenAgain() throws SQLException {
    DbMigrate.migrate(config(Map.of()));
    Instant time = Instant.parse("2026-11-25T14:30:00.123456Z");
    insertTick(time);

    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      int updated = statement.executeUpdate("INSERT INTO ticks VALUES ('ESZ6', '" + time + "', 6012.25, 3, 'ASK', 0, "
          + "'CME', now(), 'BACKFILL') ON CONFLICT (symbol, event_time, price, size, side, sequence) "
          + "DO UPDATE SET source = EXCLUDED.source");
      assertThat(updated).isZero();
    }
    assertThat(query("SELECT source FROM ticks")).containsExactly("LIVE");
  }

  @Test
  void shouldAggregateOneHourBarsFromOneMinuteBars() throws SQLException {
    DbMigrate.migrate(config(Map.of()));
    Instant hour = Instant.parse("2026-11-25T14:00:00Z");
    try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO bars VALUES ('ESZ6', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 10, ?, ?, ?, true, 0)")) {
      for (int minute = 0; minute < 60; minute++) {
        Instant start = hour.plus(minute, ChronoUnit.MINUTES);
        double open = 6000 + minute;
        insert.setString(1, "1m");
        insert.setObject(2, utc(start));
        insert.setObject(3, utc(start.plus(1, ChronoUnit.MINUTES)));
        insert.setDouble(4, open);
        insert.setDouble(5, open + 2);
        insert.setDouble(6, open - 1);
        insert.setDouble(7, open + 1);
        insert.setLong(8, 100);
        insert.setLong(9, 40);
        insert.setLong(10, 60);
        insert.setDouble(11, open + 0.5);
        insert.setObject(12, utc(start));
        insert.setObject(13, utc(start.plusSeconds(59)));
        insert.executeUpdate();
      }
    }

    assertThat(query("SELECT concat_ws(' ', symbol, window_start, open, high, low, close, volume, bid_volume, "
        + "ask_volume, trade_count, vwap) FROM bars_1h"))
        .containsExactly("ESZ6 2026-11-25 14:00:00+00 6000 6061 5999 6060 6000 2400 3600 600 6030");
  }

  @Test
  void shouldRefuseTimescaleWhereTheExtensionIsMissing() {
    assertThatThrownBy(() -> DbMigrate.migrate(config(Map.of(MigrateConfig.TIMESERIES_CONFIG, "timescaledb"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("db.timeseries=timescaledb, but the timescaledb extension is not available");
  }

  @Test
  void shouldResolveTheTimescaleScriptsWhenTheTimescaleLayoutIsChosen() {
    MigrateConfig config = config(Map.of());

    assertThat(DbMigrate.pendingMigrations(config, TimeSeriesBackend.TIMESCALEDB)).containsExactly(
        "V1__bars_and_ticks.sql", "V2__timescaledb.sql", "R__timescaledb_policies.sql");
    assertThat(DbMigrate.pendingMigrations(config, TimeSeriesBackend.NATIVE)).containsExactly(
        "V1__bars_and_ticks.sql", "V2__native_partitioning.sql", "R__native_policies.sql");
  }

  private MigrateConfig config(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put(MigrateConfig.URL_CONFIG, postgres.url());
    settings.put(MigrateConfig.SCHEMA_CONFIG, schema);
    settings.putAll(overrides);
    return new MigrateConfig(settings);
  }

  private void insertTick(Instant eventTime) throws SQLException {
    try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ticks VALUES ('ESZ6', ?, 6012.25, 3, 'ASK', 0, 'CME', ?, 'LIVE')")) {
      insert.setObject(1, utc(eventTime));
      insert.setObject(2, utc(eventTime));
      insert.executeUpdate();
    }
  }

  private List<String> partitionsOf(String table) throws SQLException {
    return query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        + "WHERE i.inhparent = '" + table + "'::regclass ORDER BY 1");
  }

  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = connect(); Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private Connection connect() throws SQLException {
    Connection connection = postgres.connect();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO \"" + schema + "\"");
      statement.execute("SET TimeZone TO 'UTC'");
    }
    return connection;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String utcDay(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString().replace("-", "");
  }
}
