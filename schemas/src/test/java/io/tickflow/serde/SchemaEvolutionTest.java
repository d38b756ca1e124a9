package io.tickflow.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Alert;
import io.tickflow.schemas.Trade;
import io.tickflow.testing.ContractSamples;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the data contract: every schema change must be backward and forward compatible with every released
 * version, and every current schema must itself be released (so a change forces a new {@code v<n>.avsc}).
 */
class SchemaEvolutionTest {

  static Stream<Schema> currentSchemas() {
    return SchemaCatalog.CURRENT.stream();
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldBeCompatibleBothWaysWithEveryReleasedVersion(Schema current) {
    List<Schema> released = SchemaCatalog.get().released(current.getFullName());

    assertThat(released).as("released versions of %s", current.getFullName()).isNotEmpty();
    assertThat(ContractCompatibility.problems(current, released)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldHaveReleasedTheCurrentSchemaAsTheNewestVersion(Schema current) {
    List<Schema> released = SchemaCatalog.get().released(current.getFullName());
    Schema newest = released.get(released.size() - 1);

    assertThat(ContractCompatibility.isReleasedAs(current, newest))
        .as("%s changed: add %s.getClassSchema().toString(true) as v%d.avsc under io/tickflow/schemas/released/%s/",
            current.getFullName(), current.getName(), released.size() + 1, current.getName())
        .isTrue();
  }

  @Test
  void shouldFlagAChangedTimeUnitWhenTheFingerprintStaysTheSame() throws IOException {
    Schema inMillis = parse("/incompatible/Trade-eventTime-in-millis.avsc");

    assertThat(SchemaCatalog.fingerprint(inMillis)).isEqualTo(SchemaCatalog.fingerprint(Trade.getClassSchema()));
    assertThat(ContractCompatibility.isReleasedAs(inMillis, Trade.getClassSchema())).isFalse();
  }

  @Test
  void shouldFlagAChangedEnumDefaultWhenTheFingerprintStaysTheSame() throws IOException {
    Schema otherDefault = parse("/incompatible/Trade-source-enum-default-changed.avsc");

    assertThat(SchemaCatalog.fingerprint(otherDefault)).isEqualTo(SchemaCatalog.fingerprint(Trade.getClassSchema()));
    assertThat(ContractCompatibility.isReleasedAs(otherDefault, Trade.getClassSchema())).isFalse();
  }

  @Test
  void shouldFlagAChangedDefaultWhenTheFingerprintStaysTheSame() throws IOException {
    Schema otherDefault = parse("/incompatible/Trade-sequence-default-changed.avsc");

    assertThat(SchemaCatalog.fingerprint(otherDefault)).isEqualTo(SchemaCatalog.fingerprint(Trade.getClassSchema()));
    assertThat(ContractCompatibility.isReleasedAs(otherDefault, Trade.getClassSchema())).isFalse();
  }

  static Stream<Arguments> releasedVersionsOfEverySample() {
    return ContractSamples.all().stream().flatMap(sample -> {
      List<Schema> released = SchemaCatalog.get().released(sample.getSchema().getFullName());
      return IntStream.range(0, released.size()).mapToObj(i -> Arguments.of(sample, i + 1, released.get(i)));
    });
  }

  @ParameterizedTest(name = "{0} as v{1}")
  @MethodSource("releasedVersionsOfEverySample")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void shouldDecodeDataWrittenWithEveryReleasedVersion(SpecificRecord sample, int version, Schema released)
      throws IOException {
    byte[] written = writtenWith(released, sample);
    SpecificRecord read = (SpecificRecord) new AvroDeserializer(sample.getClass()).deserialize("t", written);

    assertThat(SingleObjectHeader.fingerprint(written)).hasValue(SchemaCatalog.fingerprint(released));
    for (Schema.Field field : sample.getSchema().getFields()) {
      Object expected = released.getField(field.name()) != null ? sample.get(field.pos())
          : SpecificData.get().getDefaultValue(field);
      assertThat(read.get(field.pos())).as("%s v%d: %s", released.getFullName(), version, field.name())
          .isEqualTo(expected);
    }
  }

  /**
   * Alert v2 added the reason: a v1 consumer still reads v2 alerts (without it), and a v2 consumer reads v1 alerts
   * with no reason (null), not a made-up one.
   */
  @Test
  void shouldExchangeAlertsBothWaysBetweenV1AndTheCurrentSchemaWithItsReason() throws IOException {
    Schema v1 = SchemaCatalog.get().released(Alert.getClassSchema().getFullName()).get(0);
    Alert current = ContractSamples.alert();
    byte[] written = new AvroSerializer<>(Alert.class).serialize("t", current);

    GenericRecord readByV1 = new GenericDatumReader<GenericRecord>(Alert.getClassSchema(), v1, GenericData.get())
        .read(null, DecoderFactory.get().binaryDecoder(written, SingleObjectHeader.LENGTH,
            written.length - SingleObjectHeader.LENGTH, null));
    Alert fromV1 = new AvroDeserializer<>(Alert.class).deserialize("t", writtenWith(v1, current));

    assertThat(v1.getField("reason")).isNull();
    assertThat(ContractCompatibility.problems(Alert.getClassSchema(), List.of(v1))).isEmpty();
    assertThat(readByV1.get("symbol")).hasToString("ESZ6");
    assertThat(readByV1.get("state")).hasToString("raised");
    assertThat(current.getReason()).isEqualTo("silent");
    assertThat(fromV1.getReason()).isNull();
    assertThat(fromV1.getSymbol()).isEqualTo("ESZ6");
  }

  /** The sample as a writer on that released version would have written it: resolved to it, then encoded. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] writtenWith(Schema released, SpecificRecord sample) throws IOException {
    byte[] current = new AvroSerializer(sample.getClass()).serialize("t", sample);
    GenericRecord old = new GenericDatumReader<GenericRecord>(sample.getSchema(), released, GenericData.get())
        .read(null, DecoderFactory.get().binaryDecoder(current, SingleObjectHeader.LENGTH,
            current.length - SingleObjectHeader.LENGTH, null));
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old).array();
  }

  @Test
  void shouldFlagAFieldRemovedWithoutADefault() throws IOException {
    Schema withoutPrice = parse("/incompatible/Trade-price-removed.avsc");

    List<String> problems = ContractCompatibility.problems(withoutPrice, List.of(Trade.getClassSchema()));

    assertThat(problems).singleElement().asString()
        .startsWith("forward: io.tickflow.schemas.Trade v1 cannot read data written with the new schema")
        .contains("READER_FIELD_MISSING_DEFAULT")
        .contains("price");
  }

  @Test
  void shouldFlagAFieldAddedWithoutADefault() throws IOException {
    Schema withVenue = parse("/incompatible/Trade-venue-added-without-default.avsc");

    List<String> problems = ContractCompatibility.problems(withVenue, List.of(Trade.getClassSchema()));

    assertThat(problems).singleElement().asString()
        .startsWith("backward: the new schema cannot read data written with io.tickflow.schemas.Trade v1")
        .contains("venue");
  }

  @Test
  void shouldAcceptAFieldAddedWithADefault() throws IOException {
    Schema withVenue = parse("/incompatible/Trade-venue-added-with-default.avsc");

    assertThat(ContractCompatibility.problems(withVenue, List.of(Trade.getClassSchema()))).isEmpty();
  }

  private static Schema parse(String resource) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }
}
