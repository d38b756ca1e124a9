package io.tickflow.streams;

import static io.tickflow.streams.TopologyHarness.T0;
import static io.tickflow.streams.TopologyHarness.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.streams.rocksdb.BoundedMemoryRocksDBConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB memory budget reaches the app's stores through the Streams properties the app builds. */
class RocksDBMemoryTopologyTest {

  private static final String APPLICATION_ID = "rocksdb-memory-test";

  @TempDir
  Path stateDir;

  @Test
  void shouldCountTheStoresWritesAgainstTheInstancesBudgetAndReleaseItAtClose() {
    assertThat(usage()).isEmpty();
    try (TopologyHarness harness = new TopologyHarness(Map.of(
        StreamsAppConfig.STATE_STORE_TYPE_CONFIG, StreamsAppConfig.STORE_ROCKSDB,
        StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
        StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()))) {
      long opened = usage().orElseThrow();

      for (int i = 0; i < 2_000; i++) {
        harness.pipe(trade("SYM" + i % 50, 100.0 + i % 7, 1, T0.plusMillis(i * 250L)));
      }

      assertThat(usage().orElseThrow()).as("dedup, state and bar stores written").isGreaterThan(opened);
    }
    assertThat(usage()).as("released with the last store").isEmpty();
  }

  private OptionalLong usage() {
    return BoundedMemoryRocksDBConfig.usage(APPLICATION_ID, stateDir.toString());
  }
}
