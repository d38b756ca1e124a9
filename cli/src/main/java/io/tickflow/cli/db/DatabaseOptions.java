package io.tickflow.cli.db;

import io.tickflow.db.MigrateConfig;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Connection and schema options shared by the {@code db} commands; mapped onto {@link MigrateConfig}'s keys. */
public final class DatabaseOptions {

  @Option(names = "--jdbc-url", required = true, description = "JDBC URL, e.g. jdbc:postgresql://localhost:5432/tickflow")
  private String url;

  @Option(names = "--user", description = "Database user (default: from the URL).")
  private String user;

  @Option(names = "--password", description = "Database password (default: environment TICKFLOW_DB_PASSWORD, "
      + "or from the URL).", arity = "0..1", interactive = true)
  private String password;

  @Option(names = "--schema", description = "Schema of the Tickflow tables (default: tickflow).")
  private String schema;

  /** With {@code settings}, the other db.* settings, which only {@code db migrate} applies. */
  MigrateConfig toConfig(Map<String, Object> settings) {
    Map<String, Object> values = new HashMap<>(settings);
    values.put(MigrateConfig.URL_CONFIG, url);
    putIfSet(values, MigrateConfig.USER_CONFIG, user);
    putIfSet(values, MigrateConfig.PASSWORD_CONFIG, password != null ? password
        : System.getenv("TICKFLOW_DB_PASSWORD"));
    putIfSet(values, MigrateConfig.SCHEMA_CONFIG, schema);
    return new MigrateConfig(values);
  }

  static void putIfSet(Map<String, Object> values, String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
  }
}
