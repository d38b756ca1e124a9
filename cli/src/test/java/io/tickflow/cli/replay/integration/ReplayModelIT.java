package io.tickflow.cli.replay.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickflow replay} against a model: seeded raw histories (several symbols over three partitions, copies of
 * earlier trades, trades out of order within grace and late, invalid records, price jumps, quotes and depth
 * interleaved, trades across midnight for daily bars, one symbol keyed by another spelling so that it goes through the
 * repartition topic, and, as Connect writes with exactly-once source support, transactions of which some abort) run
 * through the pipeline, then through the command. After the command returns, the final bars it wrote are, per
 * partition, byte for byte those of an uninterrupted run, and those of a naive aggregation written here; the
 * database's view of the topic (the sink upserts on symbol, timeframe and window start) holds one bar per window with
 * the reference's value; dead letters are those of the first run; and the summary's figures are the records in the raw
 * topics and the final bars written. Three modes: replay of what the first run read,
 * replay after more input arrived, replay while input keeps arriving (the instances then process the rest); but
 * after more input, a second replay follows, byte for byte the first (with the instances' continuation).
 * {@code -Dreplay.seed=<seed>} repeats a run's histories.
 */
@Tag("integration")
class ReplayModelIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int PARTITIONS = 3;
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Map<String, Duration> INTRADAY = Map.of("1m", Duration.ofMinutes(1), "5m",
      Duration.ofMinutes(5));
  /** Bars closed by their own symbol's trades only (an idle period longer than any history here). */
  private static final String IDLE_MS = String.valueOf(Duration.ofDays(30).toMillis());
  private static final List<String> CANONICAL = List.of("SYMA", "SYMB", "SYMC", "SYMD");
  /** Keyed as another spelling: re-keyed through the repartition topic. */
  private static final String REKEYED = "SYMR";
  /** Jumps by half its price: the guard holds, confirms and refuses; left out of the reference. */
  private static final String JUMPING = "JMPX";
  private static final Instant START = Instant.parse("2026-11-24T23:56:00Z");

  private static final AvroSerializer<Trade> TRADES = new AvroSerializer<>(Trade.class);
  private static final AvroSerializer<Quote> QUOTES = new AvroSerializer<>(Quote.class);
  private static final AvroSerializer<DepthUpdate> DEPTH = new AvroSerializer<>(DepthUpdate.class);
  private static final Comparator<Trade> EARLIEST = Comparator.comparing(Trade::getEventTime)
      .thenComparing(Trade::getSequence);
  private static final AvroDeserializer<Bar> BARS = new AvroDeserializer<>(Bar.class);
  private static final AvroDeserializer<DeadLetter> LETTERS = new AvroDeserializer<>(DeadLetter.class);

  @TempDir
  Path directory;

  /** The modes of one try. */
  enum Mode { AGAIN, MORE_INPUT_FIRST, INPUT_DURING_REPLAY }

  /** A raw record as written: topic, key and value. */
  record Raw(String topic, String key, SpecificRecord value) {
    int partition() {
      return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
  }

  /** A history in two parts: what the first run reads, and what arrives after it (empty in {@code AGAIN}). */
  record History(List<Raw> first, List<Raw> second) {
    List<Raw> all() {
      List<Raw> all = new ArrayList<>(first);
      all.addAll(second);
      return all;
    }
  }

  /** A bar's identity, the sink's primary key. */
  record Key(String symbol, String timeframe, Instant start) {
    static Key of(Bar bar) {
      return new Key(bar.getSymbol(), bar.getTimeframe(), bar.getWindowStart());
    }
  }

  @Test
  void shouldRebuildTheFinalBarsOfTheModelWithTheCommand() throws Exception {
    long seed = Long.getLong("replay.seed", System.nanoTime());
    System.out.println("ReplayModelIT seed " + seed + " (-Dreplay.seed=" + seed + " repeats it)");
    Random random = new Random(seed);
    for (Mode mode : Mode.values()) {
      long trySeed = random.nextLong();
      // Connect writes in transactions with exactly-once source support: at least one try does.
      boolean transactional = mode == Mode.INPUT_DURING_REPLAY || random.nextBoolean();
      try {
        runTry(mode, new Random(trySeed), transactional);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("try " + mode + " (seed " + trySeed + ", transactional " + transactional + "): "
            + e.getMessage(), e);
      }
    }
  }

  private void runTry(Mode mode, Random random, boolean transactional) throws Exception {
    History history = history(random, mode);
    List<Raw> replayedInput = mode == Mode.AGAIN ? history.first() : history.all();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      try (Admin admin = broker.admin()) {
        new TopicAdmin(admin).ensure(TickflowTopics.all(PARTITIONS, (short) 1));
      }
      Map<String, Object> settings = settings(broker, "replay-model-" + mode.name().toLowerCase(Locale.ROOT));
      Path configFile = CommandRuns.writeConfig(directory, settings);
      produce(broker, history.first(), transactional, random, Duration.ZERO);
      List<ConsumerRecord<byte[], byte[]>> firstRun = runUntilComplete(broker, settings, history.first(), Map.of());
      List<ConsumerRecord<byte[], byte[]>> firstLetters = read(broker, TickflowTopics.DEAD_LETTER);

      if (mode == Mode.MORE_INPUT_FIRST) {
        produce(broker, history.second(), transactional, random, Duration.ZERO);
      }
      Map<Integer, Long> barsBefore = ends(broker, TickflowTopics.BARS_FINAL);
      Map<Integer, Long> lettersBefore = ends(broker, TickflowTopics.DEAD_LETTER);
      CompletableFuture<Void> arriving = CompletableFuture.completedFuture(null);
      if (mode == Mode.INPUT_DURING_REPLAY) {
        Random producerRandom = new Random(random.nextLong());
        arriving = CompletableFuture.runAsync(() -> produce(broker, history.second(), transactional, producerRandom,
            Duration.ofMillis(50)));
      }
      String summary = replay(configFile);
      arriving.join();
      List<ConsumerRecord<byte[], byte[]>> finalBars = read(broker, TickflowTopics.BARS_FINAL);
      List<ConsumerRecord<byte[], byte[]>> replayed = after(finalBars, barsBefore);
      List<ConsumerRecord<byte[], byte[]>> replayedLetters = after(read(broker, TickflowTopics.DEAD_LETTER),
          lettersBefore);
      switch (mode) {
        case AGAIN -> {
          assertSummary(summary, history.first().size(), replayed.size());
          assertSameByPartition("replay against the first run", replayed, firstRun);
          assertSameLetters(replayedLetters, firstLetters);
        }
        case MORE_INPUT_FIRST -> {
          assertSummary(summary, history.all().size(), replayed.size());
          assertPrefixes(firstRun, replayed);
        }
        case INPUT_DURING_REPLAY -> {
          // The instances start again and process the rest, as docs/operations.md says.
          replayed = runUntilComplete(broker, settings, history.all(), barsBefore);
          finalBars = read(broker, TickflowTopics.BARS_FINAL);
          replayedLetters = after(read(broker, TickflowTopics.DEAD_LETTER), lettersBefore);
        }
      }
      assertAsReference(replayed, replayedInput);
      assertUpsertViewAsReference(finalBars, replayedInput);
      if (mode == Mode.MORE_INPUT_FIRST) {
        return;
      }

      // Twice in a row; after input that arrived during the replay, the instances' continuation included.
      Map<Integer, Long> beforeSecond = ends(broker, TickflowTopics.BARS_FINAL);
      Map<Integer, Long> lettersBeforeSecond = ends(broker, TickflowTopics.DEAD_LETTER);
      String second = replay(configFile);
      List<ConsumerRecord<byte[], byte[]>> again = after(read(broker, TickflowTopics.BARS_FINAL), beforeSecond);
      assertSummary(second, replayedInput.size(), again.size());
      assertSameByPartition("second replay against the first", again, replayed);
      assertSameLetters(after(read(broker, TickflowTopics.DEAD_LETTER), lettersBeforeSecond), replayedLetters);
    }
  }

  private static void assertSummary(String summary, long rawRecords, long finalBars) {
    assertThat(summary).contains(String.format(Locale.ROOT, ": %,d raw records reprocessed, %,d final bars written.",
        rawRecords, finalBars));
  }

  // ---- the history ----

  private static History history(Random random, Mode mode) {
    List<Raw> raws = new ArrayList<>();
    List<Trade> trades = new ArrayList<>();
    List<String> symbols = new ArrayList<>(CANONICAL);
    symbols.add(JUMPING);
    int count = 1_000 + random.nextInt(600);
    // The re-keyed symbol starts somewhere, in half the histories within their last 3 %: a repartition partition
    // that receives records only at the end of the input.
    int rekeyedFrom = random.nextBoolean() ? count - random.nextInt(count * 3 / 100) : random.nextInt(count);
    long clockMs = 0;
    for (int i = 0; i < count; i++) {
      clockMs += random.nextInt(500);
      Instant now = START.plusMillis(clockMs);
      if (i == rekeyedFrom) {
        symbols.add(REKEYED);
      }
      String symbol = symbols.get(random.nextInt(symbols.size()));
      int kind = random.nextInt(100);
      if (kind < 15) {
        raws.add(quote(symbol, now, random));
      } else if (kind < 30) {
        raws.add(depth(symbol, now, random));
      } else if (kind < 38 && !trades.isEmpty()) {
        // A backfill's or reconnect's copy of a trade already sent.
        Trade copy = Trade.newBuilder(trades.get(random.nextInt(trades.size()))).setSource(DataSource.BACKFILL)
            .build();
        raws.add(trade(copy));
      } else {
        long backMs = kind < 50 ? random.nextInt(4_500) : kind < 54 ? 10_000 + random.nextInt(120_000) : 0;
        Instant at = now.minusMillis(backMs);
        double price = symbol.equals(JUMPING) && random.nextInt(8) == 0 ? 150 : 100 + 0.25 * random.nextInt(20);
        long size = kind < 57 ? 0 : 1 + random.nextInt(9);
        double priced = kind >= 57 && kind < 60 ? 0 : price;
        Trade trade = new Trade(symbol, "", priced, size, AggressorSide.values()[random.nextInt(3)], at,
            at.plusMillis(1), i, DataSource.LIVE);
        trades.add(trade);
        raws.add(trade(trade));
      }
    }
    // A day on, one trade per symbol closes every intraday bar of the history (the first day's daily bars closed
    // at midnight). Within the dedup horizon of every original: were the horizon past, whether a re-keyed symbol's
    // copies are still recognized would depend on how its records interleave with the others (docs/topology.md).
    Instant closing = START.plus(23, ChronoUnit.HOURS);
    for (int s = 0; s < symbols.size(); s++) {
      raws.add(trade(new Trade(symbols.get(s), "", 100.0, 1L, AggressorSide.ASK, closing, closing.plusMillis(1),
          count + s, DataSource.LIVE)));
    }
    if (mode == Mode.AGAIN) {
      return new History(raws, List.of());
    }
    int cut = raws.size() / 2;
    return new History(List.copyOf(raws.subList(0, cut)), List.copyOf(raws.subList(cut, raws.size())));
  }

  private static Raw trade(Trade trade) {
    return new Raw(TickflowTopics.RAW_TRADES, key(trade.getSymbol()), trade);
  }

  private static Raw quote(String symbol, Instant at, Random random) {
    double bid = 100 + 0.25 * random.nextInt(20);
    // One in twenty is crossed: refused as crossed_quote.
    double ask = random.nextInt(20) == 0 ? bid - 0.25 : bid + 0.25;
    return new Raw(TickflowTopics.RAW_QUOTES, key(symbol), new Quote(symbol, "", bid, 1L + random.nextInt(9), ask,
        1L + random.nextInt(9), at, at.plusMillis(1), DataSource.LIVE));
  }

  private static Raw depth(String symbol, Instant at, Random random) {
    // One in twenty has no side: refused as book_side_unknown.
    BookSide side = random.nextInt(20) == 0 ? BookSide.UNKNOWN : random.nextBoolean() ? BookSide.BID : BookSide.ASK;
    return new Raw(TickflowTopics.RAW_DEPTH, key(symbol), new DepthUpdate(symbol, "", side,
        100 + 0.25 * random.nextInt(20), 1L + random.nextInt(9), 1, DepthAction.UPDATE, true, at, at.plusMillis(1),
        DataSource.LIVE));
  }

  private static String key(String symbol) {
    return symbol.equals(REKEYED) ? "alt-" + symbol : symbol;
  }

  // ---- writing it ----

  /**
   * Writes the records in order, as a connector would: plainly, or in transactions of up to 60 records of which one
   * in six aborts first (Connect then writes the batch again), waiting the given pause after each 60 records.
   */
  private static void produce(EmbeddedKafkaBroker broker, List<Raw> raws, boolean transactional, Random random,
                              Duration pause) {
    Map<String, Object> config = new HashMap<>(broker.producerConfig());
    if (transactional) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "connector-" + random.nextLong());
    }
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      if (transactional) {
        producer.initTransactions();
      }
      for (int from = 0; from < raws.size(); ) {
        int to = Math.min(raws.size(), from + 1 + random.nextInt(60));
        List<Raw> batch = raws.subList(from, to);
        if (transactional && random.nextInt(6) == 0) {
          producer.beginTransaction();
          batch.forEach(raw -> send(producer, raw));
          producer.abortTransaction();
        }
        if (transactional) {
          producer.beginTransaction();
        }
        batch.forEach(raw -> send(producer, raw));
        if (transactional) {
          producer.commitTransaction();
        }
        from = to;
        Thread.sleep(pause.toMillis());
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted writing the raw records", e);
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, Raw raw) {
    producer.send(new ProducerRecord<>(raw.topic(), raw.partition(), null, raw.key(),
        bytes(raw)));
  }

  private static byte[] bytes(Raw raw) {
    if (raw.value() instanceof Trade trade) {
      return TRADES.serialize(raw.topic(), trade);
    }
    return raw.value() instanceof Quote quote ? QUOTES.serialize(raw.topic(), quote)
        : DEPTH.serialize(raw.topic(), (DepthUpdate) raw.value());
  }

  // ---- running it ----

  /**
   * Runs the app (as `tickflow run` does) until every bar of the reference is final after the given offsets of the
   * final bars and no more come, and stops it; the final bars after those offsets.
   */
  private static List<ConsumerRecord<byte[], byte[]>> runUntilComplete(EmbeddedKafkaBroker broker,
                                                                       Map<String, Object> settings, List<Raw> input,
                                                                       Map<Integer, Long> from) {
    Set<Key> expected = reference(input).keySet();
    List<Map<Integer, Long>> lastEnds = new ArrayList<>(List.of(Map.of()));
    try (StreamsApp app = StreamsApp.start(new StreamsAppConfig(settings))) {
      // Read the bars once their topic has stopped growing for a poll interval.
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
        Map<Integer, Long> ends = ends(broker, TickflowTopics.BARS_FINAL);
        boolean still = ends.equals(lastEnds.get(0));
        lastEnds.set(0, ends);
        return still && after(read(broker, TickflowTopics.BARS_FINAL), from).stream().map(r -> Key.of(bar(r)))
            .collect(Collectors.toSet()).containsAll(expected);
      });
      assertThat(app.streams().state().isRunningOrRebalancing()).as("the app runs").isTrue();
    }
    return after(read(broker, TickflowTopics.BARS_FINAL), from);
  }

  private static String replay(Path configFile) {
    return CommandRuns.outputOf("replay", "--config", configFile.toString());
  }

  private Map<String, Object> settings(EmbeddedKafkaBroker broker, String applicationId) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", broker.bootstrapServers());
    settings.put("application.id", applicationId);
    settings.put("state.dir", directory.resolve(applicationId).toString());
    settings.put("bars.timeframes", "1m,5m,1d");
    settings.put("bars.idle.ms", IDLE_MS);
    settings.put("replication.factor", "1");
    settings.put("consumer.session.timeout.ms", "6000");
    return settings;
  }

  // ---- reading and checking ----

  private static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafkaBroker broker, String topic) {
    return TopicReader.readAll(broker, topic, TIMEOUT);
  }

  private static Map<Integer, Long> ends(EmbeddedKafkaBroker broker, String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> after(List<ConsumerRecord<byte[], byte[]>> records,
                                                            Map<Integer, Long> offsets) {
    return records.stream().filter(r -> r.offset() >= offsets.getOrDefault(r.partition(), 0L)).toList();
  }

  private static Bar bar(ConsumerRecord<byte[], byte[]> record) {
    return BARS.deserialize(record.topic(), record.value());
  }

  private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition(
      List<ConsumerRecord<byte[], byte[]>> records) {
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
    records.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
    return byPartition;
  }

  /**
   * Each partition's final bars, record by record the same (key, value and timestamp). A re-keyed symbol's bars
   * interleave with the others by arrival (docs/topology.md), so they are compared per symbol.
   */
  private static void assertSameByPartition(String what, List<ConsumerRecord<byte[], byte[]>> actual,
                                            List<ConsumerRecord<byte[], byte[]>> expected) {
    assertThat(actual).as("%s: count", what).hasSize(expected.size());
    Map<String, List<ConsumerRecord<byte[], byte[]>>> actualBy = bySeries(actual);
    Map<String, List<ConsumerRecord<byte[], byte[]>>> expectedBy = bySeries(expected);
    assertThat(actualBy.keySet()).as(what).isEqualTo(expectedBy.keySet());
    expectedBy.forEach((series, records) -> {
      List<ConsumerRecord<byte[], byte[]>> replayed = actualBy.get(series);
      for (int i = 0; i < records.size(); i++) {
        assertThat(replayed.get(i).value()).as("%s: final bar %d of %s (%s against %s)", what, i, series,
            bar(replayed.get(i)), bar(records.get(i))).isEqualTo(records.get(i).value());
        assertThat(replayed.get(i).key()).isEqualTo(records.get(i).key());
        assertThat(replayed.get(i).timestamp()).isEqualTo(records.get(i).timestamp());
      }
    });
  }

  /** The first run's final bars begin each partition's (and the re-keyed symbol's) bars of the replay. */
  private static void assertPrefixes(List<ConsumerRecord<byte[], byte[]>> first,
                                              List<ConsumerRecord<byte[], byte[]>> replayed) {
    Map<String, List<ConsumerRecord<byte[], byte[]>>> replayedBy = bySeries(replayed);
    bySeries(first).forEach((series, records) -> {
      List<ConsumerRecord<byte[], byte[]>> after = replayedBy.getOrDefault(series, List.of());
      assertThat(after.size()).as("final bars of %s", series).isGreaterThanOrEqualTo(records.size());
      for (int i = 0; i < records.size(); i++) {
        assertThat(after.get(i).value()).as("final bar %d of %s", i, series).isEqualTo(records.get(i).value());
      }
    });
  }

  /** Partition, or for the re-keyed symbol its name: the sequences whose order a replay reproduces. */
  private static Map<String, List<ConsumerRecord<byte[], byte[]>>> bySeries(
      List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<ConsumerRecord<byte[], byte[]>>> by = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String symbol = bar(record).getSymbol();
      by.computeIfAbsent(symbol.equals(REKEYED) ? symbol : "partition " + record.partition(),
          s -> new ArrayList<>()).add(record);
    }
    return by;
  }

  /** The bars written equal the reference's, each once (the jumping symbol's aside). */
  private static void assertAsReference(List<ConsumerRecord<byte[], byte[]>> written, List<Raw> input) {
    Map<Key, Bar> actual = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : written) {
      Bar bar = bar(record);
      assertThat(actual.put(Key.of(bar), bar)).as("a second final bar for %s", Key.of(bar)).isNull();
    }
    actual.keySet().removeIf(key -> key.symbol().equals(JUMPING));
    assertSameEntries(actual, reference(input));
  }

  /** What the database holds after the sink upserted every final bar of the topic, in order. */
  private static void assertUpsertViewAsReference(List<ConsumerRecord<byte[], byte[]>> topic, List<Raw> input) {
    Map<Key, Bar> rows = new HashMap<>();
    topic.forEach(record -> rows.put(Key.of(bar(record)), bar(record)));
    rows.keySet().removeIf(key -> key.symbol().equals(JUMPING));
    assertSameEntries(rows, reference(input));
  }

  private static void assertSameEntries(Map<Key, Bar> actual, Map<Key, Bar> expected) {
    List<Key> missing = expected.keySet().stream().filter(k -> !actual.containsKey(k)).limit(5).toList();
    List<Key> unexpected = actual.keySet().stream().filter(k -> !expected.containsKey(k)).limit(5).toList();
    assertThat(missing).as("bars missing (%d expected, %d written)", expected.size(), actual.size()).isEmpty();
    assertThat(unexpected).as("bars not expected").isEmpty();
    expected.forEach((key, bar) -> assertThat(actual.get(key)).as("bar %s", key).isEqualTo(bar));
  }

  /**
   * Dead letters alike: the same reason for the same record, as often (their rejection time aside). A record is
   * named by its partition and value, not its offset: offsets in a repartition topic also number the transaction
   * markers of the app's commits, which fall where the commit timing puts them.
   */
  private static void assertSameLetters(List<ConsumerRecord<byte[], byte[]>> actual,
                                        List<ConsumerRecord<byte[], byte[]>> expected) {
    Function<List<ConsumerRecord<byte[], byte[]>>, Map<String, Long>> counts = records -> records.stream()
        .map(r -> LETTERS.deserialize(r.topic(), r.value()))
        .collect(Collectors.groupingBy(l -> l.getReasonCode() + " " + l.getSourceTopic() + "-"
            + l.getSourcePartition() + " " + hex(l.getOriginalValue()), TreeMap::new, Collectors.counting()));
    assertThat(expected).as("dead letters").isNotEmpty();
    assertThat(counts.apply(actual)).as("dead letters").isEqualTo(counts.apply(expected));
  }

  private static String hex(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return HexFormat.of().formatHex(copy);
  }

  // ---- the reference ----

  /**
   * The final bars of the input, naively: per symbol (bars close by their own symbol's trades only, with the idle
   * period this long), in input order, valid trades only; a repeated identity is dropped; a trade older than its
   * symbol's latest accepted event time minus grace is late; a window is final once that time reaches its end plus
   * grace. Intraday windows align to UTC, daily ones run from midnight UTC (the default session) to the next.
   */
  static Map<Key, Bar> reference(List<Raw> input) {
    Map<String, List<Trade>> bySymbol = new TreeMap<>();
    for (Raw raw : input) {
      if (raw.value() instanceof Trade trade && !trade.getSymbol().equals(JUMPING)
          && trade.getPrice() > 0 && trade.getSize() > 0) {
        bySymbol.computeIfAbsent(trade.getSymbol(), s -> new ArrayList<>()).add(trade);
      }
    }
    Map<Key, Bar> finals = new HashMap<>();
    bySymbol.values().forEach(trades -> finals.putAll(referenceOfSymbol(trades)));
    return finals;
  }

  private static Map<Key, Bar> referenceOfSymbol(List<Trade> trades) {
    Set<List<Object>> seen = new HashSet<>();
    Map<Key, List<Trade>> windows = new LinkedHashMap<>();
    Instant clock = null;
    for (Trade trade : trades) {
      boolean copy = !seen.add(List.of(trade.getEventTime(), trade.getPrice(), trade.getSize(), trade.getSide(),
          trade.getSequence()));
      if (copy || clock != null && trade.getEventTime().isBefore(clock.minus(GRACE))) {
        continue;
      }
      clock = clock == null || trade.getEventTime().isAfter(clock) ? trade.getEventTime() : clock;
      for (String timeframe : List.of("1m", "5m", "1d")) {
        windows.computeIfAbsent(new Key(trade.getSymbol(), timeframe, start(timeframe, trade.getEventTime())),
            k -> new ArrayList<>()).add(trade);
      }
    }
    Map<Key, Bar> finals = new HashMap<>();
    for (Map.Entry<Key, List<Trade>> window : windows.entrySet()) {
      Instant end = end(window.getKey());
      if (!clock.isBefore(end.plus(GRACE))) {
        finals.put(window.getKey(), bar(window.getKey(), end, window.getValue()));
      }
    }
    return finals;
  }

  private static Instant start(String timeframe, Instant at) {
    long size = timeframe.equals("1d") ? Duration.ofDays(1).toMillis() : INTRADAY.get(timeframe).toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
  }

  private static Instant end(Key key) {
    return key.start().plus(key.timeframe().equals("1d") ? Duration.ofDays(1) : INTRADAY.get(key.timeframe()));
  }

  /**
   * A window's bar, folded over its trades in arrival order: open and close are the earliest and latest by (event
   * time, sequence), VWAP the notional summed in that order over the volume.
   */
  private static Bar bar(Key key, Instant end, List<Trade> trades) {
    Trade first = trades.get(0);
    Trade last = first;
    double high = first.getPrice();
    double low = first.getPrice();
    long volume = 0;
    long bidVolume = 0;
    long askVolume = 0;
    double notional = 0;
    for (Trade trade : trades) {
      first = EARLIEST.compare(trade, first) < 0 ? trade : first;
      last = EARLIEST.compare(trade, last) > 0 ? trade : last;
      high = Math.max(high, trade.getPrice());
      low = Math.min(low, trade.getPrice());
      volume += trade.getSize();
      bidVolume += trade.getSide() == AggressorSide.BID ? trade.getSize() : 0;
      askVolume += trade.getSide() == AggressorSide.ASK ? trade.getSize() : 0;
      notional += trade.getPrice() * trade.getSize();
    }
    return new Bar(key.symbol(), key.timeframe(), key.start(), end, first.getPrice(), high, low, last.getPrice(),
        volume, bidVolume, askVolume, (long) trades.size(), notional / volume, first.getEventTime(),
        last.getEventTime(), true, trades.size() - 1);
  }
}
