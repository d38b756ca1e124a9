package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.db.MigrationReport;
import io.tickflow.db.PartitionChange;
import io.tickflow.testing.AtTheSameTime;
import io.tickflow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Native partition maintenance (docs/sink.md, "Two layouts") against a reference written here: for seeded random
 * scenarios (partition widths, premake, retention, a schema migrated now or upgraded from an older version, then
 * maintenance at clock times moving forward by hours to months, onto month and year ends, leap days and days clocks
 * change, in sessions of various time zones, sometimes two runs at once), rows written as the sink writes them (an
 * upsert) at partition boundaries, far in the past and in the future. After every run: exactly the partitions the
 * reference holds exist, with their UTC bounds; every row is where the reference puts it (its partition, else the
 * DEFAULT one), or gone when its partition passed retention; a second run changes nothing. The seed is printed;
 * {@code -Dmaintain.seed=...} replays it.
 */
@Tag("integration")
class PartitionMaintenanceModelIT {

  private static final long SEED = Long.getLong("maintain.seed", System.nanoTime());
  private static final int SCENARIOS = 5;
  private static final int RUNS = 7;
  private static final Instant ORIGIN = Instant.parse("2000-01-03T00:00:00Z");
  private static final long DAY = 86_400;
  private static final Instant FIRST_TIME = pg(-4713, 11, 24, 0);
  private static final Instant LAST_TIME = Instant.parse("+294276-12-31T23:59:59.999999Z");
  private static final List<String> ZONES = List.of("UTC", "America/Chicago", "Europe/London",
      "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham");
  /** Far times a backfill or a plain INSERT may bring: PostgreSQL's first and last day, BC and AD alike. */
  private static final List<Instant> FAR = List.of(pg(-4713, 11, 24, 0), pg(-4713, 11, 30, 12), pg(-99, 1, 1, 6),
      pg(100, 1, 1, 6), pg(1900, 1, 1, 0), pg(2100, 2, 28, 23), pg(294276, 12, 20, 0),
      pg(294276, 12, 31, 0));

  private final TestPostgres postgres = TestPostgres.get();
  private final List<String> schemas = new ArrayList<>();

  @AfterEach
  void dropSchemas() throws SQLException {
    for (String schema : schemas) {
      postgres.dropSchema(schema);
    }
  }

  @Test
  void shouldKeepExactlyTheDocumentedPartitionsAndRowsWhateverTheClock() throws Exception {
    System.out.println("PartitionMaintenanceModelIT seed " + SEED + " (-Dmaintain.seed=" + SEED + " replays it)");
    Random random = new Random(SEED);
    for (int scenario = 0; scenario < SCENARIOS; scenario++) {
      new Scenario(random, TestPostgres.uniqueSchemaName("it_model")).run();
    }
  }

  /** One schema's life: migrated, then maintained again and again as the clock moves on, rows written between. */
  private final class Scenario {

    private final Random random;
    private final String schema;
    private final Map<String, String> settings = new HashMap<>();
    private final List<Table> tables;
    private int nextId;

    Scenario(Random random, String schema) {
      this.random = random;
      this.schema = schema;
      schemas.add(schema);
      int premake = pick(0, 1, 3, 7);
      Table bars = new Table("bars", pick(1, 3, 7, 10), premake, pick(0, 0, 1, 9, 45));
      Table ticks = new Table("ticks", pick(1, 1, 2, 7), premake, pick(0, 0, 1, 3, 30));
      tables = List.of(bars, ticks);
      settings.put(MigrateConfig.URL_CONFIG, postgres.url());
      settings.put(MigrateConfig.SCHEMA_CONFIG, schema);
      settings.put(MigrateConfig.BARS_CHUNK_DAYS_CONFIG, Integer.toString(bars.widthDays));
      settings.put(MigrateConfig.TICKS_CHUNK_DAYS_CONFIG, Integer.toString(ticks.widthDays));
      settings.put(MigrateConfig.PREMAKE_CHUNKS_CONFIG, Integer.toString(premake));
      settings.put(MigrateConfig.BARS_RETENTION_DAYS_CONFIG, Integer.toString(bars.retentionDays));
      settings.put(MigrateConfig.TICKS_RETENTION_DAYS_CONFIG, Integer.toString(ticks.retentionDays));
    }

    void run() throws Exception {
      migrate();
      Instant clock = Instant.now();
      for (int run = 0; run < RUNS; run++) {
        clock = advance(clock);
        for (int i = random.nextInt(12); i >= 0; i--) {
          Table table = pick(tables);
          write(table, rowTime(table, clock));
        }
        checkState("after writing, before the run at " + clock);
        maintain(clock);
      }
    }

