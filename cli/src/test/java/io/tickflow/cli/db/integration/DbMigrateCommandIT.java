package io.tickflow.cli.db.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import io.tickflow.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tickflow db migrate} on a real PostgreSQL: creates the tables once, a second run changes nothing. */
@Tag("integration")
class DbMigrateCommandIT {

  private final TestPostgres postgres = TestPostgres.get();
  private final String schema = TestPostgres.uniqueSchemaName("cli_migrate");

  @AfterEach
  void dropSchema() throws SQLException {
    postgres.dropSchema(schema);
  }

  @Test
  void shouldCreateTheTablesAndBeIdempotent() throws Exception {
    String first = run("db", "migrate", "--jdbc-url", postgres.url(), "--schema", schema);
    String second = run("db", "migrate", "--jdbc-url", postgres.url(), "--schema", schema);

    assertThat(tables()).contains("bars", "ticks");
    assertThat(first).contains(schema).contains("native");
    assertThat(second).isNotEqualTo(first);
    assertThat(run("db", "maintain", "--jdbc-url", postgres.url(), "--schema", schema))
        .contains("partition changes");
  }

  @Test
  void shouldReportRefusedConnectionsAndMissingRightsInOneLine() {
    String url = postgres.url();
    String wrongPassword = url.replace("password=" + postgres.password(), "password=wrong-" + postgres.password());
    // The test user may not create a schema in PostgreSQL's own database.
    String noRights = url.replaceFirst("/[^/?]+\\?", "/postgres?");
    String refused = url.replaceFirst("//[^/]+/", "//127.0.0.1:1/");
    String notJdbc = "postgresql://127.0.0.1/tickflow";
    Map<String, String> reasons = Map.of(
        wrongPassword, "FATAL: password authentication failed for user \"" + postgres.user() + "\"",
        refused, "Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that the "
            + "postmaster is accepting TCP/IP connections.",
        notJdbc, "Invalid value " + notJdbc + " for configuration db.url: must be a PostgreSQL JDBC URL starting with "
            + "jdbc:postgresql:");
    Map<String, String> noRightsReasons = Map.of(
        "migrate", "Unable to create schema \"" + schema + "\": ERROR: permission denied for database postgres",
        "maintain", "Schema " + schema + " holds no Tickflow tables: run tickflow db migrate first, or name the "
            + "migrated schema (db.schema)");

    noRightsReasons.forEach((command, noRightsReason) -> {
      Map<String, String> expected = new HashMap<>(reasons);
      expected.put(noRights, noRightsReason);
      expected.forEach((badUrl, reason) -> assertThat(fail("db", command, "--jdbc-url", badUrl, "--schema", schema))
          .as("%s with %s", command, badUrl)
          .isEqualTo("tickflow db " + command + ": " + reason + System.lineSeparator()));
    });
  }

  private List<String> tables() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = postgres.connect();
         ResultSet rows = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE",
             "PARTITIONED TABLE"})) {
      while (rows.next()) {
        names.add(rows.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  /** Runs a command that must fail; what it wrote on its error stream. */
  private static String fail(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).as("exit code of %s", List.of(args)).isOne();
    return err.toString();
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(TickflowCli.commandLine().execute(args)).as("exit code of %s", List.of(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
