package io.tickflow.connect.sink;

import io.debezium.time.MicroTimestamp;
import io.debezium.time.ZonedTimestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Rewrites the top-level microsecond timestamps of a record value (INT64 {@code io.debezium.time.MicroTimestamp},
 * as the Tickflow converter makes them) as Debezium {@code io.debezium.time.ZonedTimestamp} strings in UTC
 * ({@code 2026-11-25T14:30:00.123456Z}), exactly. Debezium's PostgreSQL UNNEST writer
 * ({@code dialect.postgres.unnest.insert.enabled}) puts field values into SQL arrays as they are: microsecond
 * numbers are refused by the timestamp array, ISO strings are read by PostgreSQL. Its row-by-row writer, used for
 * single records, binds the same strings as offset date-times.
 *
 * <p>Other records pass unchanged: a value without a Struct is the task's to dead-letter, and a value without
 * microsecond timestamps needs nothing.
 */
public final class MicroTimestampToZoned implements Transformation<SinkRecord> {

  /** No settings. */
  public static final ConfigDef CONFIG_DEF = new ConfigDef();

  // Contract schemas are few and fixed: one converted schema per value schema seen.
  private final Map<Schema, Schema> converted = new ConcurrentHashMap<>();

  @Override
  public void configure(Map<String, ?> configs) {
    // Nothing to configure.
  }

  @Override
  public SinkRecord apply(SinkRecord record) {
    if (!(record.value() instanceof Struct)) {
      return record;
    }
    Struct value = (Struct) record.value();
    Schema schema = converted.computeIfAbsent(value.schema(), MicroTimestampToZoned::convertSchema);
    if (schema == value.schema()) {
      return record;
    }
    Struct result = new Struct(schema);
    for (Field field : schema.fields()) {
      Object fieldValue = value.get(field.name());
      result.put(field, isMicroTimestamp(value.schema().field(field.name()).schema())
          ? zoned((Long) fieldValue) : fieldValue);
    }
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
        result, record.timestamp(), record.headers());
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    converted.clear();
  }

  /** Microseconds since the epoch as an ISO-8601 UTC date-time, digits of the fraction as needed; null stays. */
  static String zoned(Long micros) {
    if (micros == null) {
      return null;
    }
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** The schema with its microsecond timestamps as ZonedTimestamp strings; the same schema when it has none. */
  private static Schema convertSchema(Schema schema) {
    if (schema.type() != Schema.Type.STRUCT
        || schema.fields().stream().noneMatch(field -> isMicroTimestamp(field.schema()))) {
      return schema;
    }
    SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version())
        .doc(schema.doc());
    if (schema.parameters() != null) {
      builder.parameters(schema.parameters());
    }
    if (schema.isOptional()) {
      builder.optional();
    }
    for (Field field : schema.fields()) {
      builder.field(field.name(), isMicroTimestamp(field.schema()) ? zonedSchema(field.schema()) : field.schema());
    }
    return builder.build();
  }

  private static Schema zonedSchema(Schema micro) {
    SchemaBuilder zoned = ZonedTimestamp.builder().doc(micro.doc());
    if (micro.isOptional()) {
      zoned.optional();
    }
    if (micro.defaultValue() != null) {
      zoned.defaultValue(zoned((Long) micro.defaultValue()));
    }
    return zoned.build();
  }

  private static boolean isMicroTimestamp(Schema schema) {
    return schema.type() == Schema.Type.INT64 && MicroTimestamp.SCHEMA_NAME.equals(schema.name());
  }
}