    private void migrate() throws Exception {
      String olderVersion = pick("none", "2", "2.1");
      if (!olderVersion.equals("none")) {
        Flyway.configure().dataSource(postgres.url(), "", "").schemas(schema)
            .locations("classpath:db/migration/common", "classpath:db/migration/native").target(olderVersion)
            .placeholders(olderPlaceholders()).load().migrate();
      }
      MigrationReport report = DbMigrate.migrate(new MigrateConfig(settings));
      Instant now = Instant.now();
      assertThat(report.fromVersion()).as(describe("version before")).isEqualTo(olderVersion);
      assertThat(changes(report.partitions())).as(describe("partitions of migrate"))
          .isEqualTo(changes(expectMaintenance(now)));
      MigrationReport again = DbMigrate.migrate(new MigrateConfig(settings));
      assertThat(again.migrationsApplied()).as(describe("second migrate")).isZero();
      assertThat(again.partitions()).as(describe("second migrate")).isEmpty();
      checkState("after migrate");
    }

    /** The placeholders the older release's migrations took, from this scenario's settings. */
    private Map<String, String> olderPlaceholders() {
      Map<String, String> placeholders = new HashMap<>(Map.of("bars_partitioning", "PARTITION BY RANGE (window_start)",
          "ticks_partitioning", "PARTITION BY RANGE (event_time)", "compress_after_days", "7"));
      List.of(MigrateConfig.BARS_CHUNK_DAYS_CONFIG, MigrateConfig.TICKS_CHUNK_DAYS_CONFIG,
              MigrateConfig.PREMAKE_CHUNKS_CONFIG, MigrateConfig.BARS_RETENTION_DAYS_CONFIG,
              MigrateConfig.TICKS_RETENTION_DAYS_CONFIG)
          .forEach(key -> placeholders.put(key.substring(3).replace('.', '_'),
              settings.get(key)));
      return placeholders;
    }

    /** Hours to months ahead, sometimes onto a month end, a year end, a leap day or a day clocks change. */
    private Instant advance(Instant clock) {
      Instant later = clock.plus(pick(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(23),
          Duration.ofDays(150)).multipliedBy(1 + random.nextInt(3)));
      LocalDateTime utc = LocalDateTime.ofInstant(later, ZoneOffset.UTC);
      LocalDateTime special = switch (random.nextInt(6)) {
        case 0 -> utc.with(TemporalAdjusters.lastDayOfMonth()).toLocalDate().atTime(23, 59, 59, 999_999_000);
        case 1 -> utc.with(TemporalAdjusters.firstDayOfNextYear()).toLocalDate().atStartOfDay();
        case 2 -> LocalDate.of(2028 + 4 * random.nextInt(2), 2, 29).atTime(random.nextInt(24), 0);
        case 3 -> LocalDate.of(utc.getYear() + 1, 3, 8 + random.nextInt(3)).atTime(8, 0);
        case 4 -> LocalDate.of(utc.getYear() + 1, 11, 1).atTime(7, 0).minusNanos(1000);
        default -> utc;
      };
      Instant next = special.toInstant(ZoneOffset.UTC);
      return next.isAfter(clock) ? next : later;
    }

    /** Near now, on or next to a partition bound near now, within retention's edge, or far away. */
    private Instant rowTime(Table table, Instant clock) {
      long width = table.widthDays * DAY;
      Instant bound = bin(clock, table.widthDays).plusSeconds(width * (random.nextInt(12) - 4));
      return switch (random.nextInt(6)) {
        case 0 -> clock.minusSeconds(random.nextInt(100_000)).truncatedTo(ChronoUnit.MICROS);
        case 1 -> bound.plus(random.nextInt(3) - 1, ChronoUnit.MICROS);
        case 2 -> clock.minus(Duration.ofDays(table.retentionDays))
            .plusSeconds(random.nextInt(3 * (int) DAY) - DAY);
        case 3 -> clock.plus(Duration.ofDays(random.nextInt(200)));
        default -> FAR.get(random.nextInt(FAR.size())).plusSeconds(random.nextInt((int) DAY));
      };
    }

