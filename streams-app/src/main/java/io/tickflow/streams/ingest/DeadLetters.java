package io.tickflow.streams.ingest;

import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the {@link DeadLetter} of a refused record, with the coordinates of the record being processed. */
public final class DeadLetters {

  /**
   * The most original key or value bytes a dead letter carries. A letter holds its record and more, so one of a
   * record near the topic's message size limit (1 MiB by default) could not be written, and the failed write would
   * stop the stream thread; a longer record keeps its first bytes, and its coordinates point to the whole of it.
   */
  public static final int MAX_ORIGINAL_BYTES = 512 * 1024;

  private DeadLetters() {
  }

  /**
   * The dead letter of the record in process.
   *
   * @param context the processor context, for the source topic, partition and offset
   * @param rejection why
   * @param key the record's key bytes, or null
   * @param value the record's value bytes as read, or null
   * @param timestampMs the record's timestamp, which becomes {@code rejectedAt} so that replays give equal letters
   */
  public static DeadLetter of(ProcessorContext<?, ?> context, Rejection rejection, byte[] key, byte[] value,
                              long timestampMs) {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    return of(metadata == null ? "" : metadata.topic(), metadata == null ? -1 : metadata.partition(),
        metadata == null ? -1L : metadata.offset(), rejection, key, value, timestampMs);
  }

  /**
   * The dead letter of a record processed before, from its coordinates (a trade held for a price level that was
   * not confirmed).
   */
  public static DeadLetter of(String topic, int partition, long offset, Rejection rejection, byte[] key,
                              byte[] value, long timestampMs) {
    String detail = rejection.detail() + cutNote("key", key) + cutNote("value", value);
    return new DeadLetter(topic, partition, offset, rejection.reason().code(), detail, firstBytes(key),
        firstBytes(value), TradeTick.toInstant(timestampMs * 1_000L));
  }

  private static ByteBuffer firstBytes(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_ORIGINAL_BYTES)).slice();
  }

  private static String cutNote(String part, byte[] bytes) {
    return bytes == null || bytes.length <= MAX_ORIGINAL_BYTES ? "" : "; original " + part + " of " + bytes.length
        + " bytes cut to its first " + MAX_ORIGINAL_BYTES + " (the whole record is at the source coordinates)";
  }
}
