package io.tickflow.bench.scid;

import io.tickflow.connect.converter.AvroConverter;
import io.tickflow.connect.scid.ScidSourceConnector;
import io.tickflow.connect.scid.ScidSourceTask;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.SyntheticTrades;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * Throughput of the Sierra Chart file connector INTO KAFKA, in records per second, on a real in-JVM broker, three
 * ways in one run with the same producer settings:
 *
 * <ol>
 *   <li>baseline: a plain producer sending the task's own key and value bytes, serialized beforehand (the
 *       broker and the producer, nothing else);</li>
 *   <li>the task path in process: {@code ScidSourceTask.poll()}, the key and value converters
 *       ({@code StringConverter}, {@code AvroConverter}) and the producer, as Connect's WorkerSourceTask does;</li>
 *   <li>the connector in a real Connect worker ({@code EmbeddedConnectWorker}), measured between the first record
 *       landing and the last (steady state, without connector start-up).</li>
 * </ol>
 *
 * Each round writes every record of one synthetic .scid file to a fresh one-partition topic and checks the end
 * offset equals the record count. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.tickflow.bench.scid.ScidKafkaThroughput [records] [rounds]}
 */
public final class ScidKafkaThroughput {

  private static final Instant START = Instant.parse("2024-05-06T13:30:00Z");

  private final EmbeddedKafkaBroker broker;
  /** One admin client for the run: creating one per end-offset look-up would cost more than it measures. */
  private final Admin admin;
  private final Path dir;
  private final long records;
  private final Map<String, Object> producerSettings = new HashMap<>();
  private int topics;

  private ScidKafkaThroughput(EmbeddedKafkaBroker broker, Admin admin, Path dir, long records) {
    this.broker = broker;
    this.admin = admin;
    this.dir = dir;
    this.records = records;
    // The same settings for every path, the worker's producer included. Connect's own producer defaults
    // (idempotence off, one request in flight) would cap the worker at a fraction of the others; idempotence with
    // five in flight keeps the per-partition order and is what a plain producer does by default.
    producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
    producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerSettings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producerSettings.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    producerSettings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
  }