    /** Writes a row as the sink does (an upsert on the primary key); it must land in its partition, or the DEFAULT. */
    private void write(Table table, Instant time) throws SQLException {
      String symbol = "S" + nextId++;
      boolean bars = table.name.equals("bars");
      String sql = bars
          ? "INSERT INTO bars VALUES (?, '1m', ?::timestamptz, ?::timestamptz, 1, 2, 1, 2, 5, 2, 3, 4, 1.5, "
              + "?::timestamptz, ?::timestamptz, true, 0) ON CONFLICT (symbol, timeframe, window_start) "
              + "DO UPDATE SET close = EXCLUDED.close"
          : "INSERT INTO ticks VALUES (?, ?::timestamptz, 6000.25, 1, 'ASK', 0, 'CME', ?::timestamptz, 'LIVE') "
              + "ON CONFLICT (symbol, event_time, price, size, side, sequence) DO UPDATE SET source = EXCLUDED.source";
      try (Connection connection = connect(pick(ZONES)); PreparedStatement insert = connection.prepareStatement(sql)) {
        insert.setString(1, symbol);
        for (int i = 2; i <= (bars ? 5 : 3); i++) {
          insert.setString(i, pgText(time));
        }
        assertThat(insert.executeUpdate()).as(describe("insert " + table.name + " at " + pgText(time))).isOne();
      }
      table.rows.put(symbol, time);
    }

    private void maintain(Instant clock) throws Exception {
      List<PartitionChange> expected = expectMaintenance(clock);
      List<PartitionChange> actual = new ArrayList<>();
      if (random.nextInt(3) == 0) {
        // The zone is picked here: the seed's random numbers must not depend on the threads' order.
        String zone = pick(ZONES);
        AtTheSameTime.twice(() -> maintainAt(clock, zone)).forEach(actual::addAll);
      } else {
        actual.addAll(maintainAt(clock, pick(ZONES)));
      }
      assertThat(changes(actual)).as(describe("changes of the run at " + clock)).isEqualTo(changes(expected));
      checkState("after the run at " + clock);
      assertThat(maintainAt(clock, pick(ZONES))).as(describe("the same run again at " + clock)).isEmpty();
    }

