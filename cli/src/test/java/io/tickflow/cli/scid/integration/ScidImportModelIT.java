package io.tickflow.cli.scid.integration;

import static io.tickflow.cli.scid.integration.ScidImportReference.EPOCH_OFFSET_MICROS;
import static io.tickflow.cli.scid.integration.ScidImportReference.FIRST_SUB_TRADE;
import static io.tickflow.cli.scid.integration.ScidImportReference.HEADER_SIZE;
import static io.tickflow.cli.scid.integration.ScidImportReference.LAST_SUB_TRADE;
import static io.tickflow.cli.scid.integration.ScidImportReference.MICROS_PER_DAY;
import static io.tickflow.cli.scid.integration.ScidImportReference.RECORD_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import io.tickflow.cli.scid.integration.ScidImportReference.Decoded;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.symbols.SymbolNormalizer;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tickflow scid import} as a demanding user runs it, against a real broker and an independent reading of the
 * files ({@link ScidImportReference}): random instruments' histories (several trades in one millisecond, identical
 * prints that are distinct trades, bars, garbage records, int64 or legacy float64 times, one history across a new
 * year that changes a one-digit futures year) are written to files that overlap (a file imported before and after it
 * grew, another export of part of it under another directory or spelling, in the other encoding), with partial last
 * records, empty, header-only and garbage-only files, given in any order and some twice, over one or two runs.
 * Checked: each run's exit code, summary lines and the files its standard error names (refused, or ending in a
 * partial record) against the reference, every record in Kafka (trades and dead letters, key, value, record
 * timestamp, order per key) against the reference's reading of each file as imported, and that the identity the
 * Streams app's dedup stage uses (docs/topology.md) is one per trade of the histories: the overlapping copies of a
 * trade are identical, distinct trades distinct.
 */
