package io.tickflow.cli.db.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import io.tickflow.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
