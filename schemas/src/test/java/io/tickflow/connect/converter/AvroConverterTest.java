package io.tickflow.connect.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.serde.SingleObjectHeader;
import io.tickflow.testing.ContractSamples;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroConverterTest {

  private static final String TOPIC = "tickflow.raw.trades";

  private final AvroConverter converter = new AvroConverter();

  @BeforeEach
  void configure() {
    converter.configure(Map.of(), false);
  }

  static Stream<SpecificRecord> samples() {
    return ContractSamples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldWriteTheSameBytesAsTheStreamsSerde(SpecificRecord sample) {
    Struct struct = ConnectAvroData.get().toStruct((org.apache.avro.generic.GenericRecord) sample);

    byte[] fromConnect = converter.fromConnectData(TOPIC, struct.schema(), struct);

    assertThat(fromConnect).isEqualTo(serialize(sample));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldReadSerdeBytesBackIntoAnEqualStruct(SpecificRecord sample) {
    Struct expected = ConnectAvroData.get().toStruct((org.apache.avro.generic.GenericRecord) sample);

    SchemaAndValue read = converter.toConnectData(TOPIC, serialize(sample));

    assertThat(read.schema()).isEqualTo(expected.schema());
    assertThat(read.value()).isEqualTo(expected);
    assertThat(converter.fromConnectData(TOPIC, read.schema(), read.value())).isEqualTo(serialize(sample));
  }

  @Test
  void shouldMapLogicalTypesAndNulls() {
    Struct quote = (Struct) converter.toConnectData(TOPIC, serialize(ContractSamples.quote())).value();
    Struct definition = (Struct) converter.toConnectData(TOPIC,
        serialize(ContractSamples.securityDefinition())).value();

    assertThat(quote.schema().name()).isEqualTo("io.tickflow.schemas.Quote");
    assertThat(quote.schema().field("eventTime").schema().name()).isEqualTo(ConnectAvroData.MICRO_TIMESTAMP);
    assertThat(quote.getInt64("eventTime")).isEqualTo(1_795_617_000_123_456L);
    assertThat(quote.get("askPrice")).isNull();
    assertThat(quote.schema().field("askPrice").schema().isOptional()).isTrue();
    assertThat(quote.getString("source")).isEqualTo("LIVE");
    assertThat(definition.schema().field("sessionOpen").schema().name()).isEqualTo(Time.LOGICAL_NAME);
    assertThat(definition.get("sessionOpen")).isEqualTo(new Date(17 * 3_600_000L));
  }

  @Test
  void shouldFillAvroDefaultsForFieldsAConnectorLeavesOut() {
    Schema partial = SchemaBuilder.struct().name("io.tickflow.schemas.Trade")
        .field("symbol", Schema.STRING_SCHEMA).field("price", Schema.FLOAT64_SCHEMA)
        .field("size", Schema.INT64_SCHEMA)
        .field("eventTime", SchemaBuilder.int64().name(ConnectAvroData.MICRO_TIMESTAMP).build())
        .field("receiveTime", SchemaBuilder.int64().name(ConnectAvroData.MICRO_TIMESTAMP).build()).build();
    Struct struct = new Struct(partial).put("symbol", "ESZ6").put("price", 6000.25).put("size", 2L)
        .put("eventTime", 1L).put("receiveTime", 2L);

    Trade trade = AvroSerde.of(Trade.class).deserializer()
        .deserialize(TOPIC, converter.fromConnectData(TOPIC, partial, struct));

    assertThat(trade.getExchange()).isEmpty();
    assertThat(trade.getSequence()).isZero();
    assertThat(trade.getSide().name()).isEqualTo("UNKNOWN");
    assertThat(trade.getSource().name()).isEqualTo("LIVE");
  }

  @Test
  void shouldRejectAStructThatIsNotAContractRecord() {
    Schema schema = SchemaBuilder.struct().name("com.example.Order").field("id", Schema.INT64_SCHEMA).build();

    assertThatThrownBy(() -> converter.fromConnectData(TOPIC, schema, new Struct(schema).put("id", 1L)))
        .isInstanceOf(DataException.class)
        .hasMessage("Topic " + TOPIC + ": Connect schema 'com.example.Order' is not a record of the Tickflow contract");
  }

  @Test
  void shouldRejectAnEnumValueOutsideItsSymbols() {
    Struct trade = ConnectAvroData.get().toStruct(ContractSamples.trade()).put("side", "SIDEWAYS");

    assertThatThrownBy(() -> converter.fromConnectData(TOPIC, trade.schema(), trade))
        .isInstanceOf(DataException.class)
        .hasMessage("Field 'side': 'SIDEWAYS' is not one of [BID, ASK, UNKNOWN]");
  }

  @Test
  void shouldRejectBytesThatAreNotSingleObjectEncoded() {
    assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {1, 2, 3}))
        .isInstanceOf(DataException.class)
        .hasMessage("Topic " + TOPIC + ": not Avro single-object data (first bytes 01 02 03)");
  }

  @Test
  void shouldNameTopicAndFingerprintWhenTheWriterSchemaIsUnknown() {
    byte[] bytes = serialize(ContractSamples.trade());
    bytes[9] ^= 0x11;

    assertThatThrownBy(() -> converter.toConnectData(TOPIC, bytes))
        .isInstanceOf(DataException.class)
        .hasMessage("Topic " + TOPIC + ": unknown writer schema fingerprint "
            + SingleObjectHeader.describeFingerprint(bytes));
  }

  @Test
  void shouldRejectACorruptBodyNamingTheRecordType() {
    byte[] bytes = serialize(ContractSamples.bar());
    byte[] truncated = java.util.Arrays.copyOf(bytes, 12);

    assertThatThrownBy(() -> converter.toConnectData(TOPIC, truncated))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("Topic " + TOPIC + ": corrupt Avro body for io.tickflow.schemas.Bar");
  }

  @Test
  void shouldPassNullsThrough() {
    assertThat(converter.fromConnectData(TOPIC, null, null)).isNull();
    assertThat(converter.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] serialize(SpecificRecord record) {
    return ((AvroSerde) AvroSerde.of(record.getClass())).serializer().serialize(TOPIC, record);
  }

}
