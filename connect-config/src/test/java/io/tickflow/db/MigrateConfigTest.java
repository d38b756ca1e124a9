package io.tickflow.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class MigrateConfigTest {

  private static final String URL = "jdbc:postgresql://localhost:5432/tickflow";

  @Test
  void shouldApplyDefaultsWhenOnlyTheUrlIsGiven() {
    MigrateConfig config = new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, URL));

    assertThat(config.schema()).isEqualTo("tickflow");
    assertThat(config.timeseries()).isEqualTo(TimeSeriesBackend.Request.AUTO);
    assertThat(config.placeholders(TimeSeriesBackend.NATIVE)).containsEntry("bars_chunk_days", "7")
        .containsEntry("ticks_chunk_days", "1").containsEntry("premake_chunks", "7")
        .containsEntry("bars_retention_days", "0").containsEntry("ticks_retention_days", "0")
        .containsEntry("compress_after_days", "7")
        .containsEntry("bars_partitioning", "PARTITION BY RANGE (window_start)")
        .containsEntry("ticks_partitioning", "PARTITION BY RANGE (event_time)");
  }

  @Test
  void shouldNotPartitionTablesForTimescale() {
    MigrateConfig config = new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, URL));

    assertThat(config.placeholders(TimeSeriesBackend.TIMESCALEDB)).containsEntry("bars_partitioning", "")
        .containsEntry("ticks_partitioning", "");
  }

  @Test
  void shouldRequireTheUrl() {
    assertThatThrownBy(() -> new MigrateConfig(Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("Missing required configuration \"db.url\"");
  }

  @Test
  void shouldRefuseANonPostgresUrl() {
    assertThatThrownBy(() -> new MigrateConfig(Map.of(MigrateConfig.URL_CONFIG, "jdbc:mysql://localhost/x")))
        .hasMessage("Invalid value jdbc:mysql://localhost/x for configuration db.url: must be a PostgreSQL JDBC URL "
            + "starting with jdbc:postgresql:");
  }

  @Test
  void shouldRefuseASchemaThatIsNotAPlainIdentifier() {
    assertThatThrownBy(() -> new MigrateConfig(settings(MigrateConfig.SCHEMA_CONFIG, "Tick\"flow")))
        .hasMessage("Invalid value Tick\"flow for configuration db.schema: must be a lower-case SQL identifier "
            + "(letters, digits, underscores; at most 63 characters)");
  }

  @Test
  void shouldRefuseAnUnknownLayout() {
    assertThatThrownBy(() -> new MigrateConfig(settings(MigrateConfig.TIMESERIES_CONFIG, "influx")))
        .hasMessage("Invalid value influx for configuration db.timeseries: String must be one of: auto, "
            + "timescaledb, native");
  }

  @Test
  void shouldRefuseAZeroChunkWidth() {
    assertThatThrownBy(() -> new MigrateConfig(settings(MigrateConfig.TICKS_CHUNK_DAYS_CONFIG, "0")))
        .hasMessage("Invalid value 0 for configuration db.ticks.chunk.days: Value must be at least 1");
  }

  @Test
  void shouldRefuseANegativeRetention() {
    assertThatThrownBy(() -> new MigrateConfig(settings(MigrateConfig.BARS_RETENTION_DAYS_CONFIG, "-1")))
        .hasMessage("Invalid value -1 for configuration db.bars.retention.days: Value must be at least 0");
  }

  @Test
  void shouldRefuseARetentionReachingBeforePostgresTimestampsWhenMaintenanceWouldSubtractIt() {
    assertThatThrownBy(() -> new MigrateConfig(settings(MigrateConfig.TICKS_RETENTION_DAYS_CONFIG, "2500000")))
        .hasMessage("Invalid value 2500000 for configuration db.ticks.retention.days: Value must be no more than "
            + "100000");
  }

  @Test
  void shouldRefuseASettingWhenItsNameIsMisspelled() {
    assertThatThrownBy(() -> new MigrateConfig(settings("db.tick.retention.days", "30")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Unknown settings [db.tick.retention.days]: the settings are [db.bars.chunk.days, "
            + "db.bars.retention.days, db.compress.after.days, db.password, db.premake.chunks, db.schema, "
            + "db.ticks.chunk.days, db.ticks.retention.days, db.timeseries, db.url, db.user]");
  }

  @Test
  void shouldParseTheLayoutIntoItsTypedValue() {
    MigrateConfig config = new MigrateConfig(settings(MigrateConfig.TIMESERIES_CONFIG, "native"));

    assertThat(config.timeseries()).isEqualTo(TimeSeriesBackend.Request.NATIVE);
  }

  private static Map<String, String> settings(String key, String value) {
    Map<String, String> settings = new HashMap<>(Map.of(MigrateConfig.URL_CONFIG, URL));
    settings.put(key, value);
    return settings;
  }
}
