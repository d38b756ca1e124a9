package io.tickflow.connect.scid;

import io.tickflow.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds the DeadLetter records of refused files and records, keyed like the file's records, by the canonical symbol
 * at the time of the refusal (a refused record's own time is not to be trusted).
 */
final class DeadLetters {

  private final String topic;
  private final MappedRecords records;

  DeadLetters(String topic, MappedRecords records) {
    this.topic = topic;
    this.records = records;
  }

  /**
   * A dead letter for one refused record, carrying its raw bytes and the offset after it, so the refusal is
   * committed with the record's position like any published record.
   */
  SourceRecord record(FileTarget target, String intendedTopic, String reasonCode, String detail,
                      ByteBuffer buffer, int offset, int length, Map<String, Long> sourceOffset, Instant time) {
    final byte[] original = new byte[length];
    buffer.get(offset, original);
    return build(target, intendedTopic, reasonCode, detail, original, sourceOffset, time);
  }

  /**
   * A dead letter for a refused file; its offset is position 0 ("nothing read"), so a repaired file is read
   * from its start.
   */
  SourceRecord file(FileTarget target, String intendedTopic, String detail, Instant time) {
    return build(target, intendedTopic, "bad_file", detail,
        target.file().toString().getBytes(StandardCharsets.UTF_8),
        Map.of(FileTarget.POSITION_FIELD, 0L), time);
  }

  private SourceRecord build(FileTarget target, String intendedTopic, String reasonCode, String detail,
                             byte[] original, Map<String, Long> sourceOffset, Instant time) {
    final DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(intendedTopic)
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setReasonCode(reasonCode)
        .setDetail(detail)
        .setOriginalKey(ByteBuffer.wrap(records.key(target, time).getBytes(StandardCharsets.UTF_8)))
        .setOriginalValue(ByteBuffer.wrap(original))
        .setRejectedAt(time)
        .build();
    return records.of(target, topic, sourceOffset, time, letter);
  }
}
