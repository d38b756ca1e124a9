package io.tickflow.cli.replay;

import io.tickflow.cli.ProgressBar;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.metrics.Pipeline;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay of the Streams application: refuse while it runs, reset it (committed input offsets to the start,
 * internal topics deleted, local state deleted), then process until everything the raw topics held at the start is
 * processed and committed, and stop.
 */
final class Replay {

  static final List<String> INPUT_TOPICS = List.of(TickflowTopics.RAW_TRADES, TickflowTopics.RAW_QUOTES,
      TickflowTopics.RAW_DEPTH);

  private static final Logger log = LoggerFactory.getLogger(Replay.class);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
  /** The state a replay leaves when it stops between the reset and its end, and the two ways on. */
  private static final String UNFINISHED = "the application is reset but not fully reprocessed: run the replay "
      + "again, or start the instances, which reprocess the rest";

  private final StreamsAppConfig config;
  private final ProgressBar progress;
  private final String applicationId;
  private final String bootstrapServers;
  private final Path stateDirectory;
  private final Duration sessionTimeout;

  Replay(StreamsAppConfig config, ProgressBar progress) {
    this.config = config;
    this.progress = progress;
    Properties streams = config.streamsProperties();
    StreamsConfig streamsConfig = new StreamsConfig(streams);
    this.applicationId = streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG);
    this.bootstrapServers = String.join(",", streamsConfig.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    this.stateDirectory = Path.of(streamsConfig.getString(StreamsConfig.STATE_DIR_CONFIG), applicationId);
    this.sessionTimeout = Duration.ofMillis(Long.parseLong(String.valueOf(streamsConfig
        .getMainConsumerConfigs("replay", "replay", 0).getOrDefault(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            45_000))));
  }

  ReplaySummary run() throws InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      requireStopped(admin);
      requireInputTopics(admin);
      Map<TopicPartition, Long> start = offsets(admin, INPUT_TOPICS, OffsetSpec.earliest());
      Map<TopicPartition, Long> target = offsets(admin, INPUT_TOPICS, OffsetSpec.latest());
      Map<TopicPartition, Long> finalBarsBefore = offsets(admin, List.of(TickflowTopics.BARS_FINAL),
          OffsetSpec.latest());
      noteLostHistory(start);
      Map<TopicPartition, Long> from = startsOfRecords(start, target);
      long records = target.entrySet().stream().mapToLong(e -> e.getValue() - from.get(e.getKey())).sum();
      reset();
      long reprocessed;
      try {
        deleteLocalState();
        try (StreamsApp streams = StreamsApp.start(config); KafkaConsumer<byte[], byte[]> reader = committedReader()) {
          awaitProcessed(admin, reader, streams, from, target, records);
          reprocessed = rawRecordsIn(streams);
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException(e.getMessage() + "; " + UNFINISHED, e);
      }
      return new ReplaySummary(applicationId, reprocessed, recordsFrom(finalBarsBefore));
    } catch (ExecutionException e) {
      throw new KafkaException("Replay of " + applicationId + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Refuses while the application has group members. An instance stopped without leaving the group (Kafka Streams'
   * default on close) stays a member until its session times out, so members are given that long to go.
   */
  private void requireStopped(Admin admin) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + sessionTimeout.plus(CHECK_INTERVAL.multipliedBy(4)).toNanos();
    boolean told = false;
    for (int members = members(admin); members > 0; members = members(admin)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(members + " instance(s) of the Streams application '" + applicationId
            + "' are running: stop them first (a replay resets their state)");
      }
      if (!told) {
        progress.note("Waiting up to " + sessionTimeout.toSeconds() + " s for " + members + " member(s) of '"
            + applicationId + "' to leave (a stopped instance leaves when its session times out)");
        told = true;
      }
      Thread.sleep(CHECK_INTERVAL.toMillis());
    }
  }

