package io.tickflow.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Instruments split across a connector's tasks as Kafka's producer spreads their keys over partitions. */
class TaskGroupTest {

  /** Symbols as a feed spells them, with the characters a canonical symbol can hold. */
  private static final List<String> KEYS = IntStream.range(0, 2_000)
      .mapToObj(i -> List.of("ES", "6E", "EURUSD", "BRK.B", "ZN", "VX").get(i % 6) + (char) ('F' + i % 7) + i)
      .toList();

  @Test
  void shouldGroupAKeyAsKafkasProducerPartitionsIt() {
    for (final int count : List.of(1, 2, 3, 4, 6, 16)) {
      assertThat(KEYS).allSatisfy(key -> assertThat(TaskGroup.ofKey(key, count))
          .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), count)));
    }
  }

  @Test
  void shouldPutEveryPartitionsKeysInOneGroupWhenTheGroupsDivideThePartitions() {
    for (final int[] split : new int[][] {{2, 2}, {2, 4}, {3, 12}, {4, 8}}) {
      final int groups = split[0];
      final int partitions = split[1];
      assertThat(KEYS).allSatisfy(key -> assertThat(TaskGroup.ofKey(key, groups))
          .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions) % groups));
    }
  }

  @Test
  void shouldWarnOnceWhenATradeOfTheGroupLandsInAPartitionOfAnotherGroup() {
    // 2 tasks writing a trades topic of 3 partitions: a key of group 0 in partition 1 (not 0 mod 2) shows that
    // partition taking both groups' keys; a key of group 0 in partition 0 or 2 shows nothing.
    final TaskGroup group = new TaskGroup(0, 2);
    final TaskGroup.SharedPartitionCheck check = new TaskGroup.SharedPartitionCheck(group, "trades");
    final String owned = KEYS.stream().filter(group::owns).findFirst().orElseThrow();
    final String other = KEYS.stream().filter(key -> !group.owns(key)).findFirst().orElseThrow();

    assertThat(check.check(record(owned), written("trades", 0))).isFalse();
    assertThat(check.check(record(owned), written("trades", 2))).isFalse();
    assertThat(check.check(record(other), written("trades", 1))).as("not this group's key").isFalse();
    assertThat(check.check(record(owned), null)).as("not written (dropped by a transform)").isFalse();
    assertThat(check.check(record(owned), written("dead-letter", 1))).as("order there moves no bars").isFalse();
    assertThat(check.check(record(owned), written("trades", 1))).isTrue();
    assertThat(check.check(record(owned), written("trades", 1))).as("warned once").isFalse();
  }

  @Test
  void shouldNeverWarnForASingleTask() {
    final TaskGroup.SharedPartitionCheck check = new TaskGroup.SharedPartitionCheck(new TaskGroup(0, 1), "trades");
    assertThat(KEYS).allSatisfy(key -> assertThat(check.check(record(key), written("trades", 5))).isFalse());
  }

  @Test
  void shouldRefuseAGroupOutsideTheCount() {
    assertThatThrownBy(() -> new TaskGroup(2, 2)).isInstanceOf(ConfigException.class)
        .hasMessage("task.index (2) must be below task.count (2)");
  }

  private static SourceRecord record(String key) {
    return new SourceRecord(Map.of("symbol", key), Map.of("position", 1L), "trades", null, Schema.STRING_SCHEMA, key,
        Schema.STRING_SCHEMA, "value", 0L);
  }

  private static RecordMetadata written(String topic, int partition) {
    return new RecordMetadata(new TopicPartition(topic, partition), 0L, 0, 0L, 0, 0);
  }
}