@Tag("integration")
class ScidImportModelIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HexFormat HEX = HexFormat.of();

  private static EmbeddedKafkaBroker broker;

  @TempDir
  Path directory;

  private final SymbolNormalizer normalizer = SymbolNormalization.of(Map.of()).newNormalizer();
  private final AvroDeserializer<Trade> tradeReader = new AvroDeserializer<>(Trade.class);
  private final AvroDeserializer<DeadLetter> letterReader = new AvroDeserializer<>(DeadLetter.class);

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  static LongStream seeds() {
    long first = Long.getLong("scid.import.seed", 1);
    return LongStream.range(first, first + Integer.getInteger("scid.import.tries", 20));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldSendEveryFileAsTheReferenceReadsItWithOneIdentityPerTrade(long seed) throws Exception {
    Random random = new Random(seed);
    String trades = "model-" + seed + ".raw.trades";
    String deadLetters = "model-" + seed + ".dead-letter";
    ImportTopics.ensure(broker, 2, trades, deadLetters);
    Scenario scenario = new Scenario(random, directory);
    double multiplier = random.nextInt(4) == 0 ? 0.01 : 1.0;
    Expected expected = new Expected(multiplier);
    for (int run = 0; run < scenario.runs; run++) {
      List<ScidFile> files = scenario.prepareRun(run);
      List<String> command = new ArrayList<>(List.of("scid", "import", "-b", broker.bootstrapServers(), "--topic",
          trades, "--dead-letter-topic", deadLetters, "--price-multiplier", Double.toString(multiplier)));
      files.forEach(file -> command.add(file.path.toString()));
      Output output = expected.run(files);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int exit = run(out, err, command);

      String context = "seed " + seed + ", run " + run + ": " + String.join(" ", command) + "\n" + err + out;
      assertThat(exit).as(context).isEqualTo(output.exit);
      assertThat(summaryLines(out)).as(context).isEqualTo(output.summaries);
      for (String error : output.errors) {
        assertThat(err.toString(StandardCharsets.UTF_8)).as(context).contains(error);
      }
    }
    assertThat(readTrades(trades)).as("seed %d: trades per key, in order", seed).isEqualTo(expected.trades);
    assertThat(readLetters(deadLetters)).as("seed %d: dead letters per key, in order", seed)
        .isEqualTo(expected.letters);
    assertOneIdentityPerTrade(seed, expected.trades, expected.ids);
  }

  /** The summary lines printed (the broker in this JVM may log to standard output too). */
  private static String summaryLines(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.matches("\\S+\\.scid \\(.*"))
        .map(line -> line + System.lineSeparator()).collect(Collectors.joining());
  }

  /**
   * What a run must print: its exit code, the summary lines, and what its standard error must contain (the refused
   * files' names and the partial last records not read).
   */
  private record Output(int exit, String summaries, List<String> errors) {
  }

  /** What the runs so far must have sent, per key in order, from the reference's reading of each file imported. */
  private final class Expected {

    private final double multiplier;
    private final Map<String, List<SentTrade>> trades = new LinkedHashMap<>();
    /** The history trade of each expected trade. */
    private final Map<String, List<Integer>> ids = new HashMap<>();
    private final Map<String, List<String>> letters = new LinkedHashMap<>();

    Expected(double multiplier) {
      this.multiplier = multiplier;
    }

    /** Reads the files as the run will find them, and adds what it must send. */
    Output run(List<ScidFile> files) throws IOException {
      StringBuilder summaries = new StringBuilder();
      List<String> errors = new ArrayList<>();
      int exit = 0;
      for (ScidFile file : files) {
        Decoded decoded = ScidImportReference.decode(Files.readAllBytes(file.path), multiplier);
        if (!decoded.valid()) {
          errors.add(file.path.toString());
          exit = 1;
          continue;
        }
        summaries.append(summary(file, decoded));
        if (decoded.partialBytes() > 0) {
          errors.add(file.path + " at byte " + (HEADER_SIZE + decoded.records() * RECORD_SIZE)
              + ": the last record is partial, " + decoded.partialBytes() + " bytes");
        }
        add(file, decoded);
      }
      return new Output(exit, summaries.toString(), errors);
    }

    /** A file's summary line, as the command prints it (docs/connectors.md: records = trades + bars + rejected). */
    private String summary(ScidFile file, Decoded decoded) {
      List<ScidImportReference.Trade> sent = decoded.trades();
      return String.format("%s (%s): %,d records: %,d trades sent, %,d bar records skipped, %,d rejected; "
          + "trades %s .. %s%n", file.path.getFileName(), file.symbol(), decoded.records(), sent.size(),
          decoded.bars(), decoded.rejected().size(),
          sent.isEmpty() ? "-" : instant(sent.get(0).eventMicros()),
          sent.isEmpty() ? "-" : instant(sent.get(sent.size() - 1).eventMicros()));
    }

    private void add(ScidFile file, Decoded decoded) {
      for (ScidImportReference.Trade trade : decoded.trades()) {
        String key = normalizer.normalize(file.symbol(), trade.eventMicros()).symbol();
        trades.computeIfAbsent(key, k -> new ArrayList<>()).add(new SentTrade(key, file.symbol(), trade.price(),
            trade.size(), trade.side(), instant(trade.eventMicros()), trade.sequence(), trade.eventMicros() / 1000));
        ids.computeIfAbsent(key, k -> new ArrayList<>()).add(file.ids.get(trade.record()));
      }
      // A dead letter is keyed as of the import; a run takes far less than the year that could change that key.
      String key = normalizer.normalize(file.symbol(), ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()))
          .symbol();
      for (int record : decoded.rejected()) {
        long position = HEADER_SIZE + (long) record * RECORD_SIZE;
        letters.computeIfAbsent(key, k -> new ArrayList<>()).add(key + " undecodable " + file.path + " at byte "
            + position + " " + HEX.formatHex(file.bytes(record)));
      }
    }
  }

  /**
   * A trade record as compared: key, value (but the receive time) and record timestamp.
   *
   * @param key the record key, the canonical symbol at the event time (the symbol the Streams app gives the trade)
   */
  private record SentTrade(String key, String symbol, double price, long size, String side, Instant eventTime,
                           int sequence, long timestamp) {

    /** The dedup stage's identity of the trade (docs/topology.md). */
    String identity() {
      return key + " " + price + " x " + size + " " + side + " at " + eventTime + " #" + sequence;
    }
  }

  private Map<String, List<SentTrade>> readTrades(String topic) {
    Map<String, List<SentTrade>> byKey = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker, topic, TIMEOUT)) {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      Trade trade = tradeReader.deserialize(topic, record.value());
      assertThat(trade.getSource().toString()).isEqualTo("FILE");
      assertThat(trade.getExchange()).isEmpty();
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new SentTrade(key, trade.getSymbol(), trade.getPrice(),
          trade.getSize(), trade.getSide().toString(), trade.getEventTime(), trade.getSequence(), record.timestamp()));
    }
    return byKey;
  }

  private Map<String, List<String>> readLetters(String topic) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(broker, topic, TIMEOUT)) {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      DeadLetter letter = letterReader.deserialize(topic, record.value());
      String detail = letter.getDetail();
      byte[] original = new byte[letter.getOriginalValue().remaining()];
      letter.getOriginalValue().get(original);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(key + " " + letter.getReasonCode() + " "
          + detail.substring(0, detail.indexOf(": ", detail.indexOf(" at byte "))) + " " + HEX.formatHex(original));
    }
    return byKey;
  }

  /**
   * The dedup stage's identity (canonical symbol, event time, price, size, side, sequence; docs/topology.md) of every
   * trade sent must name one trade of the histories, and each such trade must have one identity: the copies of a trade
   * from overlapping files are dropped as duplicates, and no distinct trade (an identical print) is.
   */
  private static void assertOneIdentityPerTrade(long seed, Map<String, List<SentTrade>> trades,
                                                Map<String, List<Integer>> ids) {
    Map<String, Set<Integer>> tradesOfIdentity = new HashMap<>();
    Map<Integer, Set<String>> identitiesOfTrade = new HashMap<>();
    trades.forEach((key, sent) -> {
      for (int i = 0; i < sent.size(); i++) {
        String identity = sent.get(i).identity();
        int trade = ids.get(key).get(i);
        tradesOfIdentity.computeIfAbsent(identity, k -> new TreeSet<>()).add(trade);
        identitiesOfTrade.computeIfAbsent(trade, k -> new TreeSet<>()).add(identity);
      }
    });
    tradesOfIdentity.forEach((identity, of) ->
        assertThat(of).as("seed %d: the trades of identity %s", seed, identity).hasSize(1));
    identitiesOfTrade.forEach((trade, of) ->
        assertThat(of).as("seed %d: the identities of trade %d", seed, trade).hasSize(1));
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, List<String> args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      return TickflowCli.commandLine().execute(args.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  /** What a history record is. */
  private enum Kind { TRADE, BAR, BAD_TIME, BAD_PRICE }

  /**
   * One record of an instrument's history; a trade's id names it. Times are whole milliseconds and a counter of the
   * trades before it in that millisecond, as Sierra Chart writes them; a legacy file stores the millisecond off by a
   * jitter below half a millisecond (float64 days are not exact).
   */
  private record Entry(int id, Kind kind, long millis, int counter, int jitterMicros, int openBits, float ask,
                       float bid, float close, long size, long bidVolume, long askVolume) {

    byte[] encode(boolean legacy) {
      ByteBuffer record = ByteBuffer.allocate(RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      long micros = millis * 1000;
      long raw = kind == Kind.BAD_TIME ? 1000 + id
          : legacy ? Double.doubleToLongBits((micros + jitterMicros + EPOCH_OFFSET_MICROS) / MICROS_PER_DAY)
          : micros + counter + EPOCH_OFFSET_MICROS;
      record.putLong(raw).putInt(openBits).putFloat(ask).putFloat(bid).putFloat(close).putInt(1)
          .putInt((int) size).putInt((int) bidVolume).putInt((int) askVolume);
      return record.array();
    }
  }

  /** An instrument: its file symbol, another spelling of it, when its history starts and its tick. */
  private record Instrument(String symbol, String spelling, String start, double tick) {
  }

  /** An instrument's history: its file symbol, another spelling of it, and its records in time order. */
  private record History(String symbol, String spelling, List<Entry> entries) {
  }

  /** A file on disk, the history records it holds (their ids; -1 for a record of no history) and its bytes. */
  private static final class ScidFile {

    private final Path path;
    private final boolean legacy;
    private final List<Integer> ids = new ArrayList<>();
    private final List<byte[]> records = new ArrayList<>();

    ScidFile(Path path, boolean legacy, boolean withHeader) throws IOException {
      this.path = path;
      this.legacy = legacy;
      Files.createDirectories(path.getParent());
      ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN)
          .put("SCID".getBytes(StandardCharsets.US_ASCII)).putInt(HEADER_SIZE).putInt(RECORD_SIZE).putShort((short) 1);
      Files.write(path, withHeader ? header.array() : new byte[0]);
    }

    String symbol() {
      String name = path.getFileName().toString();
      return name.substring(0, name.length() - ".scid".length());
    }

    byte[] bytes(int record) {
      return records.get(record);
    }

    void append(List<Entry> entries) throws IOException {
      ByteBuffer bytes = ByteBuffer.allocate(entries.size() * RECORD_SIZE);
      for (Entry entry : entries) {
        byte[] record = entry.encode(legacy);
        ids.add(entry.kind == Kind.TRADE ? entry.id : -1);
        records.add(record);
        bytes.put(record);
      }
      Files.write(path, bytes.array(), StandardOpenOption.APPEND);
    }

    /** The first bytes of a record Sierra Chart was still writing, or of a truncated copy. */
    void appendPartialRecord(Random random) throws IOException {
      byte[] partial = new byte[1 + random.nextInt(RECORD_SIZE - 1)];
      random.nextBytes(partial);
      Files.write(path, partial, StandardOpenOption.APPEND);
    }
  }

  /** The histories, the files made of them and which files each run imports. */
  private static final class Scenario {

    private static final List<Instrument> INSTRUMENTS = List.of(
        new Instrument("ESZ6-CME", "ESZ26-CME", "2026-11-20T14:30:00Z", 0.25),
        new Instrument("NQH7-CME", "NQH27-CME", "2026-11-20T14:30:00Z", 0.25),
        new Instrument("ZNZ6-CBOT", "ZNZ26-CBOT", "2026-11-20T14:30:00Z", 1 / 64.0),
        new Instrument("CLF7-NYMEX", "CLF27-NYMEX", "2026-11-20T14:30:00Z", 0.01),
        // Across the new year that moves ESZ3 from 2023 to 2033: the key follows each trade's event time.
        new Instrument("ESZ3-CME", "ESZ3.CME", "2025-12-31T23:59:59.800Z", 0.25));

    private final Random random;
    private final Path directory;
    private final int runs;
    private final List<History> histories = new ArrayList<>();
    /** Per run, the files (growing ones grown) that the run may import, written before it. */
    private final List<List<ScidFile>> filesOfRun = new ArrayList<>();
    private final List<ScidFile> growing = new ArrayList<>();
    private final List<List<Entry>> growth = new ArrayList<>();
    private int nextId;

    Scenario(Random random, Path directory) throws IOException {
      this.random = random;
      this.directory = directory;
      this.runs = 1 + random.nextInt(2);
      List<Instrument> instruments = new ArrayList<>(INSTRUMENTS);
      Collections.shuffle(instruments, random);
      for (Instrument instrument : instruments.subList(0, 1 + random.nextInt(3))) {
        histories.add(new History(instrument.symbol, instrument.spelling, entries(
            Instant.parse(instrument.start).toEpochMilli(), instrument.tick, 20 + random.nextInt(300))));
      }
      for (int run = 0; run < runs; run++) {
        filesOfRun.add(new ArrayList<>());
      }
      for (History history : histories) {
        writeFiles(history);
      }
      writeOddFiles();
    }

    private List<Entry> entries(long startMillis, double tick, int count) {
      List<Entry> entries = new ArrayList<>();
      long millis = startMillis;
      int counter = -1;
      long ticks = 1 + random.nextInt(20_000);
      Entry last = null;
      for (int i = 0; i < count; i++) {
        int roll = random.nextInt(100);
        Kind kind = roll < 2 ? Kind.BAD_TIME : roll < 4 ? Kind.BAD_PRICE : roll < 8 ? Kind.BAR : Kind.TRADE;
        if (kind == Kind.TRADE && last != null && random.nextInt(10) == 0) {
          // An identical print in the same millisecond: another trade, which must stay one.
          last = new Entry(nextId++, kind, millis, ++counter, jitter(), last.openBits, last.ask, last.bid, last.close,
              last.size, last.bidVolume, last.askVolume);
          entries.add(last);
          continue;
        }
        if (kind == Kind.TRADE && (counter < 0 || random.nextInt(3) > 0)) {
          millis += 1 + random.nextInt(random.nextBoolean() ? 5 : 3000);
          counter = -1;
        }
        ticks = Math.max(1, ticks + random.nextInt(5) - 2);
        float price = (float) (ticks * tick);
        long size = random.nextInt(50) == 0 ? 3_000_000_000L : 1 + random.nextInt(20);
        int side = random.nextInt(3);
        Entry entry = switch (kind) {
          case TRADE -> new Entry(nextId++, kind, millis, ++counter, jitter(), marker(), price + (float) tick,
              price, price, size, side == 0 ? size : side == 1 ? 0 : 1, side == 1 ? size : side == 0 ? 0 : 1);
          case BAR -> new Entry(nextId++, kind, millis, Math.max(0, counter), 0,
              Float.floatToRawIntBits(price), price + (float) tick, price - (float) tick, price, size, 0, 0);
          case BAD_TIME -> new Entry(nextId++, kind, 0, 0, 0, 0, price, price, price, size, 0, 0);
          case BAD_PRICE -> new Entry(nextId++, kind, millis, Math.max(0, counter), 0, 0, price, price, Float.NaN,
              size, 0, 0);
        };
        entries.add(entry);
        if (kind == Kind.TRADE) {
          last = entry;
        }
      }
      return entries;
    }

    private int jitter() {
      return random.nextInt(900) - 450;
    }

    private int marker() {
      int roll = random.nextInt(10);
      return roll == 0 ? FIRST_SUB_TRADE : roll == 1 ? LAST_SUB_TRADE : 0;
    }

    /**
     * The instrument's own file (imported before and after it grew when there are two runs), and now and then another
     * export of part of the history (another directory or spelling, either encoding).
     */
    private void writeFiles(History history) throws IOException {
      List<Entry> entries = history.entries;
      ScidFile own = new ScidFile(directory.resolve("data").resolve(history.symbol + ".scid"), random.nextBoolean(),
          true);
      int grownAt = runs == 1 ? entries.size() : random.nextInt(entries.size() + 1);
      own.append(entries.subList(0, grownAt));
      filesOfRun.get(0).add(own);
      if (runs == 2) {
        growing.add(own);
        growth.add(entries.subList(grownAt, entries.size()));
        filesOfRun.get(1).add(own);
      }
      for (int copy = random.nextInt(3); copy > 0; copy--) {
        boolean legacy = random.nextBoolean();
        String name = random.nextBoolean() ? history.symbol : history.spelling;
        ScidFile export = new ScidFile(directory.resolve("export-" + copy).resolve(name + ".scid"), legacy, true);
        int from = random.nextInt(entries.size());
        // A legacy file numbers a millisecond's trades from its first record: an export starting inside a
        // millisecond's trades would number them otherwise (a limit of the legacy format, docs/connectors.md).
        while (legacy && from < entries.size()
            && (entries.get(from).kind != Kind.TRADE || entries.get(from).counter > 0)) {
          from++;
        }
        export.append(entries.subList(from, from + random.nextInt(entries.size() - from + 1)));
        if (random.nextInt(3) == 0) {
          export.appendPartialRecord(random);
        }
        filesOfRun.get(random.nextInt(runs)).add(export);
      }
    }

    /** An empty file (not a .scid file), one with a header only (no records) and one of a few garbage records. */
    private void writeOddFiles() throws IOException {
      Path odd = directory.resolve("odd");
      if (random.nextInt(4) == 0) {
        filesOfRun.get(random.nextInt(runs)).add(new ScidFile(odd.resolve("ESH7-CME.scid"), false, false));
      }
      if (random.nextInt(4) == 0) {
        filesOfRun.get(random.nextInt(runs)).add(new ScidFile(odd.resolve("NQM7-CME.scid"), false, true));
      }
      if (random.nextInt(4) == 0) {
        ScidFile garbage = new ScidFile(odd.resolve("CLG7-NYMEX.scid"), false, true);
        List<Entry> bad = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
          bad.add(new Entry(nextId++, Kind.BAD_TIME, 0, 0, 0, 0, 1f, 1f, 1f, 1, 0, 0));
        }
        garbage.append(bad);
        filesOfRun.get(random.nextInt(runs)).add(garbage);
      }
    }

    /**
     * Grows the growing files before the second run (and then may cut their last record short), and gives the
     * run's files in random order, one of them now and then twice.
     */
    List<ScidFile> prepareRun(int run) throws IOException {
      if (run == 1) {
        for (int i = 0; i < growing.size(); i++) {
          growing.get(i).append(growth.get(i));
        }
      }
      if (run == runs - 1) {
        for (ScidFile own : filesOfRun.get(0)) {
          if (own.path.getParent().endsWith("data") && random.nextInt(4) == 0) {
            own.appendPartialRecord(random);
          }
        }
      }
      List<ScidFile> args = new ArrayList<>(filesOfRun.get(run));
      if (random.nextInt(3) == 0) {
        args.add(args.get(random.nextInt(args.size())));
      }
      Collections.shuffle(args, random);
      return args;
    }
  }
}