    private List<PartitionChange> maintainAt(Instant clock, String zone) throws SQLException {
      List<PartitionChange> changes = new ArrayList<>();
      try (Connection connection = connect(zone);
           PreparedStatement statement = connection.prepareStatement(
               "SELECT action, partition_name FROM maintain_partitions(?::timestamptz)")) {
        statement.setString(1, pgText(clock));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            changes.add(new PartitionChange(rows.getString(1), rows.getString(2)));
          }
        }
      }
      return changes;
    }

    /** The reference: what a run at {@code clock} does to the model, and the changes it reports. */
    private List<PartitionChange> expectMaintenance(Instant clock) {
      List<PartitionChange> changes = new ArrayList<>();
      for (Table table : tables) {
        TreeSet<Instant> wanted = new TreeSet<>();
        for (int i = 0; i <= table.premake; i++) {
          wanted.add(bin(clock, table.widthDays).plusSeconds(i * table.widthDays * DAY));
        }
        // A partition cannot start before PostgreSQL's first timestamp: such rows stay in the DEFAULT partition.
        table.rows.values().stream().map(time -> bin(time, table.widthDays))
            .filter(lower -> !lower.isBefore(FIRST_TIME)).forEach(wanted::add);
        wanted.removeAll(table.partitions);
        wanted.forEach(lower -> changes.add(new PartitionChange("created", table.partitionName(lower))));
        table.partitions.addAll(wanted);
        if (table.retentionDays > 0) {
          Instant limit = clock.minus(Duration.ofDays(table.retentionDays));
          List<Instant> dropped = table.partitions.stream()
              .filter(lower -> !lower.plusSeconds(table.widthDays * DAY).isAfter(limit)).toList();
          dropped.forEach(lower -> changes.add(new PartitionChange("dropped", table.partitionName(lower))));
          dropped.forEach(table.partitions::remove);
          table.rows.values().removeIf(time -> dropped.contains(bin(time, table.widthDays)));
        }
      }
      return changes;
    }

    private void checkState(String when) throws SQLException {
      for (Table table : tables) {
        Map<String, String> expectedBounds = new TreeMap<>();
        table.partitions.forEach(lower -> expectedBounds.put(table.partitionName(lower), "FOR VALUES FROM ('"
            + pgText(lower) + "') TO ('" + table.upperBoundText(lower) + "')"));
        expectedBounds.put(table.name + "_default", "DEFAULT");
        assertThat(pairs("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '" + table.name + "'::regclass"))
            .as(describe(table.name + " partitions " + when)).isEqualTo(expectedBounds);
        Map<String, String> expectedRows = new TreeMap<>();
        table.rows.forEach((symbol, time) -> {
          Instant lower = table.partitionOf(time);
          expectedRows.put(symbol, (lower == null ? table.name + "_default" : table.partitionName(lower)) + " "
              + pgText(time));
        });
        String timeColumn = table.name.equals("bars") ? "window_start" : "event_time";
        assertThat(pairs("SELECT symbol, tableoid::regclass::text || ' ' || " + timeColumn + " FROM " + table.name))
            .as(describe(table.name + " rows " + when)).isEqualTo(expectedRows);
      }
    }

    private Map<String, String> pairs(String sql) throws SQLException {
      Map<String, String> pairs = new TreeMap<>();
      try (Connection connection = connect("UTC"); Statement statement = connection.createStatement();
           ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          pairs.put(rows.getString(1), rows.getString(2));
        }
      }
      return pairs;
    }

    private Connection connect(String zone) throws SQLException {
      Connection connection = postgres.connect();
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET search_path TO \"" + schema + "\"");
        statement.execute("SET TimeZone TO '" + zone + "'");
      }
      return connection;
    }

    private String describe(String what) {
      return what + " (seed " + SEED + ", schema " + schema + ", " + tables + ")";
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
      return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
      return choices.get(random.nextInt(choices.size()));
    }
  }

  /** A partitioned table in the reference: its policy, its partitions' lower bounds, its rows by symbol. */
  private static final class Table {

    final String name;
    final int widthDays;
    final int premake;
    final int retentionDays;
    final TreeSet<Instant> partitions = new TreeSet<>();
    final Map<String, Instant> rows = new HashMap<>();

    Table(String name, int widthDays, int premake, int retentionDays) {
      this.name = name;
      this.widthDays = widthDays;
      this.premake = premake;
      this.retentionDays = retentionDays;
    }

    /** The lower bound of the partition holding {@code time}, null when the DEFAULT partition holds it. */
    Instant partitionOf(Instant time) {
      Instant lower = bin(time, widthDays);
      return partitions.contains(lower) ? lower : null;
    }

    /** The end of the partition starting at {@code lower}: 'infinity' where PostgreSQL's timestamps end before. */
    String upperBoundText(Instant lower) {
      Instant upper = lower.plusSeconds(widthDays * DAY);
      return upper.isAfter(LAST_TIME) ? "infinity" : pgText(upper);
    }

    /** The documented name: the table, "_p", the UTC day the partition starts as to_char's YYYYMMDD, "_bc" if BC. */
    String partitionName(Instant lower) {
      LocalDate day = LocalDate.ofInstant(lower, ZoneOffset.UTC);
      int year = day.getYear() > 0 ? day.getYear() : 1 - day.getYear();
      return String.format("%s_p%04d%02d%02d%s", name, year, day.getMonthValue(), day.getDayOfMonth(),
          day.getYear() > 0 ? "" : "_bc");
    }

    @Override
    public String toString() {
      return name + " width " + widthDays + "d, premake " + premake + ", retention " + retentionDays + "d";
    }
  }

  /** The start of the partition of {@code time}: UTC days counted in widths from Monday 2000-01-03. */
  private static Instant bin(Instant time, int widthDays) {
    long width = widthDays * DAY;
    return ORIGIN.plusSeconds(Math.floorDiv(time.getEpochSecond() - ORIGIN.getEpochSecond(), width) * width);
  }

  /** An instant at a UTC hour of a proleptic Gregorian day; years before 1 are ISO years (0 is 1 BC). */
  private static Instant pg(int isoYear, int month, int day, int hour) {
    return LocalDate.of(isoYear, month, day).atTime(hour, 0).toInstant(ZoneOffset.UTC);
  }

  /**
   * PostgreSQL's text of an instant in a UTC session: BC years, and the fraction of a second only to its last digit
   * that is not 0 (.00758, not .007580), none when it is 0.
   */
  private static String pgText(Instant time) {
    LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
    int year = utc.getYear() > 0 ? utc.getYear() : 1 - utc.getYear();
    String digits = String.format("%06d", utc.getNano() / 1000).replaceFirst("0+$", "");
    String micros = digits.isEmpty() ? "" : "." + digits;
    return String.format("%04d-%02d-%02d %02d:%02d:%02d%s+00%s", year, utc.getMonthValue(), utc.getDayOfMonth(),
        utc.getHour(), utc.getMinute(), utc.getSecond(), micros, utc.getYear() > 0 ? "" : " BC");
  }

  /** Changes as a sorted list: two runs at once may share them out in any order. */
  private static List<String> changes(List<PartitionChange> changes) {
    return changes.stream().map(change -> change.action() + " " + change.partition()).sorted().toList();
  }
}
