package io.tickflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import io.tickflow.testing.ContractSamples;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static final String TOPIC = "tickflow.raw.trades";

  static Stream<SpecificRecord> samples() {
    return ContractSamples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void shouldRoundTripEveryRecordAsSingleObjectEncoding(SpecificRecord sample) {
    AvroSerde serde = AvroSerde.of(sample.getClass());

    byte[] bytes = serde.serializer().serialize(TOPIC, sample);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(SingleObjectHeader.fingerprint(bytes)).hasValue(SchemaCatalog.fingerprint(sample.getSchema()));
    assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sample);
  }

  @Test
  void shouldKeepMicrosecondsAndNulls() {
    AvroSerde<Quote> serde = AvroSerde.of(Quote.class);
    Quote quote = ContractSamples.quote();

    Quote back = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, quote));

    assertThat(back.getEventTime()).isEqualTo(ContractSamples.EVENT_TIME);
    assertThat(back.getAskPrice()).isNull();
    assertThat(back.getBidSize()).isEqualTo(41L);
  }

  @Test
  void shouldPassTombstonesThrough() {
    AvroSerde<Trade> serde = AvroSerde.of(Trade.class);

    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void shouldNameTopicAndFingerprintWhenTheWriterSchemaIsUnknown() {
    byte[] bytes = AvroSerde.of(Trade.class).serializer().serialize(TOPIC, ContractSamples.trade());
    bytes[2] ^= 0x5A;

    assertThatThrownBy(() -> AvroSerde.of(Trade.class).deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("unknown writer schema fingerprint " + SingleObjectHeader.describeFingerprint(bytes));
  }

  @Test
  void shouldNameTheTypeAndStayUsableWhenARecordLacksARequiredValue() throws java.io.IOException {
    AvroSerializer<Trade> serializer = new AvroSerializer<>(Trade.class);
    Trade invalid = ContractSamples.trade();
    invalid.setSource(null);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, invalid))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot encode io.tickflow.schemas.Trade for topic " + TOPIC);
    byte[] next = serializer.serialize(TOPIC, ContractSamples.trade());

    java.nio.ByteBuffer expected = Trade.getEncoder().encode(ContractSamples.trade());
    assertThat(next).as("nothing left over from the failed record").isEqualTo(
        Arrays.copyOfRange(expected.array(), expected.position(), expected.limit()));
  }

  @Test
  void shouldNameBothRecordTypesWhenBytesOfAnotherRecordArrive() {
    byte[] quote = AvroSerde.of(Quote.class).serializer().serialize(TOPIC, ContractSamples.quote());

    assertThatThrownBy(() -> AvroSerde.of(Trade.class).deserializer().deserialize(TOPIC, quote))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("io.tickflow.schemas.Quote")
        .hasMessageContaining("io.tickflow.schemas.Trade");
  }

  @Test
  void shouldNameTopicAndFingerprintWhenTheBodyIsCorrupt() {
    byte[] bytes = AvroSerde.of(Trade.class).serializer().serialize(TOPIC, ContractSamples.trade());
    byte[] truncated = Arrays.copyOf(bytes, 14);

    assertThatThrownBy(() -> AvroSerde.of(Trade.class).deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Topic " + TOPIC + ": corrupt Avro body for io.tickflow.schemas.Trade (fingerprint "
            + String.format("%016x", SchemaCatalog.fingerprint(Trade.getClassSchema())));
  }

  @Test
  void shouldRejectBytesThatAreNotSingleObjectEncoded() {
    byte[] json = "{\"symbol\":\"ESZ6\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AvroSerde.of(Trade.class).deserializer().deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Topic " + TOPIC + ": not Avro single-object data for io.tickflow.schemas.Trade")
        .hasMessageContaining("7b 22 73");
  }

  @Test
  void shouldDecodeDataWrittenWithAnOlderAndANewerCompatibleSchema() {
    Schema older = withoutField(Trade.getClassSchema(), "sequence");
    Schema newer = withExtraField(Trade.getClassSchema());
    SchemaCatalog store = new SchemaCatalog(SchemaCatalog.CURRENT,
        Map.of(Trade.getClassSchema().getFullName(), List.of(older, newer)));
    AvroDeserializer<Trade> deserializer = new AvroDeserializer<>(Trade.class, store);

    Trade fromOlder = deserializer.deserialize(TOPIC, encode(older, "ESZ6"));
    Trade fromNewer = deserializer.deserialize(TOPIC, encode(newer, "NQZ6"));

    assertThat(fromOlder.getSymbol()).isEqualTo("ESZ6");
    assertThat(fromOlder.getSequence()).as("default of the field the older writer lacked").isZero();
    assertThat(fromNewer.getSymbol()).isEqualTo("NQZ6");
    assertThat(fromNewer.getSequence()).isEqualTo(2);
  }

  private static byte[] encode(Schema writer, String symbol) {
    Trade sample = ContractSamples.trade();
    GenericData.Record record = new GenericData.Record(writer);
    for (Schema.Field field : writer.getFields()) {
      Schema.Field current = Trade.getClassSchema().getField(field.name());
      record.put(field.name(), current == null ? "extra" : sample.get(current.pos()));
    }
    record.put("symbol", symbol);
    try {
      // The specific model carries the Instant conversions of the generated classes.
      return new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(Trade.class), writer).encode(record)
          .array();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema withoutField(Schema schema, String dropped) {
    List<Schema.Field> fields = schema.getFields().stream().filter(f -> !f.name().equals(dropped))
        .map(f -> new Schema.Field(f, f.schema())).toList();
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  static Schema withExtraField(Schema schema) {
    List<Schema.Field> fields = new java.util.ArrayList<>(schema.getFields().stream()
        .map(f -> new Schema.Field(f, f.schema())).toList());
    fields.add(new Schema.Field("venueTradeId", SchemaBuilder.builder().stringType(), "added later", ""));
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
