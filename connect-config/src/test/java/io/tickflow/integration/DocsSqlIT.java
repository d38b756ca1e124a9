package io.tickflow.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.db.DbMigrate;
import io.tickflow.db.MigrateConfig;
import io.tickflow.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs every SQL statement that docs/sink.md shows, as a reader would copy it, against a schema migrated by the real
 * migrations (plain PostgreSQL: the native layout) and holding the kind of rows the sink writes: each must run, return
 * rows, and, where the statement's leading comment says what it returns, return exactly that.
 *
 * <p>A ```sql block preceded by the line {@value #TIMESCALEDB_ONLY} (blank lines between allowed) is meant for
 * TimescaleDB only: it is not run here (the machines of this project have no TimescaleDB), but the tables it names
 * must exist in the migrated schema, as they do in both layouts. The documents name the schema {@code tickflow};
 * the test runs them on a schema of its own.
 */
@Tag("integration")
class DocsSqlIT {

  /** Marks a ```sql block of the documents that needs TimescaleDB. */
  static final String TIMESCALEDB_ONLY = "<!-- timescaledb only -->";

  private static final Path SINK_DOC = Path.of("..", "docs", "sink.md");
  private static final Pattern DOC_SCHEMA = Pattern.compile("\\btickflow\\.(\\w+)");
  private static final String SYMBOL = "ESZ26";
  private static final int MINUTE_BARS = 180;

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("it_docs_sql");
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private final Instant lastMinute = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);

  @BeforeEach
  void migrateAndFill() throws SQLException {
    DbMigrate.migrate(new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, postgres.url(),
        MigrateConfig.SCHEMA_CONFIG, schema)));
    for (int i = 0; i < MINUTE_BARS; i++) {
      insertBar(SYMBOL, "1m", lastMinute.minus(i, ChronoUnit.MINUTES), Duration.ofMinutes(1), 6000 + i % 17);
      insertBar("NQZ26", "1m", lastMinute.minus(i, ChronoUnit.MINUTES), Duration.ofMinutes(1), 21000);
    }
    for (String start : List.of("2026-11-24T23:55:00Z", "2026-11-25T00:00:00Z", "2026-11-25T23:55:00Z",
        "2026-11-26T00:00:00Z")) {
      insertBar(SYMBOL, "5m", Instant.parse(start), Duration.ofMinutes(5), 6000);
    }
    Instant recent = now.minusSeconds(10);
    insertTick(recent, 1);
    insertTick(recent, 0);
    insertTick(now.minusSeconds(300), 0);
    execute("INSERT INTO instruments VALUES ('" + SYMBOL + "', 'ESZ6', 'CME', 'E-mini S&P 500', 0.25, 2, 12.5, 'USD', "
        + "'17:00', '16:00', 'America/Chicago', now())");
  }

  @AfterEach
  void dropSchema() throws SQLException {
    postgres.dropSchema(schema);
  }

  @Test
  void shouldRunEveryQueryOfTheSinkDocWhenCopiedAsWritten() throws IOException, SQLException {
    List<SqlBlock> blocks = sqlBlocks(Files.readString(SINK_DOC));
    Map<String, Supplier<List<String>>> expectations = expectations();
    List<String> run = new ArrayList<>();
    for (SqlBlock block : blocks) {
      assertTablesExist(block.sql());
      if (block.timescaleOnly()) {
        continue;
      }
      for (DocStatement statement : statements(block.sql())) {
        List<String> rows = query(DOC_SCHEMA.matcher(statement.sql()).replaceAll('"' + schema + "\".$1"));
        assertThat(rows).as("rows of '%s'", statement.comment()).isNotEmpty();
        Supplier<List<String>> expected = expectations.get(statement.comment());
        if (expected != null) {
          assertThat(rows).as("rows of '%s'", statement.comment()).containsExactlyElementsOf(expected.get());
        }
        run.add(statement.comment());
      }
    }
    assertThat(run).as("statements run from %s", SINK_DOC).containsAll(expectations.keySet());
  }

  @Test
  void shouldSkipOnlyTheBlocksMarkedForTimescaleDbWhenReadingADoc() {
    String doc = "text\n```sql\nSELECT 1;\n```\n" + TIMESCALEDB_ONLY + "\n\n```sql\nSELECT time_bucket();\n```\n";

    assertThat(sqlBlocks(doc)).containsExactly(new SqlBlock("SELECT 1;\n", false),
        new SqlBlock("SELECT time_bucket();\n", true));
    assertThat(statements("-- One.\nSELECT 1\nFROM t;\n\n-- Two,\n-- more.\nSELECT 2;\n")).containsExactly(
        new DocStatement("One.", "SELECT 1\nFROM t;"), new DocStatement("Two,", "SELECT 2;"));
  }

  /** What the statements whose leading comment is the key return from the rows inserted above, as text rows. */
  private Map<String, Supplier<List<String>>> expectations() {
    Map<String, Supplier<List<String>>> expected = new LinkedHashMap<>();
    expected.put("The last 100 one-minute bars of a symbol.", () -> minuteBars().subList(0, 100).stream()
        .map(bar -> row(bar.start(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume())).toList());
    expected.put("One day of 5-minute bars.", () -> List.of(
        row(Instant.parse("2026-11-25T00:00:00Z"), 6000.0, 6002.0, 5999.0, 6001.0, 10L, 6000.5),
        row(Instant.parse("2026-11-25T23:55:00Z"), 6000.0, 6002.0, 5999.0, 6001.0, 10L, 6000.5)));
    expected.put("Hourly bars from one-minute bars (continuous aggregate on TimescaleDB, a view otherwise).",
        () -> aggregated(Duration.ofHours(1), true));
    expected.put("15-minute bars from one-minute bars, any width, in plain SQL.",
        () -> aggregated(Duration.ofMinutes(15), false));
    expected.put("Ticks of the last minute, in order.", () -> List.of(
        row(now.minusSeconds(10), 0, 6001.25, 2L, "BID"), row(now.minusSeconds(10), 1, 6001.25, 2L, "BID")));
    // 10 contracts at a VWAP of open + 0.5: 50 USD a point each (a tick of 0.25 is worth 12.5).
    expected.put("Traded value of the last three one-minute bars, in the instrument's currency (ticks times a "
        + "tick's value).", () -> minuteBars().subList(0, 3).stream()
        .map(bar -> row(bar.start(), bar.volume() * bar.vwap() * 50, "USD")).toList());
    return expected;
  }

  /** The symbol's one-minute bars, newest first. */
  private List<Bar> minuteBars() {
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < MINUTE_BARS; i++) {
      bars.add(bar(lastMinute.minus(i, ChronoUnit.MINUTES), 6000 + i % 17));
    }
    return bars;
  }

  /** The one-minute bars in buckets of the width from Monday 2000-01-03 UTC, oldest first. */
  private List<String> aggregated(Duration width, boolean withVwap) {
    Map<Instant, List<Bar>> buckets = new LinkedHashMap<>();
    List<Bar> oldestFirst = new ArrayList<>(minuteBars());
    Collections.reverse(oldestFirst);
    Instant origin = Instant.parse("2000-01-03T00:00:00Z");
    for (Bar bar : oldestFirst) {
      long widths = Duration.between(origin, bar.start()).toMillis() / width.toMillis();
      buckets.computeIfAbsent(origin.plus(width.multipliedBy(widths)), start -> new ArrayList<>()).add(bar);
    }
    List<String> rows = new ArrayList<>();
    buckets.forEach((start, bars) -> {
      double high = bars.stream().mapToDouble(Bar::high).max().orElseThrow();
      double low = bars.stream().mapToDouble(Bar::low).min().orElseThrow();
      long volume = bars.stream().mapToLong(Bar::volume).sum();
      double open = bars.get(0).open();
      double close = bars.get(bars.size() - 1).close();
      double vwap = bars.stream().mapToDouble(bar -> bar.vwap() * bar.volume()).sum() / volume;
      rows.add(withVwap ? row(start, open, high, low, close, volume, vwap)
          : row(start, open, high, low, close, volume));
    });
    return rows;
  }

  private static Bar bar(Instant start, double open) {
    return new Bar(start, open, open + 2, open - 1, open + 1, 10, open + 0.5);
  }

  private void insertBar(String symbol, String timeframe, Instant start, Duration width, double open)
      throws SQLException {
    Bar bar = bar(start, open);
    try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 4, 6, 3, ?, ?, ?, true, 2)")) {
      insert.setString(1, symbol);
      insert.setString(2, timeframe);
      insert.setObject(3, utc(start));
      insert.setObject(4, utc(start.plus(width)));
      insert.setDouble(5, bar.open());
      insert.setDouble(6, bar.high());
      insert.setDouble(7, bar.low());
      insert.setDouble(8, bar.close());
      insert.setLong(9, bar.volume());
      insert.setDouble(10, bar.vwap());
      insert.setObject(11, utc(start));
      insert.setObject(12, utc(start.plus(width).minusSeconds(1)));
      insert.executeUpdate();
    }
  }

  private void insertTick(Instant eventTime, int sequence) throws SQLException {
    try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ticks VALUES (?, ?, 6001.25, 2, 'BID', ?, 'CME', ?, 'LIVE')")) {
      insert.setString(1, SYMBOL);
      insert.setObject(2, utc(eventTime));
      insert.setInt(3, sequence);
      insert.setObject(4, utc(eventTime));
      insert.executeUpdate();
    }
  }

  private void assertTablesExist(String sql) throws SQLException {
    Matcher table = DOC_SCHEMA.matcher(sql);
    while (table.find()) {
      assertThat(query("SELECT to_regclass('\"" + schema + "\"." + table.group(1) + "') IS NOT NULL"))
          .as("table tickflow.%s named in %s", table.group(1), SINK_DOC).containsExactly("true");
    }
  }

  /** The ```sql blocks of a Markdown text, each marked when the non-blank line before it is the marker. */
  static List<SqlBlock> sqlBlocks(String markdown) {
    List<SqlBlock> blocks = new ArrayList<>();
    String previous = "";
    StringBuilder sql = null;
    boolean timescaleOnly = false;
    for (String line : markdown.split("\n", -1)) {
      if (sql == null && line.strip().equals("```sql")) {
        sql = new StringBuilder();
        timescaleOnly = previous.equals(TIMESCALEDB_ONLY);
      } else if (sql != null && line.strip().equals("```")) {
        blocks.add(new SqlBlock(sql.toString(), timescaleOnly));
        sql = null;
      } else if (sql != null) {
        sql.append(line).append('\n');
      }
      if (!line.isBlank()) {
        previous = line.strip();
      }
    }
    return blocks;
  }

  /** The statements of a block: each its first comment line and the SQL up to the line ending with ';'. */
  static List<DocStatement> statements(String block) {
    List<DocStatement> statements = new ArrayList<>();
    String comment = "";
    StringBuilder sql = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("--")) {
        comment = comment.isEmpty() ? line.substring(2).strip() : comment;
      } else if (!line.isBlank()) {
        sql.append(sql.length() == 0 ? "" : "\n").append(line);
        if (line.stripTrailing().endsWith(";")) {
          statements.add(new DocStatement(comment, sql.toString()));
          comment = "";
          sql.setLength(0);
        }
      }
    }
    return statements;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData columns = result.getMetaData();
      while (result.next()) {
        Object[] values = new Object[columns.getColumnCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = columns.getColumnTypeName(i + 1).equals("timestamptz")
              ? result.getObject(i + 1, OffsetDateTime.class).toInstant() : result.getObject(i + 1);
        }
        rows.add(row(values));
      }
    }
    return rows;
  }

  private static String row(Object... values) {
    List<String> cells = new ArrayList<>();
    for (Object value : values) {
      cells.add(value instanceof Double number ? String.format(Locale.ROOT, "%.6f", number)
          : String.valueOf(value));
    }
    return String.join(" | ", cells);
  }

  private Connection connect() throws SQLException {
    Connection connection = postgres.connect();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO \"" + schema + "\"");
    }
    return connection;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  record SqlBlock(String sql, boolean timescaleOnly) {
  }

  record DocStatement(String comment, String sql) {
  }

  private record Bar(Instant start, double open, double high, double low, double close, long volume, double vwap) {
  }
}
