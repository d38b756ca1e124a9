package io.tickflow.cli.scid;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import io.tickflow.scid.SierraFileReader;
import io.tickflow.scid.TickTrades;
import io.tickflow.scid.TradeSequencer;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.symbols.SymbolNormalizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Imports a whole {@code .scid} file into Kafka once: tick records become {@link Trade}s on the trades topic, bar
 * records are skipped and counted, undecodable records go to the dead-letter topic with their bytes. Uses the same
 * record-to-trade mapping and the same keys (the canonical symbol at the trade's time) as the file connector, so an
 * import and a tailed file give identical records (and the Streams app's dedup removes a re-import).
 */
final class ScidImporter {

  private static final int CHUNK_RECORDS = 8192;

  private final Producer<String, byte[]> producer;
  private final String tradesTopic;
  private final String deadLetterTopic;
  private final SymbolNormalizer normalizer;
  private final AvroSerializer<Trade> trades = new AvroSerializer<>(Trade.class);
  private final AvroSerializer<DeadLetter> deadLetters = new AvroSerializer<>(DeadLetter.class);
  /**
   * The first send Kafka did not take. The import stops at it: every later send would fail the same way, each after
   * the producer's {@code max.block.ms} when the cluster is unreachable, and a summary must not count them as sent.
   */
  private final AtomicReference<Exception> undelivered = new AtomicReference<>();
  private final Callback onDelivery = (metadata, failure) -> {
    if (failure != null) {
      undelivered.compareAndSet(null, failure);
    }
  };

  /** @param normalizer gives the record keys; the Streams app's rules, so its records need no repartition */
  ScidImporter(Producer<String, byte[]> producer, String tradesTopic, String deadLetterTopic,
               SymbolNormalizer normalizer) {
    this.producer = producer;
    this.tradesTopic = tradesTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.normalizer = normalizer;
  }

  /**
   * Sends every record of the file (not flushed: the caller flushes once for all files, then calls {@link
   * #requireDelivered}).
   *
   * @param progress told the records read so far and the file's records, after each chunk; a file that grows
   *     during the import is read to its end as it is then, and every record read is counted
   * @throws SierraFileException when the file is not a valid .scid file
   * @throws KafkaException when Kafka refused or did not take a record sent so far
   */
  ImportSummary importFile(Path file, String symbol, double priceMultiplier, Progress progress)
      throws IOException {
    if (SierraFileFormat.of(file) != SierraFileFormat.SCID) {
      throw new SierraFileException(file, 0, "only .scid files hold trades");
    }
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow(() ->
        new SierraFileException(file, 0, "file is shorter than its header"))) {
      // The file as it is now is all there is to import: records none of which has a date-time make no .scid file,
      // however few (as `scid dump` decides), where the connector, tailing, waits for more.
      Optional<DateTimeEncoding> encoding = reader.encodingOfCompleteFile();
      ImportSummary.Builder summary = new ImportSummary.Builder(file, symbol);
      if (encoding.isPresent()) {
        send(reader, encoding.get(), symbol, priceMultiplier, summary, progress);
      }
      return summary.build(reader.partialRecord());
    }
  }

  private void send(SierraFileReader reader, DateTimeEncoding encoding, String symbol, double priceMultiplier,
                    ImportSummary.Builder summary, Progress progress) throws IOException {
    IntradayRecordDecoder record = new IntradayRecordDecoder();
    TradeSequencer sequencer = new TradeSequencer(encoding);
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_RECORDS * IntradayRecordDecoder.ENCODED_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN);
    Instant receiveTime = Instant.now();
    long position = reader.header().headerSize();
    for (int n = reader.read(position, buffer, CHUNK_RECORDS); n > 0;
         n = reader.read(position, buffer, CHUNK_RECORDS)) {
      for (int i = 0; i < n; i++) {
        int offset = i * IntradayRecordDecoder.ENCODED_LENGTH;
        record.wrap(buffer, offset);
        long recordPosition = position + offset;
        long micros = encoding.toUnixMicros(record.rawDateTime());
        // Checked before the kind, as the connector does: any Open bits but a trade marker read as a bar, garbage
        // too, and must not be skipped as one.
        String problem = TickTrades.problem(record, micros);
        if (problem != null) {
          reject(reader.file(), symbol, recordPosition, problem, buffer, offset, receiveTime);
          summary.rejected();
          continue;
        }
        if (!record.kind().isTrade()) {
          summary.barSkipped();
          continue;
        }
        sequencer.next(record.rawDateTime());
        Trade trade = TickTrades.toTrade(record, sequencer, symbol, priceMultiplier, receiveTime);
        // Timestamped and keyed with the event time, as the connector does: a legacy time rounds to the next
        // millisecond, and so can its year, which decides a one-digit futures year.
        long eventMicros = sequencer.eventTimeMicros();
        send(new ProducerRecord<>(tradesTopic, null, eventMicros / 1000, key(symbol, eventMicros),
            trades.serialize(tradesTopic, trade)));
        summary.sent(trade.getEventTime());
      }
      position += (long) n * IntradayRecordDecoder.ENCODED_LENGTH;
      // The file's size now, not at the start: records appended during the import are read too, and counted.
      progress.update(summary.read(), Math.max(summary.read(), reader.recordCount()));
    }
  }

  /** Receives progress after each chunk of records. */
  interface Progress {
    void update(long done, long total);
  }

  /** The canonical symbol at a time: the time decides a one-digit futures year, as in the Streams app. */
  private String key(String symbol, long micros) {
    return normalizer.normalize(symbol, micros).symbol();
  }

  /** A dead letter keyed like the file's trades, as of the import (the record's own time is not to be trusted). */
  private void reject(Path file, String symbol, long position, String problem, ByteBuffer buffer, int offset,
                      Instant when) {
    String key = key(symbol, DateTimeEncoding.toMicros(when));
    byte[] bytes = new byte[IntradayRecordDecoder.ENCODED_LENGTH];
    buffer.get(offset, bytes);
    DeadLetter letter = DeadLetter.newBuilder().setSourceTopic("file:" + file.getFileName())
        .setSourcePartition(-1).setSourceOffset(position).setReasonCode("undecodable")
        .setDetail(file + " at byte " + position + ": " + problem)
        .setOriginalKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setOriginalValue(ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length))).setRejectedAt(when).build();
    send(new ProducerRecord<>(deadLetterTopic, key, deadLetters.serialize(deadLetterTopic, letter)));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    requireDelivered();
    producer.send(record, onDelivery);
  }

  /**
   * Checks that Kafka took every record sent so far; after the producer's flush, that all of them were delivered.
   *
   * @throws KafkaException naming the first failure
   */
  void requireDelivered() {
    Exception failure = undelivered.get();
    if (failure != null) {
      throw new KafkaException("a record was not delivered, so the import stopped (importing again is safe: the "
          + "Streams app drops trades it already has): " + failure.getMessage(), failure);
    }
  }
}
