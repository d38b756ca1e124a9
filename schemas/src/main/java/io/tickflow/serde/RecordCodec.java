package io.tickflow.serde;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes and reads the Avro binary body of one generated record class, field by field in schema order, with Avro's
 * own encoder and decoder primitives. It stands in for Avro's reflective {@code SpecificDatumWriter}/{@code Reader}
 * on the hot path, because Avro generates no custom coders for records that use logical-type conversions (our
 * {@code timestamp-micros} fields). Construction checks the schema against the fingerprint and field layout the codec
 * was written for ({@link CodecLayout}). Implementations are stateless and thread-safe.
 *
 * @param <T> the generated record class
 */
abstract class RecordCodec<T extends SpecificRecord> {

  private final Schema schema;

  /**
   * @throws IllegalStateException when the schema is not the one the codec was written for
   */
  RecordCodec(Schema schema, long writtenFor, List<String> layout) {
    CodecLayout.verify(getClass().getSimpleName(), schema, writtenFor, layout);
    this.schema = schema;
  }

  /** The current schema of the record: the writer schema of {@link #write} and the one {@link #read} expects. */
  final Schema schema() {
    return schema;
  }

  /** Writes the record's body exactly as Avro's {@code SpecificDatumWriter} would with {@link #schema()}. */
  abstract void write(T record, Encoder out) throws IOException;

  /** Reads a body written with {@link #schema()}, as Avro's {@code SpecificDatumReader} would. */
  abstract T read(Decoder in) throws IOException;
}
