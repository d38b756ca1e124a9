package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TradeScenario;
import io.tickflow.streams.rocksdb.BoundedMemoryRocksDBConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop keeps the local state usable: the restarted instance resumes from its stores instead of wiping them
 * and reading every changelog again, which for a day of ticks would keep the bars of a restarted instance away for
 * minutes. Under exactly-once Kafka Streams wipes a task's stores when it finds no committed offsets for them, so
 * this fails when any store loses its offsets at close. The stop also releases the instance's RocksDB memory budget,
 * which only happens once every store, segment included, has closed. The restart finds the changelog topics its
 * state was built from unchanged (their IDs, which the instance remembers) and keeps the state.
 */
class CleanRestartIT extends RealBrokerTest {

  private static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  private static final String APPLICATION_ID = "clean-restart";

  @TempDir
  Path workDir;

  @Test
  void shouldResumeFromLocalStateWithoutRestoringAfterACleanStop() throws Exception {
    List<Trade> input = TradeScenario.generate(41, 4_000, 4, START);
    StreamsRig.produce(broker, input);
    Path stateDir = workDir.resolve("state");
    Map<String, Object> settings = StreamsRig.appSettings(broker, APPLICATION_ID, stateDir);

    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      StreamsRig.awaitBalanced(app, input.size());
      StreamsRig.awaitChangelogsRemembered(broker, stateDir, APPLICATION_ID);
      assertThat(rocksDbMemory(settings).orElseThrow()).as("the stores' blocks and memtables in the instance's "
          + "RocksDB budget").isPositive();
    }
    assertThat(rocksDbMemory(settings)).as("the budget released with the last store at the stop").isEmpty();
    Map<String, String> changelogs = StreamsRig.changelogIds(broker, APPLICATION_ID);
    assertThat(changelogs).as("changelog topics").isNotEmpty();
    assertThat(StreamsRig.rememberedChangelogIds(stateDir, APPLICATION_ID)).isEqualTo(changelogs);

    RestoredRecords restored = new RestoredRecords();
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings),
        (streams, tasks) -> streams.setGlobalStateRestoreListener(restored))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
      assertThat(restored.records.get()).as("changelog records restored after a clean stop").isZero();
      StreamsRig.awaitChangelogsRemembered(broker, stateDir, APPLICATION_ID);
    }
    assertThat(StreamsRig.rememberedChangelogIds(stateDir, APPLICATION_ID)).isEqualTo(changelogs);
  }

  private static OptionalLong rocksDbMemory(Map<String, Object> settings) {
    return BoundedMemoryRocksDBConfig.usage((String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG),
        (String) settings.get(StreamsConfig.STATE_DIR_CONFIG));
  }

  private static final class RestoredRecords implements StateRestoreListener {
    private final AtomicLong records = new AtomicLong();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
      records.addAndGet(restored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    }
  }
}
