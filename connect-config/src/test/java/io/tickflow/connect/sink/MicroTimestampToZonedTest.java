package io.tickflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.time.ZonedTimestamp;
import io.tickflow.connect.converter.AvroConverter;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MicroTimestampToZonedTest {

  private static final Instant EVENT = Instant.parse("2026-11-25T14:30:00.123456Z");
  private static final Instant RECEIVED = Instant.parse("2026-11-25T14:30:00.000417Z");

  private final MicroTimestampToZoned transform = new MicroTimestampToZoned();

  @Test
  void shouldWriteEveryMicroTimestampAsAZonedTimestampWhenTheValueIsAConvertedTrade() {
    SinkRecord record = convertedTrade();

    SinkRecord result = transform.apply(record);

    Struct value = (Struct) result.value();
    assertThat(value.schema().name()).isEqualTo("io.tickflow.schemas.Trade");
    assertThat(value.schema().field("eventTime").schema().name()).isEqualTo(ZonedTimestamp.SCHEMA_NAME);
    assertThat(value.getString("eventTime")).isEqualTo("2026-11-25T14:30:00.123456Z");
    assertThat(value.getString("receiveTime")).isEqualTo("2026-11-25T14:30:00.000417Z");
    assertThat(value.getString("symbol")).isEqualTo("ESZ6");
    assertThat(value.getFloat64("price")).isEqualTo(5012.25);
    assertThat(value.getInt64("size")).isEqualTo(3L);
    assertThat(value.getString("side")).isEqualTo("BID");
    assertThat(result.topic()).isEqualTo(record.topic());
    assertThat(result.kafkaOffset()).isEqualTo(record.kafkaOffset());
    assertThat(result.key()).isEqualTo(record.key());
  }

  @Test
  void shouldParseBackToTheSameInstantWhenReadAsDebeziumReadsZonedTimestamps() {
    Struct value = (Struct) transform.apply(convertedTrade()).value();

    assertThat(OffsetDateTime.parse(value.getString("eventTime"), ZonedTimestamp.FORMATTER).toInstant())
        .isEqualTo(EVENT);
    assertThat(OffsetDateTime.parse(value.getString("receiveTime"), ZonedTimestamp.FORMATTER).toInstant())
        .isEqualTo(RECEIVED);
  }

  @ParameterizedTest
  @CsvSource({
      "0, 1970-01-01T00:00:00Z",
      "1, 1970-01-01T00:00:00.000001Z",
      "-1, 1969-12-31T23:59:59.999999Z",
      "1795617000123000, 2026-11-25T14:30:00.123Z",
      "-210866803200000000, -4713-11-24T00:00:00Z"})
  void shouldKeepTheMicrosecondExactlyWhenFormatting(long micros, String iso) {
    assertThat(MicroTimestampToZoned.zoned(micros)).isEqualTo(iso);
  }

  @Test
  void shouldPassTheRecordUnchangedWhenItHasNoStructValue() {
    SinkRecord noValue = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 7);
    SinkRecord text = new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "text", 8);

    assertThat(transform.apply(noValue)).isSameAs(noValue);
    assertThat(transform.apply(text)).isSameAs(text);
  }

  @Test
  void shouldPassTheRecordUnchangedWhenItHasNoMicroTimestamp() {
    Schema schema = SchemaBuilder.struct().name("plain").field("n", Schema.INT64_SCHEMA).build();
    SinkRecord record = new SinkRecord("t", 0, null, null, schema, new Struct(schema).put("n", 5L), 9);

    assertThat(transform.apply(record)).isSameAs(record);
  }

  @Test
  void shouldKeepNullWhenAnOptionalTimestampIsMissing() {
    Schema schema = SchemaBuilder.struct().name("withOptional")
        .field("at", io.debezium.time.MicroTimestamp.builder().optional().build()).build();
    SinkRecord record = new SinkRecord("t", 0, null, null, schema, new Struct(schema), 10);

    Struct value = (Struct) transform.apply(record).value();

    assertThat(value.schema().field("at").schema().isOptional()).isTrue();
    assertThat(value.get("at")).isNull();
  }

  private static SinkRecord convertedTrade() {
    Trade trade = Trade.newBuilder().setSymbol("ESZ6").setExchange("CME").setPrice(5012.25).setSize(3)
        .setSide(AggressorSide.BID).setEventTime(EVENT).setReceiveTime(RECEIVED).setSequence(0)
        .setSource(DataSource.LIVE).build();
    AvroConverter converter = new AvroConverter();
    converter.configure(Map.of(), false);
    SchemaAndValue value = converter.toConnectData("tickflow.trades",
        AvroSerde.of(Trade.class).serializer().serialize("tickflow.trades", trade));
    return new SinkRecord("tickflow.trades", 2, Schema.STRING_SCHEMA, "ESZ6", value.schema(), value.value(), 42);
  }
}
