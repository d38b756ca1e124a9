package io.tickflow.connect.scid;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.FilePrices;
import io.tickflow.scid.IntradayRecordDecoder;
import io.tickflow.scid.TickTrades;
import io.tickflow.scid.TradeSequencer;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code .scid} records: a record with an implausible date-time or a non-finite price is refused to the
 * dead-letter topic; otherwise a tick record becomes a Trade (and a Quote when a quotes topic is set) and a bar
 * record is skipped and counted, because a bar is not a trade and its High/Low are not quotes.
 */
final class TradeMapper implements RecordMapper {

  private static final Logger log = LoggerFactory.getLogger(TradeMapper.class);

  private final IntradayRecordDecoder decoder = new IntradayRecordDecoder();
  private final FileTarget target;
  private final DateTimeEncoding encoding;
  private final TradeSequencer sequencer;
  private final ScidSourceConnectorConfig config;
  private final TaskCounters counters;
  private final MappedRecords records;
  private final DeadLetters deadLetters;
  /** Whether this file's first bar record was logged: a bar file publishes nothing, which must not be silent. */
  private boolean barsReported;

  TradeMapper(FileTarget target, DateTimeEncoding encoding, ScidSourceConnectorConfig config,
              TaskCounters counters, MappedRecords records, DeadLetters deadLetters) {
    this.target = target;
    this.encoding = encoding;
    this.sequencer = new TradeSequencer(encoding);
    this.config = config;
    this.counters = counters;
    this.records = records;
    this.deadLetters = deadLetters;
  }

  @Override
  public void map(ByteBuffer buffer, int offset, long position, long previousRawDateTime, Instant receiveTime,
                  List<SourceRecord> out) {
    decoder.wrap(buffer, offset);
    final long raw = decoder.rawDateTime();
    final Map<String, Long> sourceOffset = FileTarget.offset(position + IntradayRecordDecoder.ENCODED_LENGTH, raw);
    // Checked before the kind: any Open bits but a trade marker read as a bar, garbage too, and must not be
    // skipped as one.
    final String problem = problem();
    if (problem != null) {
      counters.recordsRejected.incrementAndGet();
      out.add(deadLetters.record(target, config.tradesTopic(), "undecodable",
          target.file() + " at byte " + position + ": " + problem, buffer, offset,
          IntradayRecordDecoder.ENCODED_LENGTH, sourceOffset, receiveTime));
      return;
    }
    if (!decoder.kind().isTrade()) {
      counters.barRecordsSkipped.incrementAndGet();
      if (!barsReported) {
        barsReported = true;
        log.warn("{} holds bar records (first at byte {}): they are skipped, only tick records become trades. Set the"
            + " symbol's Intraday Data Storage Time Unit to 1 Tick in Sierra Chart to record trades.", target.file(),
            position);
      }
      return;
    }
    sequencer.next(raw);
    final Trade trade = TickTrades.toTrade(decoder, sequencer, target.symbol(), target.priceMultiplier(),
        receiveTime);
    final Instant eventTime = trade.getEventTime();
    final boolean withQuote = !config.quotesTopic().isEmpty();
    // Only the last record made from a file record may carry the offset past it: Connect commits a file's offset
    // once a record and all before it are acknowledged, so a trade acknowledged before its quote would commit a
    // record whose quote a crash then loses. The trade resumes at its own record; a crash between the two reads it
    // again, and deduplication drops the repeated trade.
    out.add(sourceRecord(config.tradesTopic(),
        withQuote ? FileTarget.offset(position, previousRawDateTime) : sourceOffset, eventTime, trade));
    counters.tradesPublished.incrementAndGet();
    if (withQuote) {
      out.add(sourceRecord(config.quotesTopic(), sourceOffset, eventTime, Quote.newBuilder()
          .setSymbol(target.symbol())
          .setBidPrice(FilePrices.decimal(decoder.low(), target.priceMultiplier()))
          .setAskPrice(FilePrices.decimal(decoder.high(), target.priceMultiplier()))
          .setEventTime(eventTime)
          .setReceiveTime(receiveTime)
          .setSource(DataSource.FILE)
          .build()));
    }
  }

  @Override
  public void replay(ByteBuffer buffer, int offset) {
    decoder.wrap(buffer, offset);
    // Exactly the trades map() sequences, or a resumed file numbers its trades otherwise than a full read.
    if (decoder.kind().isTrade() && problem() == null) {
      sequencer.next(decoder.rawDateTime());
    }
  }

  /** Whether the resume point needs earlier trades replayed to rebuild sequence numbers (legacy files). */
  boolean needsReplay() {
    return sequencer.needsReplay();
  }

  /** Why the current record is refused, or null. */
  private String problem() {
    return TickTrades.problem(decoder, encoding.toUnixMicros(decoder.rawDateTime()));
  }

  private SourceRecord sourceRecord(String topic, Map<String, Long> sourceOffset, Instant eventTime,
                                    GenericRecord value) {
    return records.of(target, topic, sourceOffset, eventTime, value);
  }
}
