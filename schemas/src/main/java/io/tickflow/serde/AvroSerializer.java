package io.tickflow.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a record as Avro single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the record's
 * current schema (little-endian), then the Avro binary body. No schema registry is involved; any reader holding the
 * {@code .avsc} can decode it. The hot records (trade, quote, depth update, bar) go through a hand-written codec that
 * writes the same bytes as Avro's encoder, faster. Thread-safe (encoders keep their buffers per thread).
 *
 * @param <T> the generated record class
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final BinaryMessageEncoder<T> encoder;
  private final Optional<SingleObjectCodec<T>> fast;

  public AvroSerializer(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    // No copy inside Avro: serialize copies the bytes out of the shared buffer right away.
    this.encoder = new BinaryMessageEncoder<>(model, model.getSchema(type), false);
    this.fast = SingleObjectCodec.forType(type);
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    if (fast.isPresent()) {
      try {
        return fast.get().encode(value);
      } catch (IOException | RuntimeException e) {
        // An invalid record (a null where the schema has none, an instant out of range): Avro's writer below fails
        // on it too, naming the field.
      }
    }
    try {
      ByteBuffer buffer = encoder.encode(value);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot encode " + value.getSchema().getFullName() + " for topic " + topic
          + ": " + e.getMessage(), e);
    }
  }
}
