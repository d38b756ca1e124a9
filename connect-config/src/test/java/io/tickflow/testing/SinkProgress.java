package io.tickflow.testing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** What a sink connector has done with its topic, as its consumer group and its dead letters tell. */
public final class SinkProgress {

  private SinkProgress() {
  }

  /**
   * Whether the sink connector's consumer group ({@code connect-<name>}) has committed every partition of the topic
   * to its end; an empty partition needs no commit.
   */
  public static boolean consumedToTheEnd(Admin admin, String connector, String topic)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
        .partitionsToOffsetAndMetadata().get();
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
        .partitions().size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end -> end.getValue().offset() == 0
        || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() == end.getValue().offset());
  }

  /** A header of a dead letter as text, e.g. {@code __connect.errors.stage}; a placeholder naming it when absent. */
  public static String errorHeader(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "<no " + name + ">" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
