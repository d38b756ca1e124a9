package io.tickflow.dtc.codec;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.agrona.MutableDirectBuffer;

/**
 * The binary layout of one DTC message type: its number, name, struct size and fields in struct order. It drives
 * the generic parts of the codec (defaults, JSON, printing) so that they agree with the typed flyweights.
 *
 * @param type          DTC message type number
 * @param name          the header's constant name, e.g. MARKET_DATA_UPDATE_TRADE_COMPACT
 * @param encodedLength sizeof(struct): the Size a sender of this version writes
 * @param fields        the fields after Size and Type, in struct order
 */
public record MessageLayout(int type, String name, int encodedLength, List<FieldLayout> fields) {

  public MessageLayout {
    Objects.requireNonNull(name, "name");
    fields = List.copyOf(fields);
    for (FieldLayout field : fields) {
      if (field.end() > encodedLength) {
        throw new IllegalArgumentException(name + "." + field.name() + " ends at " + field.end()
            + ", beyond the message length " + encodedLength);
      }
    }
  }

  public static Builder builder(int type, String name, int encodedLength) {
    return new Builder(type, name, encodedLength);
  }

  /**
   * Writes what the header's constructor produces: zero-filled struct, Size, Type and every non-zero default.
   *
   * @return the number of bytes written ({@link #encodedLength()})
   */
  public int encodeDefaults(MutableDirectBuffer buffer, int offset) {
    buffer.setMemory(offset, encodedLength, (byte) 0);
    buffer.putShort(offset + DtcFlyweight.SIZE_OFFSET, (short) encodedLength, ByteOrder.LITTLE_ENDIAN);
    buffer.putShort(offset + DtcFlyweight.TYPE_OFFSET, (short) type, ByteOrder.LITTLE_ENDIAN);
    for (FieldLayout field : fields) {
      if (field.type() == WireType.CHARS) {
        Text.put(buffer, offset + field.offset(), field.length(), field.defaultText());
      } else if (field.defaultValue() != 0) {
        NumericFields.put(buffer, offset + field.offset(), field.type(), field.defaultValue());
      }
    }
    return encodedLength;
  }

  /** Collects fields in struct order; each method names the wire type. */
  public static final class Builder {
    private final int type;
    private final String name;
    private final int encodedLength;
    private final List<FieldLayout> fields = new ArrayList<>();

    private Builder(int type, String name, int encodedLength) {
      this.type = type;
      this.name = name;
      this.encodedLength = encodedLength;
    }

    public Builder field(String fieldName, int offset, WireType wireType) {
      return field(fieldName, offset, wireType, 0);
    }

    public Builder field(String fieldName, int offset, WireType wireType, double defaultValue) {
      fields.add(new FieldLayout(fieldName, offset, wireType, wireType.width(), defaultValue, ""));
      return this;
    }

    public Builder text(String fieldName, int offset, int length) {
      return text(fieldName, offset, length, "");
    }

    public Builder text(String fieldName, int offset, int length, String defaultText) {
      fields.add(new FieldLayout(fieldName, offset, WireType.CHARS, length, 0, defaultText));
      return this;
    }

    public MessageLayout build() {
      return new MessageLayout(type, name, encodedLength, fields);
    }
  }
}