  public static void main(String[] args) throws Exception {
    final long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    final Path dir = Files.createTempDirectory("scid-kafka-bench");
    final Path file = dir.resolve("ESM4.scid");
    new SyntheticTrades(1, START, DateTimeEncoding.INT64_MICROS, 0).appendTo(file, records);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); Admin admin = broker.admin()) {
      final ScidKafkaThroughput bench = new ScidKafkaThroughput(broker, admin, dir, records);
      final List<KeyValue> bytes = bench.serializedRecords();
      System.out.printf(Locale.ROOT, "%d records (%d MB of Kafka values) per round, %d rounds after one warm-up,"
          + " best round reported%n", records, bytes.stream().mapToLong(kv -> kv.value.length).sum() >> 20, rounds);
      final double baseline = bench.best(rounds, () -> bench.plainProducer(bytes));
      final double task = bench.best(rounds, bench::taskPath);
      final double worker = bench.best(rounds, bench::connectWorker);
      report("baseline: plain producer, pre-serialized", baseline, baseline);
      report("task path: poll + converters + producer", task, baseline);
      report("connector in a Connect worker", worker, baseline);
    } finally {
      Files.delete(file);
      Files.delete(dir);
    }
  }

  private interface Round {
    /** Writes every record to a fresh topic; returns records per second. */
    double run() throws Exception;
  }

  private double best(int rounds, Round round) throws Exception {
    double best = 0;
    for (int i = 0; i <= rounds; i++) {
      final double perSecond = round.run();
      // Round 0 warms up the JIT, the broker and the page cache.
      best = i == 0 ? best : Math.max(best, perSecond);
    }
    return best;
  }

  private static void report(String name, double perSecond, double baseline) {
    System.out.printf(Locale.ROOT, "%-42s %,12.0f records/s  ratio to baseline %.2f%n", name, perSecond,
        perSecond / baseline);
  }

  private record KeyValue(byte[] key, byte[] value, long timestamp) {
  }

  /** The task's records converted to bytes once, as the baseline's input. */
  private List<KeyValue> serializedRecords() throws InterruptedException {
    final List<KeyValue> out = new ArrayList<>((int) records);
    final Converters converters = new Converters();
    drainTask(record -> out.add(converters.convert("warm-up", record)));
    return out;
  }

  private double plainProducer(List<KeyValue> bytes) throws Exception {
    final String topic = newTopic();
    final long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
      for (final KeyValue kv : bytes) {
        producer.send(new ProducerRecord<>(topic, null, kv.timestamp, kv.key, kv.value));
      }
      producer.flush();
    }
    return checkedRate(topic, start);
  }

  private double taskPath() throws Exception {
    final String topic = newTopic();
    final Converters converters = new Converters();
    final long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
      drainTask(record -> {
        final KeyValue kv = converters.convert(topic, record);
        producer.send(new ProducerRecord<>(topic, null, kv.timestamp, kv.key, kv.value));
      });
      producer.flush();
    }
    return checkedRate(topic, start);
  }

  private double connectWorker() throws Exception {
    final String topic = newTopic();
    final Map<String, String> overrides = new HashMap<>();
    producerSettings.forEach((key, value) -> overrides.put("producer." + key, value.toString()));
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, topic + ".worker", overrides)) {
      final Map<String, String> connector = new HashMap<>();
      connector.put("connector.class", ScidSourceConnector.class.getName());
      connector.put("tasks.max", "1");
      connector.put("directory", dir.toString());
      connector.put("batch.size", "10000");
      connector.put("trades.topic", topic);
      connector.put("depth.topic", topic);
      connector.put("dead.letter.topic", topic);
      worker.putConnector(topic, connector);
      long landed = endOffset(topic);
      while (landed == 0) {
        Thread.sleep(5);
        landed = endOffset(topic);
      }
      final long firstCount = landed;
      final long start = System.nanoTime();
      while (landed < records) {
        Thread.sleep(5);
        landed = endOffset(topic);
      }
      final double seconds = (System.nanoTime() - start) / 1e9;
      worker.delete(topic);
      check(topic, landed);
      return (records - firstCount) / seconds;
    }
  }

  /** Polls a fresh task over the directory until it has returned every record. */
  private void drainTask(Consumer<SourceRecord> sink) throws InterruptedException {
    final ScidSourceTask task = new ScidSourceTask();
    task.initialize(new NoOffsetsContext());
    task.start(Map.of("directory", dir.toString(), "batch.size", "10000", "poll.interval.ms", "10"));
    long n = 0;
    try {
      while (n < records) {
        final List<SourceRecord> batch = task.poll();
        if (batch != null) {
          batch.forEach(sink);
          n += batch.size();
        }
      }
    } finally {
      task.stop();
    }
  }

  private Map<String, Object> producerConfig() {
    final Map<String, Object> config = broker.producerConfig();
    config.putAll(producerSettings);
    return config;
  }

  private String newTopic() {
    final String topic = "bench.scid." + topics++;
    new TopicAdmin(admin).ensure(List.of(new TopicSpec(topic, 1, (short) 1, "delete", null, "symbol", "Trade")));
    return topic;
  }

  private double checkedRate(String topic, long startNanos) throws Exception {
    final double seconds = (System.nanoTime() - startNanos) / 1e9;
    check(topic, endOffset(topic));
    return records / seconds;
  }

  private void check(String topic, long landed) {
    if (landed != records) {
      throw new IllegalStateException(topic + " holds " + landed + " records, expected " + records);
    }
  }

  private long endOffset(String topic) throws ExecutionException, InterruptedException {
    final TopicPartition partition = new TopicPartition(topic, 0);
    return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
  }

  /** Connect's default key converter and Tickflow's value converter, as the worker configures them. */
  private static final class Converters {
    private final StringConverter keys = new StringConverter();
    private final AvroConverter values = new AvroConverter();

    Converters() {
      keys.configure(Map.of(), true);
      values.configure(Map.of(), false);
    }

    KeyValue convert(String topic, SourceRecord record) {
      return new KeyValue(keys.fromConnectData(topic, record.keySchema(), record.key()),
          values.fromConnectData(topic, record.valueSchema(), record.value()), record.timestamp());
    }
  }
}
