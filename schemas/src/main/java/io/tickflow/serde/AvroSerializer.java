package io.tickflow.serde;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a record as Avro single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the record's
 * current schema (little-endian), then the Avro binary body. No schema registry is involved; any reader holding the
 * {@code .avsc} can decode it. Thread-safe (Avro's encoder keeps its buffers per thread).
 *
 * @param <T> the generated record class
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final BinaryMessageEncoder<T> encoder;

  public AvroSerializer(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, model.getSchema(type));
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(value);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (java.io.IOException | RuntimeException e) {
      throw new SerializationException("Cannot encode " + value.getSchema().getFullName() + " for topic " + topic
          + ": " + e.getMessage(), e);
    }
  }
}
