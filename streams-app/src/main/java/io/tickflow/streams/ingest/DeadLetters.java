package io.tickflow.streams.ingest;

import io.tickflow.bars.TradeTick;
import io.tickflow.schemas.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the {@link DeadLetter} of a refused record, with the coordinates of the record being processed. */
public final class DeadLetters {

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
    return new DeadLetter(metadata == null ? "" : metadata.topic(), metadata == null ? -1 : metadata.partition(),
        metadata == null ? -1L : metadata.offset(), rejection.reason(), rejection.detail(),
        key == null ? null : ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value),
        TradeTick.toInstant(timestampMs * 1_000L));
  }
}
