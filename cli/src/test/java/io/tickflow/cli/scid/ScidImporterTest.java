package io.tickflow.cli.scid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.cli.FreePorts;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordEncoder;
import io.tickflow.scid.RecordKind;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileWriter;
import io.tickflow.scid.SyntheticTrades;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScidImporterTest {

  @TempDir
  Path directory;

  @Test
  void shouldStopAtTheFirstUndeliveredRecordWhenKafkaIsUnreachable() throws Exception {
    Path file = directory.resolve("ESZ6-CME.scid");
    new SyntheticTrades(1, Instant.parse("2026-11-20T14:30:00Z"), DateTimeEncoding.INT64_MICROS, 0)
        .appendTo(file, 10);
    // Nothing listens on the port: every send fails after max.block.ms waiting for the topic's metadata.
    try (CountingProducer producer = new CountingProducer(FreePorts.one())) {
      ScidImporter importer = new ScidImporter(producer, TickflowTopics.RAW_TRADES, TickflowTopics.DEAD_LETTER,
          SymbolNormalization.of(Map.of()).newNormalizer());

      assertThatThrownBy(() -> importer.importFile(file, "ESZ6-CME", 1.0, (done, total) -> { }))
          .isInstanceOf(KafkaException.class)
          .hasMessageContaining("not delivered, so the import stopped")
          .hasMessageContaining(TickflowTopics.RAW_TRADES);
      assertThat(producer.sends).as("sends after the first failure").hasValue(1);
    }
  }

  @Test
  void shouldCountEveryRecordItReadWhenTheFileGrowsDuringTheImport() throws Exception {
    Path file = directory.resolve("ESZ6-CME.scid");
    // A bar record every 7th, so that the summary's three counts are all at work.
    new SyntheticTrades(1, Instant.parse("2026-11-20T14:30:00Z"), DateTimeEncoding.INT64_MICROS, 7)
        .appendTo(file, 10);
    MockProducer<String, byte[]> producer = mockProducer();
    ScidImporter importer = new ScidImporter(producer, TickflowTopics.RAW_TRADES, TickflowTopics.DEAD_LETTER,
        SymbolNormalization.of(Map.of()).newNormalizer());
    List<long[]> progress = new ArrayList<>();

    ImportSummary summary = importer.importFile(file, "ESZ6-CME", 1.0, (done, total) -> {
      progress.add(new long[] {done, total});
      if (progress.size() == 1) {
        // Appended after the first chunk was read, as Sierra Chart appends to a file being imported.
        appendUnchecked(file, new SyntheticTrades(2, Instant.parse("2026-11-20T15:00:00Z"),
            DateTimeEncoding.INT64_MICROS, 0), 5);
      }
    });

    assertThat(summary.records()).isEqualTo(15);
    assertThat(summary.trades() + summary.bars() + summary.rejected()).isEqualTo(summary.records());
    assertThat(summary.bars()).isPositive();
    assertThat(producer.history()).hasSize((int) (summary.trades() + summary.rejected()));
    assertThat(progress).extracting(counts -> counts[0] + "/" + counts[1]).containsExactly("10/10", "15/15");
  }

  @Test
  void shouldRefuseAFileOfAFewRecordsNoneOfWhichHasADateTime() throws Exception {
    Path file = directory.resolve("ESZ6-CME.scid");
    // Fewer than the 16 records the encoding is detected from: the connector would wait for more, an import cannot.
    SierraFileWriter.appendRecords(file, 3, (buffer, offset) -> new IntradayRecordEncoder().wrap(buffer, offset)
        .trade(RecordKind.SINGLE_TRADE, 42, 4000f, 4000f, 4000.25f, 1, true));
    MockProducer<String, byte[]> producer = mockProducer();
    ScidImporter importer = new ScidImporter(producer, TickflowTopics.RAW_TRADES, TickflowTopics.DEAD_LETTER,
        SymbolNormalization.of(Map.of()).newNormalizer());

    assertThatThrownBy(() -> importer.importFile(file, "ESZ6-CME", 1.0, (done, total) -> { }))
        .isInstanceOf(SierraFileException.class)
        .hasMessageContaining("none of the first 3 records has a date-time");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldKeyAndTimestampALegacyTradeWithItsTimeRoundedToTheMillisecond() throws Exception {
    Path file = directory.resolve("ESZ3-CME.scid");
    // 0.4 ms before the new year that makes ESZ3 the 2033 contract: its event time is in the new year.
    long raw = DateTimeEncoding.FLOAT64_DAYS.fromUnixMicros(
        DateTimeEncoding.toMicros(Instant.parse("2025-12-31T23:59:59.999600Z")));
    SierraFileWriter.appendRecords(file, 1, (buffer, offset) -> new IntradayRecordEncoder().wrap(buffer, offset)
        .trade(RecordKind.SINGLE_TRADE, raw, 6000f, 6000f, 6000.25f, 1, true));
    MockProducer<String, byte[]> producer = mockProducer();
    ScidImporter importer = new ScidImporter(producer, TickflowTopics.RAW_TRADES, TickflowTopics.DEAD_LETTER,
        SymbolNormalization.of(Map.of()).newNormalizer());

    ImportSummary summary = importer.importFile(file, "ESZ3-CME", 1.0, (done, total) -> { });

    assertThat(summary.first()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(producer.history()).singleElement().satisfies(record -> {
      assertThat(record.key()).isEqualTo("ESZ33");
      assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    });
  }

  private static MockProducer<String, byte[]> mockProducer() {
    return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  }

  private static void appendUnchecked(Path file, SyntheticTrades trades, long count) {
    try {
      trades.appendTo(file, count);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A real producer that counts the sends it is asked for. */
  private static final class CountingProducer extends KafkaProducer<String, byte[]> {

    private final AtomicInteger sends = new AtomicInteger();

    CountingProducer(int port) {
      super(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port, ProducerConfig.MAX_BLOCK_MS_CONFIG,
          200), new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
      sends.incrementAndGet();
      return super.send(record, callback);
    }
  }
}
