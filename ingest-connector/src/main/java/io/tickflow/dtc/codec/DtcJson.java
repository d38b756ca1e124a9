package io.tickflow.dtc.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickflow.dtc.codec.message.DtcMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * DTC JSON encoding, converted to and from the binary struct image through each type's {@link MessageLayout}, so
 * the rest of the stack (flyweights, handoff, consumers) sees only binary messages whatever the wire encoding.
 * Field names are the header's member names and {@code "Type"} carries the message number; framing (the 0x00
 * terminator) is the caller's. Not thread-safe: keep one per connection.
 */
public final class DtcJson {
  /** Returned by {@link #read} for a message whose Type the codec does not know. */
  public static final int UNKNOWN_TYPE = -1;
  public static final String TYPE_FIELD = "Type";

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  /** Parsed value of an array or object field. */
  private static final Object NOT_SCALAR = new Object();

  private final Map<String, Object> values = new HashMap<>();
  private byte[] scratch = new byte[1024];
  private int lastType = -1;

  /**
   * Writes the binary message at {@code offset} as one JSON object (no terminator). Fields beyond the frame's
   * length are left out.
   *
   * @param omitUnset leave out DBL_MAX / FLT_MAX / UINT_MAX values (for display; the wire keeps them)
   * @throws DtcCodecException if the type is unknown
   */
  public void write(DirectBuffer buffer, int offset, int length, OutputStream out, boolean omitUnset) {
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(buffer, offset, length, generator, omitUnset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #write} into a String, for logs and command-line output. */
  public String toJson(DirectBuffer buffer, int offset, int length, boolean omitUnset) {
    final Writer out = new StringWriter(128);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(buffer, offset, length, generator, omitUnset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(DirectBuffer buffer, int offset, int length, JsonGenerator generator,
      boolean omitUnset) throws IOException {
    final int type = buffer.getShort(offset + DtcFlyweight.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    final MessageLayout layout = DtcMessages.layout(type);
    if (layout == null) {
      throw new DtcCodecException("unknown type " + type, offset, type, length);
    }
    generator.writeStartObject();
    generator.writeNumberField(TYPE_FIELD, type);
    for (FieldLayout field : layout.fields()) {
      final int index = offset + field.offset();
      if (field.end() > length || omitUnset && NumericFields.isUnsetSentinel(buffer, index, field.type())) {
        continue;
      }
      generator.writeFieldName(field.name());
      writeValue(buffer, index, field, generator);
    }
    generator.writeEndObject();
  }

  private static void writeValue(DirectBuffer buffer, int index, FieldLayout field, JsonGenerator generator)
      throws IOException {
    switch (field.type()) {
      case CHARS:
        generator.writeString(Text.get(buffer, index, field.length()));
        break;
      case F32:
        generator.writeNumber((float) NumericFields.getDouble(buffer, index, field.type()));
        break;
      case F64:
        generator.writeNumber(NumericFields.getDouble(buffer, index, field.type()));
        break;
      default:
        generator.writeNumber(NumericFields.getLong(buffer, index, field.type()));
        break;
    }
  }

  /**
   * Parses one JSON message (without terminator) into its binary struct image at {@code dstOffset}: constructor
   * defaults first, then every known field present. Unknown fields are ignored (a newer peer).
   *
   * @return the binary length written, or {@link #UNKNOWN_TYPE} when the Type is not known (see {@link #lastType})
   * @throws DtcCodecException if the text is not a JSON object with a numeric Type, or a value has the wrong kind
   */
  public int read(DirectBuffer src, int offset, int length, MutableDirectBuffer dst, int dstOffset) {
    parse(src, offset, length);
    lastType = type(values.get(TYPE_FIELD), offset, length);
    final MessageLayout layout = DtcMessages.layout(lastType);
    if (layout == null) {
      return UNKNOWN_TYPE;
    }
    final int written = layout.encodeDefaults(dst, dstOffset);
    for (FieldLayout field : layout.fields()) {
      final Object value = values.get(field.name());
      if (value != null) {
        putValue(dst, dstOffset + field.offset(), field, value, offset, length);
      }
    }
    return written;
  }

  private static int type(Object value, int offset, int length) {
    final long type;
    try {
      type = toLong(TYPE_FIELD, value, offset, length);
    } catch (DtcCodecException e) {
      throw new DtcCodecException("JSON message without a numeric Type", offset, -1, length, e);
    }
    // The binary header's Type is a uint16: a value beyond it, cut to an int, could name a known type.
    if (type < 0 || type > 0xFFFF) {
      throw new DtcCodecException("JSON Type " + type + " is not a message type (0 to 65535)", offset, -1, length);
    }
    return (int) type;
  }

  /** The Type of the last message {@link #read}, also when it was unknown. */
  public int lastType() {
    return lastType;
  }

  private void parse(DirectBuffer src, int offset, int length) {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    src.getBytes(offset, scratch, 0, length);
    values.clear();
    try (JsonParser parser = FACTORY.createParser(scratch, 0, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DtcCodecException("JSON message is not an object", offset, -1, length);
      }
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        final String name = parser.currentName();
        values.put(name, scalar(parser, parser.nextToken()));
      }
    } catch (IOException e) {
      throw new DtcCodecException("malformed JSON: " + e.getMessage(), offset, -1, length, e);
    }
  }

  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getNumberValue();
      case VALUE_STRING:
        return parser.getText();
      case VALUE_TRUE:
        return 1;
      case VALUE_FALSE:
        return 0;
      case VALUE_NULL:
        return null;
      default:
        // Kept as a marker, not thrown here: only a field the layout knows must be a scalar; an unknown field (a
        // newer peer's) may hold anything.
        parser.skipChildren();
        return NOT_SCALAR;
    }
  }

  private static void putValue(MutableDirectBuffer dst, int index, FieldLayout field, Object value, int offset,
      int length) {
    if (value == NOT_SCALAR) {
      throw new DtcCodecException("JSON field " + field.name() + " is not a scalar", offset, -1, length);
    }
    if (field.type() == WireType.CHARS) {
      Text.put(dst, index, field.length(), String.valueOf(value));
    } else if (NumericFields.isFloatingPoint(field.type())) {
      NumericFields.put(dst, index, field.type(), toDouble(field.name(), value, offset, length));
    } else {
      NumericFields.putLong(dst, index, field.type(), toLong(field.name(), value, offset, length));
    }
  }

  /** A number, or a number sent as a string (some servers quote them). */
  private static double toDouble(String name, Object value, int offset, int length) {
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    try {
      return Double.parseDouble(value.toString()); // also "NaN" and "Infinity", as Jackson writes them
    } catch (NumberFormatException e) {
      throw notANumber(name, value, offset, length, e);
    }
  }

  private static long toLong(String name, Object value, int offset, int length) {
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    try {
      return Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw notANumber(name, value, offset, length, e);
    }
  }

  private static DtcCodecException notANumber(String name, Object value, int offset, int length,
      NumberFormatException cause) {
    return new DtcCodecException("JSON field " + name + " must be a number, was \"" + value + "\"", offset, -1,
        length, cause);
  }
}
