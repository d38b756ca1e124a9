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
import org.apache.kafka.streams.processor.StateRestoreListener;
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
 * A task revived after corruption is not read until its store is restored, with the real broker and Kafka Streams
 * under exactly-once: the task's processor throws {@link TaskCorruptedException} once, and Kafka Streams closes the
 * task dirty, drops its store and restores it from the changelog. The restore listener here holds the state updater
 * for a while at the start of the restoration, as a busy updater would: the store is empty meanwhile. Every read
 * answered through the query service's guard counts every key the store held before, reads are refused as the task
 * restores (the guard's refusal: the processors closed), and answered again once it is back.
 */
class RevivedTaskReadsIT {

  private static final String INPUT = "revived-input";
  private static final String STORE = "revived-counts";
  private static final String POISON = "corrupt";
  private static final int KEYS = 200;
  /** Keys sent after the poison. */
  private static final int AFTER = 10;
  private static final Duration UPDATER_HELD = Duration.ofMillis(1500);

  @TempDir
  Path stateDir;

  @Test
  void shouldNotAnswerFromARevivedTaskBeforeItsStoresAreRestored() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
      ProcessingTasks tasks = new ProcessingTasks();
      AtomicInteger restorations = new AtomicInteger();
      try (KafkaStreams streams = new KafkaStreams(topology(tasks), properties(broker))) {
        streams.setGlobalStateRestoreListener(new HeldRestoreStart(restorations));
        streams.start();
        StreamsBinding binding = new StreamsBinding();
        binding.bind(streams, tasks, new HostInfo("localhost", 8080));
        StoreSource source = StreamsMarketData.stores(binding,
            new StandbyLimit(ChangelogLags.of(binding, Duration.ofSeconds(5)), 10_000)).get().orElseThrow();
        send(broker, keys(0, KEYS));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count(source), count -> count == KEYS);

        Reads reads = new Reads(source);
        Thread reader = new Thread(reads, "revived-task-reader");
        reader.start();
        send(broker, List.of(POISON));
        send(broker, keys(KEYS, KEYS + AFTER));
        // The poison record may or may not be counted once the task is back (its offset may have been committed).
        await().atMost(Duration.ofSeconds(60)).until(() -> reads.answers.stream().anyMatch(n -> n >= KEYS + AFTER));
        reads.stop.set(true);
        reader.join();

        assertThat(restorations).as("restorations of the revived task's store").hasPositiveValue();
        assertThat(reads.refusals).as("why reads were refused").contains("Task 0_0 is restoring its stores");
        assertThat(reads.answers).as("counts answered").allMatch(n -> n >= KEYS);
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

  private Properties properties(EmbeddedKafkaBroker broker) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "revived-task-reads");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:8080");
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

  /** Reads the store without pause until stopped: the counts answered, and the refusals. */
  private static final class Reads implements Runnable {

    private final StoreSource source;
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final Set<String> refusals = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stop = new AtomicBoolean();

    Reads(StoreSource source) {
      this.source = source;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        try {
          answers.add(count(source));
        } catch (InvalidStateStoreException | StoreUnavailableException e) {
          refusals.add(e.getMessage());
        }
      }
    }
  }

  /** Counts each key's records; the first poison record corrupts the task. */
  private static final class CorruptibleCount implements Processor<String, String, Void, Void> {

    private final AtomicBoolean corrupted;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, Long> counts;

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
        throw new TaskCorruptedException(Set.of(context.taskId()));
      }
      Long count = counts.get(record.key());
      counts.put(record.key(), count == null ? 1 : count + 1);
    }
  }

  /** Holds the state updater at the start of each restoration, as a busy updater would before taking the task up. */
  private record HeldRestoreStart(AtomicInteger restorations) implements StateRestoreListener {

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
      restorations.incrementAndGet();
      try {
        Thread.sleep(UPDATER_HELD.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    }
  }
}
