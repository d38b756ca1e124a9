package io.tickflow.bench.topology;

import io.tickflow.bench.BenchBroker;
import io.tickflow.bench.SettingArgs;
import io.tickflow.bench.ThreadGroupCpu;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Pushes N trades over S symbols through the whole topology, exactly-once, on a real broker ({@link BenchBroker}: a
 * child JVM unless {@code -Dbroker=jvm}), and measures in the same run the ceiling (a plain consumer that only reads
 * and deserializes the same topic) and the Kafka Streams floor (an exactly-once copy of each raw record). Prints the rates, the topology's steady-state rate and CPU per trade by
 * thread group, each with the system load average at the end of the measurement (the machine may be shared). Usage:
 * {@code TopologyThroughputBenchmark [trades] [symbols] [partitions] [threads] [rocksdb|in_memory] [key=value ...]};
 * the {@code key=value} pairs are extra Streams app settings (e.g. {@code commit.interval.ms=500}).
 */
public final class TopologyThroughputBenchmark {

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final String STREAM_THREADS = "-StreamThread-";
  private static final String PASS_THROUGH_TOPIC = "bench.pass-through";

  private TopologyThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int trades = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
    int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String storeType = args.length > 4 ? args[4] : StreamsAppConfig.STORE_ROCKSDB;
    Map<String, Object> extra = new HashMap<>(SettingArgs.from(args, 5));
    try (BenchBroker broker = BenchBroker.start("3g", "process")) {
      try (Admin admin = broker.admin()) {
        new TopicAdmin(admin).ensure(TickflowTopics.all(partitions, (short) 1));
      }
      long produceStart = System.nanoTime();
      produce(broker, trades, symbols);
      System.out.printf(Locale.ROOT, "produced %,d trades over %d symbols into %d partitions in %.1f s%n", trades,
          symbols, partitions, seconds(produceStart));

      double ceiling = consumeAndDeserialize(broker, trades);
      System.out.printf(Locale.ROOT, "ceiling: plain consumer read + deserialize: %,.0f trades/s (load %.1f)%n",
          ceiling, loadAverage());

      Map<String, Object> settings = appSettings(broker, threads, storeType, extra);
      double topology = runTopology(settings, trades);
      System.out.printf(Locale.ROOT,
          "topology (exactly_once_v2, %d thread(s), %s stores, %s): %,.0f trades/s (load %.1f)%n", threads,
          storeType, extra, topology, loadAverage());
      System.out.printf(Locale.ROOT, "ratio topology / ceiling: %.2f%n", topology / ceiling);

      double floor = runPassThrough(broker, settings, trades, partitions);
      System.out.printf(Locale.ROOT, "Kafka Streams floor: exactly_once_v2 copy of each raw record: %,.0f records/s "
          + "(load %.1f)%n", floor, loadAverage());
      // The RocksDB files of a 5M-trade run take a few hundred MB.
      Utils.delete(new File((String) settings.get(StreamsConfig.STATE_DIR_CONFIG)));
    }
  }

  private static void produce(BenchBroker broker, int trades, int symbols) {
    Map<String, Object> config = broker.producerConfig();
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);
    Random random = new Random(1);
    double[] prices = new double[symbols];
    byte[][] keys = new byte[symbols][];
    String[] names = new String[symbols];
    for (int s = 0; s < symbols; s++) {
      names[s] = symbolName(s);
      keys[s] = names[s].getBytes(StandardCharsets.UTF_8);
      prices[s] = 1000 + s;
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < trades; i++) {
        int s = random.nextInt(symbols);
        prices[s] = Math.max(100, prices[s] + 0.25 * (random.nextInt(5) - 2));
        Instant at = START.plusMillis(i);
        Trade trade = new Trade(names[s], "CME", prices[s], 1L + random.nextInt(10),
            random.nextBoolean() ? AggressorSide.BID : AggressorSide.ASK, at, at.plusMillis(1), 0, DataSource.LIVE);
        producer.send(new ProducerRecord<>(TickflowTopics.RAW_TRADES, null, at.toEpochMilli(), keys[s],
            serializer.serialize(TickflowTopics.RAW_TRADES, trade)));
      }
      producer.flush();
    }
  }

  /** Symbols of letters only ({@code BAAA}, {@code BAAB}, ...), so the futures rewrite leaves them alone. */
  private static String symbolName(int index) {
    StringBuilder name = new StringBuilder("B");
    for (int i = 0, n = index; i < 3; i++, n /= 26) {
      name.append((char) ('A' + n % 26));
    }
    return name.toString();
  }

  private static double consumeAndDeserialize(BenchBroker broker, int trades) {
    AvroDeserializer<Trade> deserializer = new AvroDeserializer<>(Trade.class);
    Map<String, Object> config = broker.consumerConfig();
    config.put("max.poll.records", 2_000);
    config.put("fetch.max.bytes", 64 * 1024 * 1024);
    config.put("max.partition.fetch.bytes", 16 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(TickflowTopics.RAW_TRADES).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      CpuTime cpu = CpuTime.now(Thread.currentThread().getName());
      long start = System.nanoTime();
      long read = 0;
      long checksum = 0;
      while (read < trades) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          checksum += deserializer.deserialize(record.topic(), record.value()).getSize();
          read++;
        }
      }
      double rate = read / seconds(start);
      System.out.printf(Locale.ROOT, "  (consumer checksum %d)%n", checksum);
      CpuTime.now(Thread.currentThread().getName()).minus(cpu).print("consumer thread", read);
      return rate;
    }
  }

  /** The app's settings: this broker, a fresh state directory, the given threads, store type and extra keys. */
  private static Map<String, Object> appSettings(BenchBroker broker, int threads, String storeType,
                                                 Map<String, Object> extra) throws IOException {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "tickflow-bench");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("tickflow-bench-state").toString());
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    settings.put(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, storeType);
    settings.putAll(extra);
    return settings;
  }

  private static double runTopology(Map<String, Object> settings, int trades) throws Exception {
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      long firstRecord = 0;
      long lastReport = System.nanoTime();
      // The first fifth warms up (JIT compilation, RocksDB memtables, producer batches); the rest is steady state.
      long warmUp = trades / 5;
      long steadyStart = 0;
      long steadyFrom = 0;
      CpuTime steadyCpu = null;
      Map<String, Long> steadyThreads = Map.of();
      PipelineCounts counts = app.counts("trades");
      while (counts.in() < trades || !counts.isBalanced()) {
        Thread.sleep(250);
        counts = app.counts("trades");
        if (firstRecord == 0 && counts.in() > 0) {
          firstRecord = System.nanoTime();
        }
        if (steadyCpu == null && counts.in() >= warmUp) {
          steadyStart = System.nanoTime();
          steadyFrom = counts.in();
          steadyCpu = CpuTime.now(STREAM_THREADS);
          steadyThreads = ThreadGroupCpu.snapshot();
        }
        if (seconds(lastReport) > 10) {
          lastReport = System.nanoTime();
          System.out.printf(Locale.ROOT, "  ... %s, in %,d, out %,d%n", app.streams().state(), counts.in(),
              counts.out());
        }
      }
      double rate = counts.in() / seconds(firstRecord);
      long steadyTrades = counts.in() - steadyFrom;
      System.out.printf(Locale.ROOT, "  (trades in %,d, out %,d, rejected %s)%n", counts.in(), counts.out(),
          counts.rejected());
      System.out.printf(Locale.ROOT, "  steady state (last %,d trades): %,.0f trades/s%n", steadyTrades,
          steadyTrades / seconds(steadyStart));
      CpuTime.now(STREAM_THREADS).minus(steadyCpu).print("stream threads", steadyTrades);
      ThreadGroupCpu.print(steadyThreads, steadyTrades, "trade", seconds(steadyStart));
      return rate;
    }
  }

  /**
   * The floor any topology pays on this machine: Kafka Streams with the app's Streams settings (exactly_once_v2,
   * commit interval, producer batching), copying each raw record undecoded to a scratch topic. Rate from its first
   * record to the last.
   */
  private static double runPassThrough(BenchBroker broker, Map<String, Object> settings, int trades,
                                       int partitions) throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(PASS_THROUGH_TOPIC, partitions, (short) 1))).all().get();
    }
    Properties properties = new StreamsAppConfig(settings).streamsProperties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "tickflow-bench-pass-through");
    AtomicLong copied = new AtomicLong();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(TickflowTopics.RAW_TRADES, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .peek((key, value) -> copied.incrementAndGet())
        .to(PASS_THROUGH_TOPIC, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    CpuTime cpu = CpuTime.now(STREAM_THREADS);
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
      streams.start();
      long first = 0;
      while (copied.get() < trades) {
        Thread.sleep(100);
        if (first == 0 && copied.get() > 0) {
          first = System.nanoTime();
        }
      }
      double rate = copied.get() / seconds(first);
      CpuTime.now(STREAM_THREADS).minus(cpu).print("stream threads", copied.get());
      return rate;
    }
  }

  /**
   * CPU time used by the whole JVM with its child processes (the broker, in either place) and by the threads whose
   * name contains a fragment: unlike rates, CPU per trade hardly depends on what else the shared machine runs.
   */
  private record CpuTime(long processNanos, long threadNanos, String threadName) {

    static CpuTime now(String threadName) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long threadNanos = 0;
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && info.getThreadName().contains(threadName)) {
          threadNanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
      }
      long children = ThreadGroupCpu.childProcessNanos().values().stream().mapToLong(Long::longValue).sum();
      return new CpuTime(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime() + children, threadNanos, threadName);
    }

    CpuTime minus(CpuTime earlier) {
      return new CpuTime(processNanos - earlier.processNanos, threadNanos - earlier.threadNanos, threadName);
    }

    void print(String threads, long trades) {
      System.out.printf(Locale.ROOT, "  cpu per trade: %.2f us JVM and broker, %.2f us %s%n",
          processNanos / 1e3 / trades, threadNanos / 1e3 / trades, threads);
    }
  }

  /** The one-minute system load average, as {@code uptime} shows it. */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