  /** Without this, a missing raw topic fails the replay with "This server does not host this topic-partition". */
  private void requireInputTopics(Admin admin) throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<String> missing = INPUT_TOPICS.stream().filter(topic -> !existing.contains(topic)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("raw topic(s) " + String.join(", ", missing) + " do not exist on "
          + bootstrapServers + ": nothing to replay (create them with `tickflow topics` or run.components=topics)");
    }
  }

  private int members(Admin admin) throws ExecutionException, InterruptedException {
    try {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId))
          .describedGroups().get(applicationId).get();
      return group.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  /**
   * Says which raw partitions no longer start at offset 0: retention deleted their oldest records, so their bars are
   * not rebuilt, and the first bar of each series is rebuilt from the kept records only. Appended to the final-bars
   * topic, that partial bar replaces the complete one in the database (the sink upserts).
   */
  private void noteLostHistory(Map<TopicPartition, Long> start) {
    start.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.comparingByKey(
        Comparator.comparing(TopicPartition::toString))).forEach(e -> progress.note(String.format(Locale.ROOT,
            "Warning: %s begins at offset %,d: its older records were deleted (retention), so their bars are not "
                + "rebuilt and the first bar of each symbol there is rebuilt from the kept records only",
            e.getKey(), e.getValue())));
  }

  private void reset() {
    String[] args = {"--bootstrap-server", bootstrapServers, "--application-id", applicationId,
        "--input-topics", String.join(",", INPUT_TOPICS), "--to-earliest"};
    log.info("Resetting Streams application {}: {}", applicationId, String.join(" ", args));
    int exit = new StreamsResetter().execute(args);
    if (exit != 0) {
      throw new IllegalStateException("Kafka's streams reset tool failed for '" + applicationId + "' (exit " + exit
          + "); see the log");
    }
  }

  private void deleteLocalState() {
    if (!Files.exists(stateDirectory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(stateDirectory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the local state " + stateDirectory + ": " + e.getMessage(), e);
    }
  }

  /**
   * The start offsets, those of partitions holding no record before their target moved to it. Offsets also number
   * transaction markers and the records of aborted transactions (a raw topic written with Connect's exactly-once
   * source support), and Kafka Streams commits no offset in a partition it read no record from: a partition holding
   * only an aborted transaction kept the replay waiting for ever.
   */
  private Map<TopicPartition, Long> startsOfRecords(Map<TopicPartition, Long> start,
                                                    Map<TopicPartition, Long> target) {
    try (KafkaConsumer<byte[], byte[]> reader = committedReader()) {
      return start.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> holdsRecords(reader,
          e.getKey(), e.getValue(), target.get(e.getKey())) ? e.getValue() : target.get(e.getKey())));
    }
  }

  /**
   * Waits until the application has committed every input offset up to the targets and has read every record of
   * its internal (repartition) topics, so all derived records are written.
   */
  private void awaitProcessed(Admin admin, KafkaConsumer<byte[], byte[]> reader, StreamsApp streams,
                              Map<TopicPartition, Long> start, Map<TopicPartition, Long> target, long records)
      throws ExecutionException, InterruptedException {
    List<String> repartition = null;
    while (true) {
      KafkaStreams.State state = streams.streams().state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("The Streams app stopped during the replay (state " + state
            + "); see the log");
      }
      Map<TopicPartition, Long> committed = committed(admin);
      // The reset commits the earliest offsets, before the start of a partition holding no record.
      long done = target.entrySet().stream().mapToLong(e -> Math.max(0, Math.min(e.getValue(),
          committed.getOrDefault(e.getKey(), 0L)) - start.get(e.getKey()))).sum();
      progress.update(done, records);
      if (done == records) {
        repartition = repartition == null ? repartitionTopics(admin, records) : repartition;
        if (internalTopicsDrained(admin, reader, committed, repartition)) {
          progress.done(done, records);
          return;
        }
      }
      Thread.sleep(CHECK_INTERVAL.toMillis());
    }
  }

  /**
   * The raw records the app read, by its own counters. The offsets it went through overcount them when a raw topic
   * is written in transactions (Connect's exactly-once source support): each transaction adds a marker, and the
   * records of an aborted one are skipped, each taking an offset.
   */
  private static long rawRecordsIn(StreamsApp streams) {
    return Stream.of(Pipeline.TRADES, Pipeline.QUOTES, Pipeline.DEPTH)
        .mapToLong(pipeline -> streams.counts(pipeline.id()).in()).sum();
  }

  /**
   * The app's repartition topics, listed once all the input is committed. The reset deleted them, and
   * {@link StreamsApp#start} returns before the app's first rebalance creates them again; but Kafka Streams creates
   * its internal topics before it assigns a task, so once a task has committed input they exist. Without records to
   * replay nothing was committed, and a list taken then could miss them: none is taken, as nothing can have been
   * written to them.
   */
  private List<String> repartitionTopics(Admin admin, long records) throws ExecutionException, InterruptedException {
    if (records == 0) {
      return List.of();
    }
    return admin.listTopics().names().get().stream()
        .filter(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-repartition")).toList();
  }

  /**
   * Whether the app has read every record of each partition of its repartition topics. A partition it has read no
   * record from has no committed offset yet: such partitions, those that receive records only from the last input,
   * were left out, and the replay could stop before reading them.
   */
  private boolean internalTopicsDrained(Admin admin, KafkaConsumer<byte[], byte[]> reader,
                                        Map<TopicPartition, Long> committed, List<String> repartition)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> ends = offsets(admin, repartition, OffsetSpec.latest());
    return ends.entrySet().stream().noneMatch(e -> holdsRecords(reader, e.getKey(),
        committed.getOrDefault(e.getKey(), 0L), e.getValue()));
  }

  /** Whether a committed record lies between two offsets (markers and aborted records do not count). */
  private static boolean holdsRecords(KafkaConsumer<byte[], byte[]> reader, TopicPartition partition, long from,
                                      long to) {
    reader.assign(List.of(partition));
    reader.seek(partition, from);
    while (reader.position(partition) < to) {
      if (reader.poll(CHECK_INTERVAL).records(partition).stream().anyMatch(record -> record.offset() < to)) {
        return true;
      }
    }
    return false;
  }

  private Map<TopicPartition, Long> committed(Admin admin) throws ExecutionException, InterruptedException {
    return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().entrySet().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> ((OffsetAndMetadata) e.getValue()).offset()));
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, Collection<String> topics, OffsetSpec spec)
      throws ExecutionException, InterruptedException {
    List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
    return listOffsets(admin, partitions, spec);
  }

  private static Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions,
                                                       OffsetSpec spec)
      throws ExecutionException, InterruptedException {
    return admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)),
            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /**
   * Counts the committed records after the given offsets, by reading them: with exactly-once, offsets also number
   * transaction markers, so subtracting offsets would overcount.
   */
  private long recordsFrom(Map<TopicPartition, Long> from) {
    try (KafkaConsumer<byte[], byte[]> consumer = committedReader()) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
      long count = 0;
      while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        count += consumer.poll(CHECK_INTERVAL).count();
      }
      return count;
    }
  }

  /** A consumer of committed records, in no group. */
  private KafkaConsumer<byte[], byte[]> committedReader() {
    Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
