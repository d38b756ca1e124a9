package io.tickflow.serde;

import java.io.IOException;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object encoded bytes into a generated record, resolving the writer schema by its fingerprint in a
 * {@link SchemaStore} (by default every released version of the contract), so data written by an older or newer
 * compatible schema decodes into the current class. Data of the hot records (trade, quote, depth update, bar) written
 * with the current schema goes through a hand-written codec that reads it as Avro's decoder would, faster. Thread-safe.
 *
 * <p>Bytes that are not single-object encoded, carry an unknown fingerprint or have a corrupt body raise a
 * {@link SerializationException} naming the topic and the fingerprint.
 *
 * @param <T> the generated record class
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final BinaryMessageDecoder<T> decoder;
  private final Optional<SingleObjectCodec<T>> fast;
  private final String typeName;

  public AvroDeserializer(Class<T> type) {
    this(type, SchemaCatalog.get());
  }

  public AvroDeserializer(Class<T> type, SchemaStore writerSchemas) {
    SpecificData model = SpecificData.getForClass(type);
    Schema readerSchema = model.getSchema(type);
    this.decoder = new BinaryMessageDecoder<>(model, readerSchema, writerSchemas);
    this.fast = SingleObjectCodec.forType(type);
    this.typeName = readerSchema.getFullName();
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      // Avro's decoder, too, reads the reader's own fingerprint with the reader schema, whatever the store holds.
      if (fast.isPresent() && fast.get().isCurrentWriter(data)) {
        return fast.get().decode(data);
      }
      return decoder.decode(data);
    } catch (BadHeaderException e) {
      throw new SerializationException("Topic " + topic + ": not Avro single-object data for " + typeName
          + " (first bytes " + SingleObjectHeader.prefixHex(data) + ")", e);
    } catch (MissingSchemaException e) {
      throw new SerializationException("Topic " + topic + ": unknown writer schema fingerprint "
          + SingleObjectHeader.describeFingerprint(data) + " for " + typeName
          + " (not a released version of the contract)", e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Topic " + topic + ": corrupt Avro body for " + typeName + " (fingerprint "
          + SingleObjectHeader.describeFingerprint(data) + ", " + data.length + " bytes): " + e.getMessage(), e);
    }
  }
}
