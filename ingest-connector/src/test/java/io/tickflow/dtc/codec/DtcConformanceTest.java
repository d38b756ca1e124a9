package io.tickflow.dtc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.codec.DtcVectors.Vector;
import io.tickflow.dtc.codec.message.DtcMessages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector generated from the official header decodes to its listed values and re-encodes byte for byte. */
class DtcConformanceTest {

  static Stream<Vector> binaryVectors() throws IOException {
    return DtcVectors.load().stream().filter(v -> !v.isVariableLengthStrings());
  }

  static Stream<Vector> vlsVectors() throws IOException {
    return DtcVectors.load().stream().filter(Vector::isVariableLengthStrings);
  }

  @Test
  void shouldCoverEveryVectorWhenLoadingTheFile() throws IOException {
    assertThat(DtcVectors.load()).hasSize(38);
    assertThat(binaryVectors().count() + vlsVectors().count()).isEqualTo(38);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryVectors")
  void shouldDecodeListedFieldValuesWhenFramingTheVectorBytes(Vector vector) {
    final List<byte[]> frames = frame(vector.bytes());

    assertThat(frames).hasSize(1);
    assertThat(frames.get(0)).isEqualTo(vector.bytes());
    final DtcFlyweight<?> flyweight = FieldAccessors.newFlyweight(vector.type())
        .wrap(new UnsafeBuffer(vector.bytes()), 0, vector.wireSize());
    assertThat(flyweight.layout().encodedLength()).isEqualTo(vector.sizeofStruct());
    for (Map.Entry<String, String> field : listedFields(vector).entrySet()) {
      final Object actual = FieldAccessors.get(flyweight, field.getKey());
      assertThat(actual).as(field.getKey())
          .isEqualTo(FieldAccessors.parse(actual.getClass() == String.class ? String.class
              : primitive(actual.getClass()), field.getValue()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryVectors")
  void shouldReencodeToTheSameBytesWhenSettingTheListedFields(Vector vector) {
    final UnsafeBuffer out = new UnsafeBuffer(new byte[vector.sizeofStruct() + 8]);
    final DtcFlyweight<?> flyweight = FieldAccessors.newFlyweight(vector.type()).wrapForEncode(out, 3);
    listedFields(vector).forEach((name, value) -> FieldAccessors.set(flyweight, name, value));

    assertThat(flyweight.length()).isEqualTo(vector.wireSize());
    assertThat(bytes(out, 3, flyweight.length())).isEqualTo(vector.bytes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryVectors")
  void shouldReturnConstructorDefaultsWhenTheFrameCarriesOnlyTheHeader(Vector vector) {
    final UnsafeBuffer defaults = new UnsafeBuffer(new byte[vector.sizeofStruct()]);
    final DtcFlyweight<?> encoded = FieldAccessors.newFlyweight(vector.type()).wrapForEncode(defaults, 0);
    final DtcFlyweight<?> headerOnly = FieldAccessors.newFlyweight(vector.type())
        .wrap(new UnsafeBuffer(vector.bytes()), 0, DtcFlyweight.HEADER_LENGTH);

    for (FieldLayout field : encoded.layout().fields()) {
      assertThat(FieldAccessors.get(headerOnly, field.name())).as(field.name())
          .isEqualTo(FieldAccessors.get(encoded, field.name()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vlsVectors")
  void shouldFrameVariableLengthStringVectorsByTheirSizeWhenTheEncodingIsNotDecoded(Vector vector) {
    final byte[] twice = new byte[vector.bytes().length * 2];
    System.arraycopy(vector.bytes(), 0, twice, 0, vector.bytes().length);
    System.arraycopy(vector.bytes(), 0, twice, vector.bytes().length, vector.bytes().length);

    assertThat(frame(twice)).containsExactly(vector.bytes(), vector.bytes());
    assertThat(vector.wireSize()).isGreaterThan(vector.sizeofStruct());
    assertThat(DtcEncoding.BINARY_WITH_VARIABLE_LENGTH_STRINGS.isSupported()).isFalse();
  }

  /** Only the listed names that are real fields of the message (the all-defaults vector also lists prose). */
  private static Map<String, String> listedFields(Vector vector) {
    final Map<String, String> fields = new java.util.LinkedHashMap<>(vector.fields());
    fields.keySet().removeIf(name -> DtcMessages.layout(vector.type()).fields().stream()
        .noneMatch(f -> f.name().equals(name)));
    return fields;
  }

  private static Class<?> primitive(Class<?> boxed) {
    if (boxed == Double.class) {
      return double.class;
    }
    if (boxed == Float.class) {
      return float.class;
    }
    return boxed == Long.class ? long.class : int.class;
  }

  static List<byte[]> frame(byte[] stream) {
    final DtcFramer framer = new DtcFramer(DtcFlyweight.MAX_MESSAGE_LENGTH, stream.length);
    framer.append(ByteBuffer.wrap(stream));
    final List<byte[]> frames = new ArrayList<>();
    framer.poll((buffer, offset, length) -> frames.add(bytes(buffer, offset, length)));
    return frames;
  }

  static byte[] bytes(DirectBuffer buffer, int offset, int length) {
    final byte[] copy = new byte[length];
    buffer.getBytes(offset, copy);
    return copy;
  }
}
