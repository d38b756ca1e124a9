package io.tickflow.serde;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Guards a hand-written {@link RecordCodec} against drift from its {@code .avsc}: the codec states the fingerprint and
 * the field layout (name and type, logical types included) it was written for, and its construction fails as soon as
 * the schema says otherwise. Every serde test then fails, so a schema change cannot ship with a stale codec.
 */
final class CodecLayout {

  private CodecLayout() {
  }

  /**
   * Checks the schema against what the codec was written for.
   *
   * @throws IllegalStateException naming the codec, both fingerprints and both layouts when they differ
   */
  static void verify(String codec, Schema schema, long writtenFor, List<String> layout) {
    long fingerprint = SchemaCatalog.fingerprint(schema);
    List<String> actual = of(schema);
    if (fingerprint != writtenFor || !actual.equals(layout)) {
      throw new IllegalStateException(String.format("%s was written for %s fingerprint %016x with fields %s, but the"
              + " schema now has fingerprint %016x with fields %s: update the codec (field order, types, unions) and"
              + " its fingerprint", codec, schema.getFullName(), writtenFor, layout, fingerprint, actual));
    }
  }

  /**
   * The fields of a record schema in order, each as {@code "name type"}, e.g. {@code "eventTime long/timestamp-micros"}
   * or {@code "bidPrice [null,double]"}.
   */
  static List<String> of(Schema record) {
    return record.getFields().stream().map(field -> field.name() + " " + describe(field.schema())).toList();
  }

  private static String describe(Schema schema) {
    switch (schema.getType()) {
      case UNION:
        return schema.getTypes().stream().map(CodecLayout::describe).collect(Collectors.joining(",", "[", "]"));
      case ENUM:
        // The codec maps symbols through the generated enum (ordinal), which follows the schema's symbols; a change
        // of symbols changes the fingerprint.
        return "enum " + schema.getFullName();
      default:
        LogicalType logical = schema.getLogicalType();
        return logical == null ? schema.getType().getName() : schema.getType().getName() + "/" + logical.getName();
    }
  }
}
