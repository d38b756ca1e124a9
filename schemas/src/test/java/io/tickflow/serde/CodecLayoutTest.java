package io.tickflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written codecs cannot outlive a change of their schema unnoticed. */
class CodecLayoutTest {

  static Stream<Arguments> codecs() {
    return Stream.of(
        Arguments.of(Trade.getClassSchema(), TradeCodec.WRITTEN_FOR, TradeCodec.LAYOUT),
        Arguments.of(Quote.getClassSchema(), QuoteCodec.WRITTEN_FOR, QuoteCodec.LAYOUT),
        Arguments.of(DepthUpdate.getClassSchema(), DepthUpdateCodec.WRITTEN_FOR, DepthUpdateCodec.LAYOUT),
        Arguments.of(Bar.getClassSchema(), BarCodec.WRITTEN_FOR, BarCodec.LAYOUT));
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void shouldMatchTheCurrentSchemaWhenTheCodecWasWrittenForIt(Schema schema, long writtenFor, List<String> layout) {
    assertThat(CodecLayout.of(schema)).containsExactlyElementsOf(layout);
    assertThat(SchemaCatalog.fingerprint(schema)).isEqualTo(writtenFor);
  }

  @Test
  void shouldHaveAFastCodecForEveryHotRecord() {
    Stream.of(Trade.class, Quote.class, DepthUpdate.class, Bar.class)
        .forEach(type -> assertThat(SingleObjectCodec.forType(type)).as(type.getName()).isPresent());
  }

  @Test
  void shouldRefuseTheSchemaWhenItGainedAField() {
    Schema withVenue = AvroSerdeTest.withExtraField(Trade.getClassSchema());

    assertThatThrownBy(() -> CodecLayout.verify("TradeCodec", withVenue, TradeCodec.WRITTEN_FOR, TradeCodec.LAYOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(String.format("TradeCodec was written for io.tickflow.schemas.Trade fingerprint %016x",
            TradeCodec.WRITTEN_FOR))
        .hasMessageContaining("venueTradeId string")
        .hasMessageContaining("update the codec");
  }

  @Test
  void shouldRefuseTheSchemaWhenOnlyTheTimeUnitChangedAndTheFingerprintDidNot() throws IOException {
    Schema inMillis = parse("/incompatible/Trade-eventTime-in-millis.avsc");

    assertThat(SchemaCatalog.fingerprint(inMillis)).isEqualTo(TradeCodec.WRITTEN_FOR);
    assertThatThrownBy(() -> CodecLayout.verify("TradeCodec", inMillis, TradeCodec.WRITTEN_FOR, TradeCodec.LAYOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("eventTime long/timestamp-millis");
  }

  @Test
  void shouldRefuseTheSchemaWhenTheFingerprintChanged() {
    assertThatThrownBy(() -> CodecLayout.verify("TradeCodec", Trade.getClassSchema(), 42L, TradeCodec.LAYOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fingerprint 000000000000002a")
        .hasMessageContaining(String.format("the schema now has fingerprint %016x", TradeCodec.WRITTEN_FOR));
  }

  @Test
  void shouldDescribeNullableFieldsAsTheirUnion() {
    assertThat(CodecLayout.of(Quote.getClassSchema())).contains("bidPrice [null,double]", "askSize [null,long]");
  }

  private static Schema parse(String resource) throws IOException {
    try (InputStream in = CodecLayoutTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }
}
