package io.tickflow.query.streams;

import io.tickflow.query.data.MarketDataReader.ReadMode;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance's part of the assignment, as the Streams metadata gives it, and the tasks its threads took at their
 * last transition to RUNNING, when the two agree and the client is RUNNING: a thread is RUNNING only once none of its
 * active tasks restores, so the local stores then hold the whole of the part (standbys as far as they caught up). In a
 * rebalance the metadata changes first (the assignor's onAssignment), then the threads leave RUNNING while they move
 * and restore tasks: either way the snapshot is refused. Two snapshots are equal when nothing moved between them.
 *
 * @param own     the metadata's view of this instance: its active and standby partitions and stores
 * @param threads the threads' tasks, as of their last transition to RUNNING
 */
record LocalTasks(StreamsMetadata own, Set<ThreadMetadata> threads) {

  /**
   * A snapshot of a settled instance.
   *
   * @throws InvalidStateStoreException when the metadata does not know this instance yet, the client is not RUNNING
   *     or the threads' tasks are not the ones the metadata assigns (starting, rebalancing, restoring)
   */
  static LocalTasks settled(KafkaStreams streams, HostInfo self) {
    StreamsMetadata own = streams.metadataForAllStreamsClients().stream()
        .filter(client -> client.hostInfo().equals(self)).findFirst()
        .orElseThrow(() -> new InvalidStateStoreException("No Streams metadata for " + self + " (rebalancing)"));
    // The client's state is live; a thread's metadata (its state and tasks) is as of its last transition to RUNNING.
    if (streams.state() != KafkaStreams.State.RUNNING) {
      throw new InvalidStateStoreException("Kafka Streams is " + streams.state() + ", not RUNNING (rebalancing or "
          + "restoring)");
    }
    Set<ThreadMetadata> threads = streams.metadataForLocalThreads();
    Set<TopicPartition> active = partitions(threads, true);
    Set<TopicPartition> standby = partitions(threads, false);
    if (!active.equals(own.topicPartitions()) || !standby.equals(own.standbyTopicPartitions())) {
      throw new InvalidStateStoreException("The tasks of " + self + " are not yet those the metadata assigns it "
          + "(rebalancing)");
    }
    return new LocalTasks(own, threads);
  }

  /** The active tasks the client's threads hold, as of their last transition to RUNNING. */
  static Set<TaskId> active(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream())
        .map(TaskMetadata::taskId).collect(Collectors.toSet());
  }

  /** The stores this instance hosts in the mode's roles. */
  Set<String> hostedStores(ReadMode mode) {
    Set<String> hosted = new HashSet<>(own.stateStoreNames());
    if (mode == ReadMode.STANDBY_ALLOWED) {
      hosted.addAll(own.standbyStateStoreNames());
    }
    return hosted;
  }

  private static Set<TopicPartition> partitions(Set<ThreadMetadata> threads, boolean active) {
    return threads.stream().flatMap(thread -> (active ? thread.activeTasks() : thread.standbyTasks()).stream())
        .map(TaskMetadata::topicPartitions).flatMap(Set::stream).collect(Collectors.toSet());
  }
}
