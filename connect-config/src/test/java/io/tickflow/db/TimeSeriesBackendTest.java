package io.tickflow.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.db.TimeSeriesBackend.Request;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TimeSeriesBackendTest {

  @ParameterizedTest(name = "installed={0} available={1} preloaded={2} -> {3}")
  @CsvSource({
      "true,  true,  true,    TIMESCALEDB",
      "true,  true,  false,   TIMESCALEDB",
      "false, true,  true,    TIMESCALEDB",
      "false, true,  unknown, TIMESCALEDB",
      "false, true,  false,   NATIVE",
      "false, false, unknown, NATIVE",
      "false, false, false,   NATIVE"})
  void shouldChooseTimescaleUnderAutoWhenTheDatabaseCanRunIt(boolean installed, boolean available, String preloaded,
                                                            TimeSeriesBackend expected) {
    DatabaseCapabilities database = new DatabaseCapabilities(installed, available,
        "unknown".equals(preloaded) ? Optional.empty() : Optional.of(Boolean.parseBoolean(preloaded)),
        Optional.empty());

    assertThat(TimeSeriesBackend.choose(Request.AUTO, database)).isEqualTo(expected);
  }

  @Test
  void shouldUseNativeWhenAskedEvenWhereTimescaleIsInstalled() {
    assertThat(TimeSeriesBackend.choose(Request.NATIVE, fresh(true, true))).isEqualTo(TimeSeriesBackend.NATIVE);
  }

  @Test
  void shouldRefuseTimescaleWhenTheExtensionIsNotAvailable() {
    assertThatThrownBy(() -> TimeSeriesBackend.choose(Request.TIMESCALEDB, fresh(false, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("db.timeseries=timescaledb, but the timescaledb extension is not available on this server; "
            + "use db.timeseries=native or auto");
  }

  @Test
  void shouldRefuseTimescaleWhenTheExtensionIsNotPreloaded() {
    DatabaseCapabilities database = new DatabaseCapabilities(false, true, Optional.of(false), Optional.empty());

    assertThatThrownBy(() -> TimeSeriesBackend.choose(Request.TIMESCALEDB, database))
        .hasMessage("db.timeseries=timescaledb, but timescaledb is not in shared_preload_libraries; "
            + "use db.timeseries=native or auto");
  }

  @Test
  void shouldKeepTheRecordedLayoutWhenTimescaleBecameAvailableLater() {
    DatabaseCapabilities database = new DatabaseCapabilities(true, true, Optional.of(true),
        Optional.of(TimeSeriesBackend.NATIVE));

    assertThat(TimeSeriesBackend.choose(Request.AUTO, database)).isEqualTo(TimeSeriesBackend.NATIVE);
  }

  @Test
  void shouldRefuseToChangeTheRecordedLayout() {
    DatabaseCapabilities database = new DatabaseCapabilities(true, true, Optional.of(true),
        Optional.of(TimeSeriesBackend.NATIVE));

    assertThatThrownBy(() -> TimeSeriesBackend.choose(Request.TIMESCALEDB, database))
        .hasMessage("The schema was migrated with the native layout; db.timeseries=timescaledb cannot change it "
            + "(use auto or native, or migrate into a new schema)");
  }

  @Test
  void shouldPartitionOnlyTheNativeLayout() {
    assertThat(TimeSeriesBackend.NATIVE.partitionClause("event_time")).isEqualTo("PARTITION BY RANGE (event_time)");
    assertThat(TimeSeriesBackend.TIMESCALEDB.partitionClause("event_time")).isEmpty();
  }

  private static DatabaseCapabilities fresh(boolean installed, boolean available) {
    return new DatabaseCapabilities(installed, available, Optional.of(installed), Optional.empty());
  }
}
