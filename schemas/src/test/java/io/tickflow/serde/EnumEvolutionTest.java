package io.tickflow.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.testing.ContractSamples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adding a symbol to an enum of the contract is a compatible change: a reader that does not know the symbol reads the
 * enum's default. That holds only while every enum has a default.
 */
class EnumEvolutionTest {

  static Stream<Schema> enumsOfTheContract() {
    Map<String, Schema> enums = new LinkedHashMap<>();
    SchemaCatalog.CURRENT.forEach(record -> record.getFields().stream().map(Schema.Field::schema)
        .filter(s -> s.getType() == Schema.Type.ENUM).forEach(s -> enums.putIfAbsent(s.getFullName(), s)));
    return enums.values().stream();
  }

  @ParameterizedTest
  @MethodSource("enumsOfTheContract")
  void shouldHaveADefaultForSymbolsAddedLaterWhenAnEnumIsPartOfTheContract(Schema enumSchema) {
    assertThat(enumSchema.getEnumDefault()).as(enumSchema.getFullName()).isNotNull();
    assertThat(enumSchema.getEnumSymbols()).contains(enumSchema.getEnumDefault());
  }

  @Test
  void shouldPassTheCompatibilityCheckWhenASymbolIsAdded() {
    assertThat(ContractCompatibility.problems(tradeWithNewSource(), List.of(Trade.getClassSchema()))).isEmpty();
  }

  @Test
  void shouldReadTheEnumDefaultWhenTheWriterUsedASymbolTheReaderDoesNotKnow() throws IOException {
    Schema newer = tradeWithNewSource();
    SchemaCatalog store = new SchemaCatalog(SchemaCatalog.CURRENT,
        Map.of(Trade.getClassSchema().getFullName(), List.of(newer)));
    GenericRecord replayed = new GenericData.Record(newer);
    Trade sample = ContractSamples.trade();
    newer.getFields().forEach(f -> replayed.put(f.name(), sample.get(f.name())));
    replayed.put("side", new GenericData.EnumSymbol(newer.getField("side").schema(), "ASK"));
    replayed.put("source", new GenericData.EnumSymbol(newer.getField("source").schema(), "REPLAY"));
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(SpecificData.getForClass(Trade.class), newer)
        .encode(replayed);

    Trade read = new AvroDeserializer<>(Trade.class, store).deserialize("t", bytes.array());

    assertThat(read.getSource()).isEqualTo(DataSource.LIVE);
    assertThat(read.getSymbol()).isEqualTo(sample.getSymbol());
  }

  /** The current Trade schema whose DataSource enum has one more symbol, REPLAY. */
  private static Schema tradeWithNewSource() {
    Schema source = Trade.getClassSchema().getField("source").schema();
    List<String> symbols = new ArrayList<>(source.getEnumSymbols());
    symbols.add("REPLAY");
    Schema newerSource = Schema.createEnum(source.getName(), source.getDoc(), source.getNamespace(), symbols,
        source.getEnumDefault());
    List<Schema.Field> fields = Trade.getClassSchema().getFields().stream()
        .map(f -> f.name().equals("source") ? new Schema.Field(f, newerSource) : new Schema.Field(f, f.schema()))
        .toList();
    Schema trade = Trade.getClassSchema();
    return Schema.createRecord(trade.getName(), trade.getDoc(), trade.getNamespace(), false, fields);
  }
}
