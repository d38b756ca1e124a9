package io.tickflow.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka {@code Serde} of one contract record type in Avro single-object encoding. Registry-free: see
 * {@link AvroSerializer} and {@link AvroDeserializer}. Thread-safe.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {

  public AvroSerde(Class<T> type) {
    super(new AvroSerializer<>(type), new AvroDeserializer<>(type));
  }

  /** The serde of a generated record class, e.g. {@code AvroSerde.of(Trade.class)}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }
}
