package io.tickflow.connect.converter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps the contract's Avro records to Kafka Connect data and back, for the subset of Avro the contract uses:
 * records, string, enum, int, long, double, boolean, bytes, nullable unions, {@code timestamp-micros} and
 * {@code time-millis}. Written here because Confluent's {@code AvroData} is not on Maven Central.
 *
 * <p>Type mapping (both ways):
 * <ul>
 *   <li>record: STRUCT named with the record's full name;</li>
 *   <li>enum: STRING named with the enum's full name, its symbols in the {@value #ENUM_SYMBOLS} parameter;</li>
 *   <li>{@code long timestamp-micros}: INT64 named {@value #MICRO_TIMESTAMP}, microseconds since the epoch (the
 *       name Debezium's JDBC sink maps to a timestamp column);</li>
 *   <li>{@code int time-millis}: Connect {@link Time} ({@link Date} of milliseconds after midnight);</li>
 *   <li>{@code ["null", T]}: optional T with default null;</li>
 *   <li>string, int, long, double, boolean, bytes: STRING, INT32, INT64, FLOAT64, BOOLEAN, BYTES.</li>
 * </ul>
 * Schemas are cached; thread-safe.
 */
public final class ConnectAvroData {

  /** Connect schema name of microsecond timestamps. */
  public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
  /** Connect schema parameter listing an enum's symbols, comma-separated. */
  public static final String ENUM_SYMBOLS = "io.tickflow.avro.enum.symbols";

  private static final ConnectAvroData INSTANCE = new ConnectAvroData();

  private final Map<org.apache.avro.Schema, Schema> connectSchemas = new ConcurrentHashMap<>();

  private ConnectAvroData() {
  }

  public static ConnectAvroData get() {
    return INSTANCE;
  }

  /** The Connect schema of an Avro record schema. */
  public Schema connectSchema(org.apache.avro.Schema avroSchema) {
    return connectSchemas.computeIfAbsent(avroSchema, s -> toConnectSchema(s, false, false));
  }

  /**
   * An Avro record as a Connect Struct with its Connect schema. Takes generated records (for source connectors) and
   * generic ones; logical-type values may be raw (long micros, int millis) or converted ({@link Instant},
   * {@link LocalTime}).
   */
  public Struct toStruct(GenericRecord record) {
    return (Struct) toConnectValue(connectSchema(record.getSchema()), record.getSchema(), record);
  }

  /** A Connect Struct as an Avro record of the given schema; missing fields take their Avro defaults. */
  public GenericRecord toAvro(Struct struct, org.apache.avro.Schema avroSchema) {
    GenericData.Record record = new GenericData.Record(avroSchema);
    for (org.apache.avro.Schema.Field field : avroSchema.getFields()) {
      Field connectField = struct.schema().field(field.name());
      if (connectField == null) {
        if (!field.hasDefaultValue()) {
          throw new DataException("Struct " + struct.schema().name() + " lacks field '" + field.name()
              + "', which has no default in " + avroSchema.getFullName());
        }
        record.put(field.pos(), GenericData.get().getDefaultValue(field));
      } else {
        record.put(field.pos(), toAvroValue(field.schema(), struct.get(connectField), field.name()));
      }
    }
    return record;
  }

  private Schema toConnectSchema(org.apache.avro.Schema avro, boolean optional, boolean nullDefault) {
    SchemaBuilder builder = builderFor(avro);
    if (avro.getDoc() != null) {
      builder.doc(avro.getDoc());
    }
    if (optional) {
      builder.optional();
      if (nullDefault) {
        builder.defaultValue(null);
      }
    }
    return builder.build();
  }

  private SchemaBuilder builderFor(org.apache.avro.Schema avro) {
    LogicalType logical = avro.getLogicalType();
    switch (avro.getType()) {
      case RECORD:
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
          struct.field(field.name(), fieldSchema(field));
        }
        return struct;
      case ENUM:
        return SchemaBuilder.string().name(avro.getFullName())
            .parameter(ENUM_SYMBOLS, String.join(",", avro.getEnumSymbols()));
      case STRING:
        return SchemaBuilder.string();
      case INT:
        return logical instanceof LogicalTypes.TimeMillis ? Time.builder() : SchemaBuilder.int32();
      case LONG:
        return logical instanceof LogicalTypes.TimestampMicros
            ? SchemaBuilder.int64().name(MICRO_TIMESTAMP).version(1) : SchemaBuilder.int64();
      case DOUBLE:
        return SchemaBuilder.float64();
      case BOOLEAN:
        return SchemaBuilder.bool();
      case BYTES:
        return SchemaBuilder.bytes();
      default:
        throw new DataException("Avro type " + avro.getType() + " is not used by the Tickflow contract");
    }
  }

  private Schema fieldSchema(org.apache.avro.Schema.Field field) {
    org.apache.avro.Schema avro = field.schema();
    if (isNullableUnion(avro)) {
      return toConnectSchema(nonNullBranch(avro), true, true);
    }
    Schema plain = toConnectSchema(avro, false, false);
    if (!field.hasDefaultValue() || avro.getType() == org.apache.avro.Schema.Type.RECORD) {
      return plain;
    }
    SchemaBuilder withDefault = builderFor(avro).defaultValue(
        toConnectValue(plain, avro, GenericData.get().getDefaultValue(field)));
    if (avro.getDoc() != null) {
      withDefault.doc(avro.getDoc());
    }
    return withDefault.build();
  }

  private Object toConnectValue(Schema schema, org.apache.avro.Schema avro, Object value) {
    if (value == null) {
      return null;
    }
    if (isNullableUnion(avro)) {
      return toConnectValue(schema, nonNullBranch(avro), value);
    }
    switch (avro.getType()) {
      case RECORD:
        GenericRecord record = (GenericRecord) value;
        Struct struct = new Struct(schema);
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
          // One lookup by name per field: Struct.put(String, ...) would look the field up again.
          Field connectField = schema.field(field.name());
          struct.put(connectField, toConnectValue(connectField.schema(), field.schema(), record.get(field.pos())));
        }
        return struct;
      case ENUM:
      case STRING:
        return value.toString();
      case INT:
        return avro.getLogicalType() instanceof LogicalTypes.TimeMillis ? new Date(millisOfDay(value)) : value;
      case LONG:
        return value instanceof Instant ? micros((Instant) value) : value;
      case BYTES:
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      default:
        return value;
    }
  }

  private Object toAvroValue(org.apache.avro.Schema avro, Object value, String fieldName) {
    if (value == null) {
      if (isNullableUnion(avro)) {
        return null;
      }
      throw new DataException("Field '" + fieldName + "' is null but not nullable in the Avro contract");
    }
    if (isNullableUnion(avro)) {
      return toAvroValue(nonNullBranch(avro), value, fieldName);
    }
    switch (avro.getType()) {
      case RECORD:
        return toAvro((Struct) value, avro);
      case ENUM:
        String symbol = value.toString();
        if (!avro.hasEnumSymbol(symbol)) {
          throw new DataException("Field '" + fieldName + "': '" + symbol + "' is not one of "
              + avro.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(avro, symbol);
      case STRING:
        return new Utf8(value.toString());
      case INT:
        return value instanceof Date ? (int) ((Date) value).getTime() : value;
      case BYTES:
        return value instanceof ByteBuffer ? value : ByteBuffer.wrap((byte[]) value);
      default:
        return value;
    }
  }

  private static long millisOfDay(Object value) {
    return value instanceof LocalTime
        ? TimeUnit.NANOSECONDS.toMillis(((LocalTime) value).toNanoOfDay()) : ((Number) value).longValue();
  }

  private static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  private static boolean isNullableUnion(org.apache.avro.Schema avro) {
    return avro.getType() == org.apache.avro.Schema.Type.UNION && avro.getTypes().size() == 2
        && avro.getTypes().get(0).getType() == org.apache.avro.Schema.Type.NULL;
  }

  private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
    return union.getTypes().get(1);
  }

}
