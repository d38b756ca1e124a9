package io.tickflow.serde;

import java.io.IOException;
import java.time.Instant;
import org.apache.avro.AvroTypeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * The field encodings the {@link RecordCodec}s share beyond Avro's primitives: {@code timestamp-micros} as an
 * {@link Instant}, {@code ["null", double|long]} unions and enums by index, each written and read the way Avro's
 * specific datum writer and reader do.
 */
final class CodecFields {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_MICRO = 1_000L;
  private static final int NULL_BRANCH = 0;
  private static final int VALUE_BRANCH = 1;

  private CodecFields() {
  }

  /**
   * Writes an instant as {@code timestamp-micros}: the arithmetic of Avro's {@code TimestampMicrosConversion.toLong}
   * (truncating sub-microsecond nanos, overflow an {@link ArithmeticException}), without boxing the result.
   */
  static void writeMicros(Encoder out, Instant instant) throws IOException {
    long seconds = instant.getEpochSecond();
    int nanos = instant.getNano();
    long micros;
    if (seconds < 0 && nanos > 0) {
      micros = Math.addExact(Math.multiplyExact(seconds + 1, MICROS_PER_SECOND),
          nanos / NANOS_PER_MICRO - MICROS_PER_SECOND);
    } else {
      micros = Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), nanos / NANOS_PER_MICRO);
    }
    out.writeLong(micros);
  }

  /** Reads {@code timestamp-micros} as Avro's {@code TimestampMicrosConversion.fromLong} does. */
  static Instant readMicros(Decoder in) throws IOException {
    long micros = in.readLong();
    return Instant.ofEpochSecond(micros / MICROS_PER_SECOND, (micros % MICROS_PER_SECOND) * NANOS_PER_MICRO);
  }

  /** Writes a {@code ["null", "double"]} union. */
  static void writeNullableDouble(Encoder out, Double value) throws IOException {
    if (writeBranch(out, value)) {
      out.writeDouble(value);
    }
  }

  /** Reads a {@code ["null", "double"]} union. */
  static Double readNullableDouble(Decoder in) throws IOException {
    return isNull(in) ? null : in.readDouble();
  }

  /** Writes a {@code ["null", "long"]} union. */
  static void writeNullableLong(Encoder out, Long value) throws IOException {
    if (writeBranch(out, value)) {
      out.writeLong(value);
    }
  }

  /** Reads a {@code ["null", "long"]} union. */
  static Long readNullableLong(Decoder in) throws IOException {
    return isNull(in) ? null : in.readLong();
  }

  /** Reads an enum index into the generated enum's constant (same order as the schema's symbols). */
  static <E extends Enum<E>> E readEnum(Decoder in, E[] symbols) throws IOException {
    int index = in.readEnum();
    if (index < 0 || index >= symbols.length) {
      throw new AvroTypeException("Enumeration out of range: max is " + symbols.length + " but received " + index);
    }
    return symbols[index];
  }

  /** Writes the union branch of a nullable field (and the null itself); true when the value is to follow. */
  private static boolean writeBranch(Encoder out, Object value) throws IOException {
    if (value == null) {
      out.writeIndex(NULL_BRANCH);
      out.writeNull();
      return false;
    }
    out.writeIndex(VALUE_BRANCH);
    return true;
  }

  private static boolean isNull(Decoder in) throws IOException {
    int branch = in.readIndex();
    if (branch == NULL_BRANCH) {
      in.readNull();
      return true;
    }
    if (branch == VALUE_BRANCH) {
      return false;
    }
    throw new AvroTypeException("Unknown union branch " + branch + " of a nullable field");
  }
}
