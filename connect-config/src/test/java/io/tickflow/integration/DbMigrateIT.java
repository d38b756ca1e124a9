package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.db.MigrationReport;
import io.tickflow.db.PartitionChange;
import io.tickflow.db.TimeSeriesBackend;
import io.tickflow.testing.AtTheSameTime;
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
import org.flywaydb.core.Flyway;
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
    assertThat(report.toVersion()).isEqualTo("3");
    assertThat(report.migrationsApplied()).isEqualTo(6);
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
    assertThat(again.fromVersion()).isEqualTo("3");
    assertThat(again.toVersion()).isEqualTo("3");
    assertThat(again.summary()).startsWith("schema " + schema + ": native layout, version 3 -> 3 (0 migrations");
    assertThat(again.partitions()).isEmpty();
  }

  @Test
  void shouldReapplyPoliciesWhenASettingChanges() throws SQLException {
    DbMigrate.migrate(config(Map.of()));

    MigrationReport changed = DbMigrate.migrate(config(Map.of(MigrateConfig.TICKS_RETENTION_DAYS_CONFIG, "30")));

    assertThat(changed.migrationsApplied()).isEqualTo(1);
    assertThat(changed.toVersion()).isEqualTo("3");
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
  void shouldRefuseToMaintainWhenTheSchemaWasNeverMigrated() {
    assertThatThrownBy(() -> DbMigrate.maintain(config(Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Schema " + schema + " holds no Tickflow tables: run tickflow db migrate first, or name the "
            + "migrated schema (db.schema)");
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
  void shouldMakeWholeUtcDayPartitionsWhenMaintenanceRunsWhereClocksChange() throws SQLException {
    DbMigrate.migrate(config(Map.of()));

    // As `tickflow db migrate` on a machine in Chicago does (the driver sets the session's zone to the JVM's):
    // the partitions made ahead from here span the end of daylight saving time (1 November, 07:00 UTC).
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone TO 'America/Chicago'");
      statement.execute("SELECT * FROM maintain_partitions(TIMESTAMPTZ '2026-10-30 00:00:00+00')");
    }

    assertThat(query("SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c "
        + "ON c.oid = i.inhrelid WHERE i.inhparent IN ('bars'::regclass, 'ticks'::regclass) "
        + "AND c.relname NOT LIKE '%_default'"))
        .hasSizeGreaterThan(16)
        .allMatch(bound -> bound.matches(
            "FOR VALUES FROM \\('[-0-9]+ 00:00:00\\+00'\\) TO \\('[-0-9]+ 00:00:00\\+00'\\)"));
    insertTick(Instant.parse("2026-11-02T00:30:00Z"));
    assertThat(query("SELECT tableoid::regclass::text FROM ticks")).containsExactly("ticks_p20261102");
  }

  @Test
  void shouldMoveRowsOfAnyTimeIntoPartitionsOfTheirOwnWhenMaintaining() throws SQLException {
    DbMigrate.migrate(config(Map.of()));
    List<Instant> times = List.of(Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2019-03-14T15:09:26Z"),
        Instant.parse("2027-06-15T12:00:00Z"), Instant.parse("2027-06-15T12:00:01Z"),
        Instant.parse("2100-02-28T00:00:00Z"), Instant.parse("-4000-01-01T00:00:00Z"));
    times.forEach(this::insertTickUnchecked);

    DbMigrate.maintain(config(Map.of()));

    assertThat(query("SELECT tableoid::regclass::text || ' ' || to_char(event_time, 'YYYY-MM-DD HH24:MI:SS.US BC') "
        + "FROM ticks ORDER BY event_time")).containsExactly(
        "ticks_p40010101_bc 4001-01-01 00:00:00.000000 BC", "ticks_p19991231 1999-12-31 23:59:59.999999 AD",
        "ticks_p20190314 2019-03-14 15:09:26.000000 AD", "ticks_p20270615 2027-06-15 12:00:00.000000 AD",
        "ticks_p20270615 2027-06-15 12:00:01.000000 AD", "ticks_p21000228 2100-02-28 00:00:00.000000 AD");
    assertThat(DbMigrate.maintain(config(Map.of()))).isEmpty();
  }

  @Test
  void shouldKeepMaintainingWhenRowsLieAtTheEndsOfPostgresTime() throws SQLException {
    // 3-day bars: the partition of PostgreSQL's first day would start before it.
    DbMigrate.migrate(config(Map.of(MigrateConfig.BARS_CHUNK_DAYS_CONFIG, "3")));
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO ticks VALUES ('ESZ6', '294276-12-31 12:00:00+00', 6012.25, 3, 'ASK', 0, 'CME', "
          + "now(), 'LIVE')");
      statement.execute("INSERT INTO bars VALUES ('ESZ6', '1m', '4714-11-24 12:00:00+00 BC', "
          + "'4714-11-24 12:01:00+00 BC', 1, 1, 1, 1, 0, 0, 0, 0, 1, now(), now(), true, 0)");
    }

    assertThat(DbMigrate.maintain(config(Map.of()))).containsExactly(
        new PartitionChange("created", "ticks_p2942761231"));

    assertThat(query("SELECT tableoid::regclass::text FROM ticks UNION ALL SELECT tableoid::regclass::text FROM bars"))
        .containsExactly("ticks_p2942761231", "bars_default");
    assertThat(query("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'ticks_p2942761231'"))
        .containsExactly("FOR VALUES FROM ('294276-12-31 00:00:00+00') TO ('infinity')");
    assertThat(DbMigrate.maintain(config(Map.of()))).isEmpty();
  }

  @Test
  void shouldGiveTheSameDaysBeforeAndAfterChristTheirOwnPartitions() throws SQLException {
    DbMigrate.migrate(config(Map.of()));
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO ticks SELECT 'ESZ6', t, 6012.25, 3, 'ASK', 0, 'CME', now(), 'LIVE' FROM "
          + "unnest(ARRAY[TIMESTAMPTZ '0100-01-01 06:00:00+00 BC', TIMESTAMPTZ '0100-01-01 06:00:00+00']) AS t");
    }

    DbMigrate.maintain(config(Map.of()));

    assertThat(query("SELECT tableoid::regclass::text || ' ' || event_time FROM ticks ORDER BY event_time"))
        .containsExactly("ticks_p01000101_bc 0100-01-01 06:00:00+00 BC", "ticks_p01000101 0100-01-01 06:00:00+00");
  }

  @Test
  void shouldUpgradeASchemaOfThePreviousReleaseKeepingItsRows() throws SQLException {
    // What the release before V2.1 made: its migrations, with the default settings.
    Flyway.configure().dataSource(postgres.url(), "", "").schemas(schema)
        .locations("classpath:db/migration/common", "classpath:db/migration/native").target("2")
        .placeholders(Map.of("bars_partitioning", "PARTITION BY RANGE (window_start)",
            "ticks_partitioning", "PARTITION BY RANGE (event_time)", "bars_chunk_days", "7", "ticks_chunk_days", "1",
            "premake_chunks", "7", "bars_retention_days", "0", "ticks_retention_days", "0",
            "compress_after_days", "7"))
        .load().migrate();
    insertTick(Instant.parse("2019-03-14T15:09:26Z"));

    MigrationReport report = DbMigrate.migrate(config(Map.of()));

    assertThat(report.fromVersion()).isEqualTo("2");
    assertThat(report.toVersion()).isEqualTo("3");
    assertThat(report.migrationsApplied()).isEqualTo(3);
    assertThat(report.partitions()).contains(new PartitionChange("created", "ticks_p20190314"));
    assertThat(query("SELECT tableoid::regclass::text FROM ticks")).containsExactly("ticks_p20190314");
  }

  @Test
  void shouldMigrateOnceWhenTwoMigrationsRunAtTheSameTime() throws Exception {
    List<MigrationReport> reports = AtTheSameTime.twice(() -> DbMigrate.migrate(config(Map.of())));

    // Flyway locks the schema per migration, not per run: the two runs may share the six migrations out between
    // them (CI saw 1 and 3 of four), but none is applied twice.
    assertThat(reports.get(0).migrationsApplied() + reports.get(1).migrationsApplied()).isEqualTo(6);
    assertThat(query("SELECT script FROM \"" + schema + "\".flyway_schema_history WHERE type <> 'SCHEMA' "
        + "AND success ORDER BY installed_rank")).doesNotHaveDuplicates().hasSize(6);
    assertThat(reports.get(0).partitions().size() + reports.get(1).partitions().size()).isEqualTo(16);
    assertThat(partitionsOf("ticks")).hasSize(9);
  }

  @Test
  void shouldCreateEachPartitionOnceWhenTwoMaintenancesRunAtTheSameTime() throws Exception {
    DbMigrate.migrate(config(Map.of()));
    // A backfill parked in the DEFAULT partition: moving it takes long enough for the runs to overlap.
    int days = 20;
    int rows = 200_000;
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO ticks SELECT 'ESZ6', t, 6000, 1, 'ASK', 0, 'CME', t, 'BACKFILL' "
          + "FROM generate_series(0, " + (rows - 1) + ") AS i, "
          + "LATERAL (SELECT TIMESTAMPTZ '2019-03-01 00:00:00+00' + i * INTERVAL '" + 86_400.0 * days / rows
          + " seconds' AS t) AS times");
    }

    List<List<PartitionChange>> runs = AtTheSameTime.twice(() -> DbMigrate.maintain(config(Map.of())));

    assertThat(runs.get(0).size() + runs.get(1).size()).isEqualTo(days);
    assertThat(query("SELECT count(*) FROM ticks_default")).containsExactly("0");
    assertThat(query("SELECT count(*) FROM ticks")).containsExactly(Integer.toString(rows));
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
        "V1__bars_and_ticks.sql", "V2__timescaledb.sql", "V3__instruments.sql", "R__timescaledb_policies.sql");
    assertThat(DbMigrate.pendingMigrations(config, TimeSeriesBackend.NATIVE)).containsExactly(
        "V1__bars_and_ticks.sql", "V2__native_partitioning.sql",
        "V2_1__partition_maintenance_in_utc_one_at_a_time.sql", "V2_2__partitions_up_to_the_ends_of_time.sql",
        "V3__instruments.sql", "R__native_policies.sql");
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

  private void insertTickUnchecked(Instant eventTime) {
    try {
      insertTick(eventTime);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
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
