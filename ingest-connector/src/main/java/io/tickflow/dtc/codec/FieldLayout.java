package io.tickflow.dtc.codec;

import java.util.Objects;

/**
 * Where one field of a binary DTC message lives and what it holds when not sent.
 *
 * @param name         the member name of the official header, also the JSON field name
 * @param offset       byte offset from the start of the message (the Size field)
 * @param type         wire type
 * @param length       byte length (the char array length for {@link WireType#CHARS})
 * @param defaultValue the constructor default of a numeric field (exact for every default the header uses)
 * @param defaultText  the constructor default of a text field
 */
public record FieldLayout(String name, int offset, WireType type, int length, double defaultValue, String defaultText) {

  public FieldLayout {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultText, "defaultText");
    if (offset < DtcFlyweight.HEADER_LENGTH) {
      throw new IllegalArgumentException("field " + name + " offset " + offset + " overlaps the header");
    }
    if (length <= 0) {
      throw new IllegalArgumentException("field " + name + " length must be > 0, was " + length);
    }
  }

  /** The first byte after the field; a frame shorter than this does not carry the field. */
  public int end() {
    return offset + length;
  }
}
