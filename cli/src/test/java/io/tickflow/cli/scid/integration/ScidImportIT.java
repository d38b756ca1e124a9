package io.tickflow.cli.scid.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.TickflowCli;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordEncoder;
import io.tickflow.scid.RecordKind;
import io.tickflow.scid.SierraFileWriter;
import io.tickflow.scid.SyntheticTrades;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroDeserializer;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tickflow scid import} against a real broker: every record accounted for, exact counts. */
@Tag("integration")
class ScidImportIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int RECORDS = 20_000;
  private static final int BAR_EVERY = 100;

  private static EmbeddedKafkaBroker broker;

  @TempDir
  Path directory;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(2, (short) 1));
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldSendEveryTickAsATradeSkipBarsAndDeadLetterUndecodableRecords() throws Exception {
    Path file = directory.resolve("NQZ6-CME.scid");
    new SyntheticTrades(7, Instant.parse("2026-11-20T14:30:00Z"), DateTimeEncoding.INT64_MICROS, BAR_EVERY)
        .appendTo(file, RECORDS);
    appendTickWithNonFinitePrice(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = run(out, "scid", "import", "-b", broker.bootstrapServers(), file.toString());

    List<ConsumerRecord<byte[], byte[]>> trades = TopicReader.readAll(broker, TickflowTopics.RAW_TRADES, TIMEOUT);
    List<ConsumerRecord<byte[], byte[]>> rejected = TopicReader.readAll(broker, TickflowTopics.DEAD_LETTER, TIMEOUT);
    int bars = RECORDS / BAR_EVERY;
    assertThat(exit).isZero();
    assertThat(trades).hasSize(RECORDS - bars);
    assertThat(rejected).hasSize(1);
    AvroDeserializer<Trade> tradeReader = new AvroDeserializer<>(Trade.class);
    Set<String> identities = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : trades) {
      Trade trade = tradeReader.deserialize(TickflowTopics.RAW_TRADES, record.value());
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("NQZ26");
      assertThat(trade.getSymbol()).isEqualTo("NQZ6-CME");
      identities.add(trade.getEventTime() + "/" + trade.getSequence());
    }
    assertThat(identities).as("(eventTime, sequence) is unique per trade").hasSize(RECORDS - bars);
    DeadLetter letter = new AvroDeserializer<>(DeadLetter.class)
        .deserialize(TickflowTopics.DEAD_LETTER, rejected.get(0).value());
    assertThat(letter.getReasonCode()).isEqualTo("undecodable");
    // Keyed as of the import (the record's own time is refused): the canonical symbol in the year of rejectedAt.
    String letterKey = SymbolNormalization.of(Map.of()).newNormalizer()
        .normalize("NQZ6-CME", DateTimeEncoding.toMicros(letter.getRejectedAt())).symbol();
    assertThat(letterKey).startsWith("NQZ");
    assertThat(new String(rejected.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(letterKey);
    assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(letterKey.getBytes(StandardCharsets.UTF_8)));
    assertThat(letter.getDetail()).endsWith("at byte " + (56 + 40L * RECORDS)
        + ": price, bid or ask is not a finite number");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(String.format(
        "NQZ6-CME.scid (NQZ6-CME): %,d records: %,d trades sent, %,d bar records skipped, 1 rejected",
        RECORDS + 1, RECORDS - bars, bars));
  }

  @Test
  void shouldKeyTradesWithTheSymbolRulesOfTheConfigFileWhenOneIsGiven() throws Exception {
    String topic = "keyed-by-config.raw.trades";
    ImportTopics.ensure(broker, 1, topic);
    Path file = directory.resolve("EMINI-DEC-CME.scid");
    new SyntheticTrades(3, Instant.parse("2026-11-20T14:30:00Z"), DateTimeEncoding.INT64_MICROS, 0)
        .appendTo(file, 50);
    Path config = Files.writeString(directory.resolve("tickflow.properties"),
        "bootstrap.servers=unused:9092\nsymbol.aliases=EMINI-DEC=ESZ6\nsymbol.futures.normalize=false\n");

    int exit = run(new ByteArrayOutputStream(), "scid", "import", "-b", broker.bootstrapServers(), "--topic", topic,
        "-c", config.toString(), file.toString());

    List<ConsumerRecord<byte[], byte[]>> trades = TopicReader.readAll(broker, topic, TIMEOUT);
    assertThat(exit).isZero();
    assertThat(trades).hasSize(50).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly("ESZ6");
  }

  @Test
  void shouldDeadLetterAGarbageRecordAsTheConnectorDoesRatherThanSkipItAsABar() throws Exception {
    String topic = "garbage.raw.trades";
    String deadLetters = "garbage.dead-letter";
    ImportTopics.ensure(broker, 1, topic, deadLetters);
    Path file = directory.resolve("GCZ6-COMEX.scid");
    long raw = DateTimeEncoding.INT64_MICROS.fromUnixMicros(
        DateTimeEncoding.toMicros(Instant.parse("2026-11-20T14:30:00Z")));
    SierraFileWriter.appendRecords(file, 1, (buffer, offset) -> new IntradayRecordEncoder().wrap(buffer, offset)
        .trade(RecordKind.SINGLE_TRADE, raw, 2650.1f, 2650f, 2650.2f, 2, true));
    // Garbage: dated 42 us after 1899-12-30, and its Open bits are no trade marker, so it looks like a bar.
    SierraFileWriter.appendRecords(file, 1, (buffer, offset) -> new IntradayRecordEncoder().wrap(buffer, offset)
        .rawDateTime(42).open(1.5f).high(2f).low(1f).close(1.5f).numTrades(3).totalVolume(3));

    int exit = run(new ByteArrayOutputStream(), "scid", "import", "-b", broker.bootstrapServers(), "--topic", topic,
        "--dead-letter-topic", deadLetters, file.toString());

    assertThat(exit).isZero();
    assertThat(TopicReader.readAll(broker, topic, TIMEOUT)).hasSize(1);
    List<ConsumerRecord<byte[], byte[]>> rejected = TopicReader.readAll(broker, deadLetters, TIMEOUT);
    assertThat(rejected).hasSize(1);
    assertThat(new AvroDeserializer<>(DeadLetter.class).deserialize(deadLetters, rejected.get(0).value())
        .getDetail()).endsWith("at byte 96: date-time " + (42 - DateTimeEncoding.EPOCH_OFFSET_MICROS)
        + " us is outside 1980..2100");
  }

  @Test
  void shouldSayWhichFileIsMissing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = TickflowCli.commandLine().execute("scid", "import", "-b", broker.bootstrapServers(), "missing.scid");
    } finally {
      System.setErr(originalErr);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("No such file: missing.scid");
  }

  @Test
  void shouldStopWithOneLineNamingTheCommandWhenKafkaIsUnreachable() throws Exception {
    Path file = directory.resolve("NQZ6-CME.scid");
    new SyntheticTrades(7, Instant.parse("2026-11-20T14:30:00Z"), DateTimeEncoding.INT64_MICROS, BAR_EVERY)
        .appendTo(file, 10);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = run(new ByteArrayOutputStream(), "scid", "import", "-b", "127.0.0.1:1", file.toString());
    } finally {
      System.setErr(originalErr);
    }

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("tickflow scid import: Kafka at 127.0.0.1:1 failed: "
        + "a record was not delivered, so the import stopped");
  }

  private static int run(ByteArrayOutputStream out, String... args) {
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      return TickflowCli.commandLine().execute(args);
    } finally {
      System.setOut(original);
    }
  }

  private static void appendTickWithNonFinitePrice(Path file) throws Exception {
    ByteBuffer record = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    long raw = DateTimeEncoding.INT64_MICROS.fromUnixMicros(
        DateTimeEncoding.toMicros(Instant.parse("2026-11-21T00:00:00Z")));
    new IntradayRecordEncoder().wrap(record, 0).trade(io.tickflow.scid.RecordKind.SINGLE_TRADE, raw, Float.NaN,
        4000f, 4000.25f, 1, true);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
      channel.write(record);
    }
  }

}
