package io.tickflow.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@code tickflow db migrate} and {@code tickflow db maintain}: where the database is, which schema
 * holds the Tickflow tables, which time-series layout to use, and the partition, compression and retention
 * policies. Parsed once into typed fields; immutable.
 */
public final class MigrateConfig extends AbstractConfig {

  public static final String URL_CONFIG = "db.url";
  public static final String USER_CONFIG = "db.user";
  public static final String PASSWORD_CONFIG = "db.password";
  public static final String SCHEMA_CONFIG = "db.schema";
  public static final String TIMESERIES_CONFIG = "db.timeseries";
  public static final String BARS_CHUNK_DAYS_CONFIG = "db.bars.chunk.days";
  public static final String TICKS_CHUNK_DAYS_CONFIG = "db.ticks.chunk.days";
  public static final String PREMAKE_CHUNKS_CONFIG = "db.premake.chunks";
  public static final String BARS_RETENTION_DAYS_CONFIG = "db.bars.retention.days";
  public static final String TICKS_RETENTION_DAYS_CONFIG = "db.ticks.retention.days";
  public static final String COMPRESS_AFTER_DAYS_CONFIG = "db.compress.after.days";

  public static final String DEFAULT_SCHEMA = "tickflow";

  private static final String GROUP_CONNECTION = "Connection";
  private static final String GROUP_LAYOUT = "Time-series layout";
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  // About 274 years. Much more and now() minus the age leaves PostgreSQL's timestamps (4713 BC): every maintenance
  // run, and every migrate, would fail with "timestamp out of range".
  private static final int MAX_AGE_DAYS = 100_000;

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, MigrateConfig::validateUrl, Importance.HIGH,
          "JDBC URL of the PostgreSQL or TimescaleDB database, e.g. jdbc:postgresql://localhost:5432/tickflow. "
              + "May carry user and password as URL parameters.", GROUP_CONNECTION, 1, ConfigDef.Width.LONG, "URL")
      .define(USER_CONFIG, Type.STRING, "", Importance.HIGH,
          "Database user; empty to take it from the URL.", GROUP_CONNECTION, 2, ConfigDef.Width.MEDIUM, "User")
      .define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH,
          "Database password; empty to take it from the URL.", GROUP_CONNECTION, 3, ConfigDef.Width.MEDIUM,
          "Password")
      .define(SCHEMA_CONFIG, Type.STRING, DEFAULT_SCHEMA, MigrateConfig::validateSchema, Importance.HIGH,
          "Schema that holds the Tickflow tables and the migration history; created if missing. The sink "
              + "connectors' collection.name.format must name the same schema.", GROUP_CONNECTION, 4,
          ConfigDef.Width.MEDIUM, "Schema")
      .define(TIMESERIES_CONFIG, Type.STRING, TimeSeriesBackend.Request.AUTO.label(),
          ValidString.in(TimeSeriesBackend.Request.labels()), Importance.MEDIUM,
          "Time-series layout: 'timescaledb' (hypertables, compression, retention and continuous aggregates; "
              + "fails if the extension cannot be used), 'native' (PostgreSQL range partitions with BRIN indexes) "
              + "or 'auto' (timescaledb where it is installed, or available and preloaded; native otherwise). A "
              + "schema keeps the layout of its first migration.", GROUP_LAYOUT, 1, ConfigDef.Width.SHORT,
          "Time-series layout")
      .define(BARS_CHUNK_DAYS_CONFIG, Type.INT, 7, Range.between(1, 366), Importance.MEDIUM,
          "Days of bars per partition (native) or chunk (TimescaleDB). Fixed for native partitions once created.",
          GROUP_LAYOUT, 2, ConfigDef.Width.SHORT, "Bars chunk days")
      .define(TICKS_CHUNK_DAYS_CONFIG, Type.INT, 1, Range.between(1, 366), Importance.MEDIUM,
          "Days of ticks per partition (native) or chunk (TimescaleDB). Fixed for native partitions once created.",
          GROUP_LAYOUT, 3, ConfigDef.Width.SHORT, "Ticks chunk days")
      .define(PREMAKE_CHUNKS_CONFIG, Type.INT, 7, Range.between(0, 366), Importance.LOW,
          "Native layout: how many partitions to create ahead of the current one at each migrate or maintain run.",
          GROUP_LAYOUT, 4, ConfigDef.Width.SHORT, "Partitions ahead")
      .define(BARS_RETENTION_DAYS_CONFIG, Type.INT, 0, Range.between(0, MAX_AGE_DAYS), Importance.MEDIUM,
          "Drop bars older than this many days (whole partitions or chunks); 0 keeps them forever.",
          GROUP_LAYOUT, 5, ConfigDef.Width.SHORT, "Bars retention days")
      .define(TICKS_RETENTION_DAYS_CONFIG, Type.INT, 0, Range.between(0, MAX_AGE_DAYS), Importance.MEDIUM,
          "Drop ticks older than this many days (whole partitions or chunks); 0 keeps them forever.",
          GROUP_LAYOUT, 6, ConfigDef.Width.SHORT, "Ticks retention days")
      .define(COMPRESS_AFTER_DAYS_CONFIG, Type.INT, 7, Range.between(1, MAX_AGE_DAYS), Importance.LOW,
          "TimescaleDB layout: compress chunks (segmented by symbol) older than this many days.",
          GROUP_LAYOUT, 7, ConfigDef.Width.SHORT, "Compress after days");

  private final String url;
  private final String user;
  private final Password password;
  private final String schema;
  private final TimeSeriesBackend.Request timeseries;
  private final int barsChunkDays;
  private final int ticksChunkDays;
  private final int premakeChunks;
  private final int barsRetentionDays;
  private final int ticksRetentionDays;
  private final int compressAfterDays;

  /**
   * Parses the settings.
   *
   * @throws ConfigException when a value is invalid, or a key is not a setting (a misspelled retention would
   *     otherwise be ignored)
   */
  public MigrateConfig(Map<String, ?> props) {
    super(CONFIG_DEF, props, false);
    Set<String> unknown = new TreeSet<>(props.keySet());
    unknown.removeAll(CONFIG_DEF.names());
    if (!unknown.isEmpty()) {
      throw new ConfigException("Unknown settings " + unknown + ": the settings are "
          + new TreeSet<>(CONFIG_DEF.names()));
    }
    url = getString(URL_CONFIG);
    user = getString(USER_CONFIG);
    password = getPassword(PASSWORD_CONFIG);
    schema = getString(SCHEMA_CONFIG);
    timeseries = TimeSeriesBackend.Request.valueOf(getString(TIMESERIES_CONFIG).toUpperCase(Locale.ROOT));
    barsChunkDays = getInt(BARS_CHUNK_DAYS_CONFIG);
    ticksChunkDays = getInt(TICKS_CHUNK_DAYS_CONFIG);
    premakeChunks = getInt(PREMAKE_CHUNKS_CONFIG);
    barsRetentionDays = getInt(BARS_RETENTION_DAYS_CONFIG);
    ticksRetentionDays = getInt(TICKS_RETENTION_DAYS_CONFIG);
    compressAfterDays = getInt(COMPRESS_AFTER_DAYS_CONFIG);
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password.value();
  }

  public String schema() {
    return schema;
  }

  public TimeSeriesBackend.Request timeseries() {
    return timeseries;
  }

  /** A new connection to the database; the caller closes it. */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    if (!user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (!password.value().isEmpty()) {
      props.setProperty("password", password.value());
    }
    return DriverManager.getConnection(url, props);
  }

  /** Values of the ${...} placeholders of the SQL migrations for the given layout. */
  Map<String, String> placeholders(TimeSeriesBackend backend) {
    return Map.of(
        "bars_partitioning", backend.partitionClause("window_start"),
        "ticks_partitioning", backend.partitionClause("event_time"),
        "bars_chunk_days", Integer.toString(barsChunkDays),
        "ticks_chunk_days", Integer.toString(ticksChunkDays),
        "premake_chunks", Integer.toString(premakeChunks),
        "bars_retention_days", Integer.toString(barsRetentionDays),
        "ticks_retention_days", Integer.toString(ticksRetentionDays),
        "compress_after_days", Integer.toString(compressAfterDays));
  }

  private static void validateUrl(String name, Object value) {
    if (value == null || !value.toString().startsWith("jdbc:postgresql:")) {
      throw new ConfigException(name, value, "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
    }
  }

  private static void validateSchema(String name, Object value) {
    if (value == null || !IDENTIFIER.matcher(value.toString()).matches()) {
      throw new ConfigException(name, value,
          "must be a lower-case SQL identifier (letters, digits, underscores; at most 63 characters)");
    }
  }
}
