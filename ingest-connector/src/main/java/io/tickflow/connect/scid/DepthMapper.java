package io.tickflow.connect.scid;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.DepthCommand;
import io.tickflow.scid.DepthRecordDecoder;
import io.tickflow.scid.DepthRecords;
import io.tickflow.scid.FilePrices;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps {@code .depth} records one to one onto DepthUpdate records, keeping the END_OF_BATCH flag, so consumers
 * apply a batch as Sierra Chart wrote it (a legacy file, which has no flag, ends a batch at every record). An undefined command, an implausible date-time or a non-finite price is
 * refused to the dead-letter topic; otherwise NO_COMMAND records change nothing and are skipped and counted.
 */
final class DepthMapper implements RecordMapper {

  private final DepthRecordDecoder decoder = new DepthRecordDecoder();
  private final FileTarget target;
  private final DateTimeEncoding encoding;
  private final String topic;
  private final TaskCounters counters;
  private final MappedRecords records;
  private final DeadLetters deadLetters;

  DepthMapper(FileTarget target, DateTimeEncoding encoding, String topic, TaskCounters counters,
              MappedRecords records, DeadLetters deadLetters) {
    this.target = target;
    this.encoding = encoding;
    this.topic = topic;
    this.counters = counters;
    this.records = records;
    this.deadLetters = deadLetters;
  }

  @Override
  public void map(ByteBuffer buffer, int offset, long position, long previousRawDateTime, Instant receiveTime,
                  List<SourceRecord> out) {
    decoder.wrap(buffer, offset);
    final Map<String, Long> sourceOffset =
        FileTarget.offset(position + DepthRecordDecoder.ENCODED_LENGTH, decoder.rawDateTime());
    final DepthCommand command = DepthCommand.ofCode(decoder.commandCode());
    final long micros = encoding.toUnixMicros(decoder.rawDateTime());
    final String problem = DepthRecords.problem(decoder, command, micros);
    if (problem != null) {
      counters.recordsRejected.incrementAndGet();
      out.add(deadLetters.record(target, topic, "undecodable", target.file() + " at byte " + position + ": "
          + problem, buffer, offset, DepthRecordDecoder.ENCODED_LENGTH, sourceOffset, receiveTime));
      return;
    }
    if (command == DepthCommand.NO_COMMAND) {
      counters.noCommandRecordsSkipped.incrementAndGet();
      return;
    }
    final Instant eventTime = DateTimeEncoding.toInstant(micros);
    final boolean removes = command == DepthCommand.CLEAR_BOOK || command == DepthCommand.DELETE_BID_LEVEL
        || command == DepthCommand.DELETE_ASK_LEVEL;
    out.add(records.of(target, topic, sourceOffset, eventTime, DepthUpdate.newBuilder()
        .setSymbol(target.symbol())
        .setSide(side(command))
        .setPrice(command == DepthCommand.CLEAR_BOOK ? 0.0 : FilePrices.decimal(decoder.price(), target.priceMultiplier()))
        .setQuantity(removes ? 0 : decoder.quantity())
        .setNumOrders(removes ? 0 : decoder.numOrders())
        .setAction(action(command))
        .setEndOfBatch(DepthRecords.endOfBatch(decoder, encoding))
        .setEventTime(eventTime)
        .setReceiveTime(receiveTime)
        .setSource(DataSource.FILE)
        .build()));
    counters.depthUpdatesPublished.incrementAndGet();
  }

  @Override
  public void replay(ByteBuffer buffer, int offset) {
    // Depth updates carry no per-file state: nothing to rebuild.
  }

  private static BookSide side(DepthCommand command) {
    switch (command) {
      case ADD_BID_LEVEL:
      case MODIFY_BID_LEVEL:
      case DELETE_BID_LEVEL:
        return BookSide.BID;
      case ADD_ASK_LEVEL:
      case MODIFY_ASK_LEVEL:
      case DELETE_ASK_LEVEL:
        return BookSide.ASK;
      default:
        return BookSide.UNKNOWN;
    }
  }

  private static DepthAction action(DepthCommand command) {
    switch (command) {
      case ADD_BID_LEVEL:
      case ADD_ASK_LEVEL:
        return DepthAction.INSERT;
      case DELETE_BID_LEVEL:
      case DELETE_ASK_LEVEL:
        return DepthAction.DELETE;
      case CLEAR_BOOK:
        return DepthAction.CLEAR;
      default:
        return DepthAction.UPDATE;
    }
  }
}
