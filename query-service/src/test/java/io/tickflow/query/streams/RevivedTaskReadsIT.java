package io.tickflow.query.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.streams.CloseCheckedKeyValueStore;
import io.tickflow.streams.ProcessingTasks;
import io.tickflow.testing.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task revived after corruption is not read until its store is restored, and the instance is not ready meanwhile,
 * with the real broker and Kafka Streams under exactly-once: the task's processor throws {@link TaskCorruptedException}
 * once, and Kafka Streams closes the task dirty, drops its store and restores it from the changelog. The restore
 * consumer here holds the state updater for a while at the first changelog records it fetches, as a busy updater
 * would: the store is empty meanwhile. Every read answered through the query service's guard counts every key the
 * store held before, reads are refused as the task restores (the guard's refusal: the processors closed), and
 * answered again once it is back. Readiness ({@link StreamsHealth}, registered as the query service registers it) is
 * sampled between the reads: not ready while they are refused, ready again once the task is back.
 */
class RevivedTaskReadsIT {

  private static final String INPUT = "revived-input";
  private static final String STORE = "revived-counts";
  private static final String POISON = "corrupt";
  private static final int KEYS = 200;
  /** Keys sent after the poison. */
  private static final int AFTER = 10;
  private static final Duration UPDATER_HELD = Duration.ofMillis(1500);
  private static final Duration CLOSE_HELD = Duration.ofMillis(500);
  private static final String REVIVED_TASK = "0_0";
  /** The guard's refusal of a read while the revived task's processors are closed. */
  private static final String RESTORING = "Task " + REVIVED_TASK + " is restoring its stores";

  @TempDir
  Path stateDir;

  @Test
  void shouldNotAnswerFromARevivedTaskBeforeItsStoresAreRestored() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
      ProcessingTasks tasks = new ProcessingTasks();
      AtomicInteger fetches = new AtomicInteger();
      StreamsHealth health = new StreamsHealth();
      try (KafkaStreams streams = new KafkaStreams(topology(tasks), properties(broker, fetches))) {
        health.register(streams, tasks);
        streams.start();
        StreamsBinding binding = new StreamsBinding();
        binding.bind(streams, tasks, new HostInfo("localhost", 8080));
        StoreSource source = StreamsMarketData.stores(binding,
            new StandbyLimit(ChangelogLags.of(binding, Duration.ofSeconds(5)), 10_000)).get().orElseThrow();
        send(broker, keys(0, KEYS));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count(source), count -> count == KEYS);
        await().atMost(Duration.ofSeconds(30)).until(health::ready);

        Reads reads = new Reads(source, tasks, health);
        Thread reader = new Thread(reads, "revived-task-reader");
        reader.start();
        send(broker, List.of(POISON));
        send(broker, keys(KEYS, KEYS + AFTER));
        // The poison record may or may not be counted once the task is back (its offset may have been committed).
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.answers.stream().anyMatch(n -> n >= KEYS + AFTER));
        reads.stop.set(true);
        reader.join();

        assertThat(fetches).as("changelog fetches restoring the revived task's store").hasPositiveValue();
        assertThat(reads.refusals).as("why reads were refused").contains(RESTORING);
        assertThat(reads.answers).as("counts answered").allMatch(n -> n >= KEYS);
        // The processors close before the wipe and start after the restore, which falls within. Seen: RUNNING with
        // the processors closed (the close held), then REBALANCING (Kafka Streams enforces a rebalance after an active
        // task's corruption under exactly-once), the store restoring at some point, then the processors running again
        // before the client is RUNNING.
        assertThat(reads.whileRefused).as("readiness sampled between two reads refused as the task restores")
            .isNotEmpty()
            .allSatisfy(readiness -> {
              assertThat(readiness.ready()).as("ready").isFalse();
              assertThat(readiness.details()).containsEntry("tasksNotProcessing", List.of(REVIVED_TASK));
            })
            // The processors' close held: nothing but the tasks tells readiness that the task is going.
            .anySatisfy(readiness -> assertThat(readiness.details()).containsEntry("streams", "RUNNING")
                .containsEntry("storesRestoring", List.of()))
            .anySatisfy(readiness -> assertThat(readiness.details()).containsEntry("storesRestoring",
                List.of(STORE + "-0")));
        await().atMost(Duration.ofSeconds(30)).until(health::ready);
        assertThat(health.details()).containsEntry("streams", "RUNNING").containsEntry("storesRestoring", List.of())
            .containsEntry("tasksNotProcessing", List.of());
      }
    }
  }

  private static Topology topology(ProcessingTasks tasks) {
    StreamsBuilder builder = new StreamsBuilder();
    // Wrapped as every store the query service reads is: a read the store closes under fails, rather than come back
    // short or end in Kafka Streams' NoSuchElementException (a read begun before the corruption, CI once).
    builder.addStateStore(CloseCheckedKeyValueStore.builder(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.Long())));
    AtomicBoolean corrupted = new AtomicBoolean();
    builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
        .process(tasks.track(() -> new CorruptibleCount(corrupted)), STORE);
    return builder.build();
  }

  private Properties properties(EmbeddedKafkaBroker broker, AtomicInteger fetches) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "revived-task-reads");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:8080");
    // Held there rather than in a restore listener: readiness takes Kafka Streams' one restore listener.
    properties.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
        HeldRestore.class.getName());
    properties.put(StreamsConfig.restoreConsumerPrefix(HeldRestore.FETCHES), fetches);
    return properties;
  }

  private static void send(EmbeddedKafkaBroker broker, List<String> keys) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.producerConfig(), new StringSerializer(),
        new StringSerializer())) {
      keys.forEach(key -> producer.send(new ProducerRecord<>(INPUT, key, "x")));
    }
  }

  /** {@code key-<first>} to {@code key-<end - 1>}. */
  private static List<String> keys(int first, int end) {
    return IntStream.range(first, end).mapToObj(i -> "key-" + i).toList();
  }

  /** The keys in the store, read as the query service reads its stores. */
  private static int count(StoreSource source) {
    return source.settled(() -> {
      ReadOnlyKeyValueStore<String, Long> store = source.local(ReadMode.ACTIVE).keyValueStore(STORE);
      int count = 0;
      try (KeyValueIterator<String, Long> all = store.all()) {
        for (; all.hasNext(); all.next()) {
          count++;
        }
      }
      return count;
    });
  }

  /** Holds the calling Kafka Streams thread, as slow work would: widens a window, synchronises nothing. */
  private static void hold(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads the store without pause until stopped, and samples readiness after each read: the counts answered, the
   * refusals, and readiness as sampled between two reads refused as the revived task restores.
   */
  private static final class Reads implements Runnable {

    private final StoreSource source;
    private final ProcessingTasks tasks;
    private final StreamsHealth health;
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final Set<String> refusals = ConcurrentHashMap.newKeySet();
    /** Distinct: the reads loop without pause, and readiness goes through few values. */
    private final Set<Readiness> whileRefused = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stop = new AtomicBoolean();

    Reads(StoreSource source, ProcessingTasks tasks, StreamsHealth health) {
      this.source = source;
      this.tasks = tasks;
      this.health = health;
    }

    @Override
    public void run() {
      Read previous = read();
      while (!stop.get()) {
        Readiness between = new Readiness(health.ready(), health.details());
        Read next = read();
        // Sampling readiness and reading are not one atomic step. Both reads saw the task's processors closed, and
        // no task started or stopped from before the first to after the second (a processor counts its change after
        // making it, on its stream thread, and the start and the close of the same task take turns there): they were
        // closed all through the sample.
        if (previous.restoring() && next.restoring() && previous.changesBefore() == next.changesAfter()) {
          whileRefused.add(between);
        }
        previous = next;
      }
    }

    private Read read() {
      long before = tasks.changes();
      String refusal = null;
      try {
        answers.add(count(source));
      } catch (InvalidStateStoreException | StoreUnavailableException e) {
        refusal = e.getMessage();
        refusals.add(refusal);
      }
      return new Read(before, RESTORING.equals(refusal), tasks.changes());
    }
  }

  /**
   * A read.
   *
   * @param changesBefore the tasks' changes before it ({@link ProcessingTasks#changes})
   * @param restoring     whether the guard refused it as the revived task restores
   * @param changesAfter  the tasks' changes after it
   */
  private record Read(long changesBefore, boolean restoring, long changesAfter) {
  }

  /** Readiness as sampled: {@link StreamsHealth#ready} and {@link StreamsHealth#details}. */
  private record Readiness(boolean ready, Map<String, Object> details) {
  }

  /**
   * Counts each key's records; the first poison record corrupts the task. The corrupted processor's close is held for
   * a while, as a slow close would: once the tracking has told that the task stopped, and before Kafka Streams wipes
   * the store, revives the task and (under exactly-once) enforces a rebalance. Meanwhile only the processors tell that
   * the task is going: the client is RUNNING and no store restores.
   */
  private static final class CorruptibleCount implements Processor<String, String, Void, Void> {

    private final AtomicBoolean corrupted;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, Long> counts;
    private boolean threw;

    CorruptibleCount(AtomicBoolean corrupted) {
      this.corrupted = corrupted;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.context = context;
      counts = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      if (record.key().equals(POISON) && corrupted.compareAndSet(false, true)) {
        threw = true;
        throw new TaskCorruptedException(Set.of(context.taskId()));
      }
      Long count = counts.get(record.key());
      counts.put(record.key(), count == null ? 1 : count + 1);
    }

    @Override
    public void close() {
      if (threw) {
        hold(CLOSE_HELD);
      }
    }
  }

  /**
   * Holds the state updater once, at the first changelog records its restore consumer fetches, as a busy updater would
   * before restoring them: those of the revived task, whose restoration has started and whose store is empty (the
   * changelog is empty when the client first starts). Set up by class name (public for that); counts the fetches
   * with records in the counter given as {@link #FETCHES}.
   */
  public static final class HeldRestore implements ConsumerInterceptor<byte[], byte[]> {

    static final String FETCHES = "revived-task-reads.fetches";
    private AtomicInteger fetches;

    @Override
    public void configure(Map<String, ?> configs) {
      fetches = (AtomicInteger) configs.get(FETCHES);
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
      if (!records.isEmpty() && fetches.getAndIncrement() == 0) {
        hold(UPDATER_HELD);
      }
      return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
      // the restore consumer commits nothing
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
