package io.tickflow.connect.converter;

import io.tickflow.serde.SchemaCatalog;
import io.tickflow.serde.SingleObjectHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter for Tickflow's Avro single-object bytes, so connectors read and write exactly what the
 * Streams app reads and writes. Writing: a {@link Struct} whose schema is named after a contract record (e.g.
 * {@code io.tickflow.schemas.Trade}) is encoded with that record's current schema. Reading: the writer schema is
 * found by its fingerprint among every released version and the data is resolved to the current version. No schema
 * registry and no configuration. Thread-safe.
 */
public final class AvroConverter implements Converter {

  private final SchemaCatalog catalog = SchemaCatalog.get();
  private final ConnectAvroData data = ConnectAvroData.get();
  private final Map<Schema, BinaryMessageEncoder<GenericRecord>> encoders = new ConcurrentHashMap<>();
  private final Map<Schema, BinaryMessageDecoder<GenericRecord>> decoders = new ConcurrentHashMap<>();

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the contract's schemas are compiled in.
  }

  @Override
  public byte[] fromConnectData(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Struct)) {
      throw new DataException("Topic " + topic + ": expected a Struct of a Tickflow record, got "
          + value.getClass().getName());
    }
    Struct struct = (Struct) value;
    String name = struct.schema().name();
    Schema avroSchema = catalog.current(name == null ? "" : name).orElseThrow(() -> new DataException(
        "Topic " + topic + ": Connect schema '" + name + "' is not a record of the Tickflow contract"));
    GenericRecord record = data.toAvro(struct, avroSchema);
    try {
      ByteBuffer buffer = encoders.computeIfAbsent(avroSchema,
          s -> new BinaryMessageEncoder<>(GenericData.get(), s)).encode(record);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException | RuntimeException e) {
      throw new DataException("Topic " + topic + ": cannot encode " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    OptionalLong fingerprint = SingleObjectHeader.fingerprint(value);
    if (fingerprint.isEmpty()) {
      throw new DataException("Topic " + topic + ": not Avro single-object data (first bytes "
          + SingleObjectHeader.prefixHex(value) + ")");
    }
    Schema writer = catalog.findByFingerprint(fingerprint.getAsLong());
    if (writer == null) {
      throw new DataException("Topic " + topic + ": unknown writer schema fingerprint "
          + SingleObjectHeader.describeFingerprint(value));
    }
    Schema reader = catalog.current(writer.getFullName()).orElse(writer);
    try {
      GenericRecord record = decoders.computeIfAbsent(reader,
          s -> new BinaryMessageDecoder<>(GenericData.get(), s, catalog)).decode(value);
      Struct struct = data.toStruct(record);
      return new SchemaAndValue(struct.schema(), struct);
    } catch (IOException | RuntimeException e) {
      throw new DataException("Topic " + topic + ": corrupt Avro body for " + writer.getFullName()
          + " (fingerprint " + SingleObjectHeader.describeFingerprint(value) + "): " + e.getMessage(), e);
    }
  }
}
