package io.tickflow.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.serde.AvroSerializer;
import io.tickflow.testing.ContractSamples;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads Tickflow's bytes as a consumer team would: with nothing but the published {@code .avsc} files and Avro's
 * generic API, no Tickflow class on the reading side.
 */
class PublishedSchemaConsumerTest {

  private static final Path PUBLISHED = Path.of("src/main/avro");
  private static final List<Schema> SCHEMAS = parsePublished();

  static Stream<SpecificRecord> samples() {
    return ContractSamples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldWriteTheSingleObjectHeaderTheAvroSpecDefinesWhenEncodingAnyRecord(SpecificRecord sample)
      throws NoSuchAlgorithmException {
    byte[] bytes = serialize(sample);
    Schema published = published(sample.getSchema().getFullName());

    assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
    assertThat(Arrays.copyOfRange(bytes, 2, 10))
        .as("CRC-64-AVRO of the published schema's parsing canonical form, little-endian")
        .containsExactly(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", published));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldDecodeEveryRecordWhenTheConsumerHasOnlyThePublishedSchemas(SpecificRecord sample) throws IOException {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    Schema reader = published(sample.getSchema().getFullName());

    GenericRecord record = new BinaryMessageDecoder<GenericRecord>(model, reader, store()).decode(serialize(sample));

    assertThat(model.toString(record)).isEqualTo(SpecificData.get().toString(sample));
  }

  @Test
  void shouldCarryMicrosecondsSinceTheEpochWhenTheSchemaSaysTimestampMicros() throws IOException {
    Schema reader = published("io.tickflow.schemas.Trade");

    GenericRecord trade = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), reader, store())
        .decode(serialize(ContractSamples.trade()));

    assertThat(trade.get("eventTime")).isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, ContractSamples.EVENT_TIME));
    assertThat(trade.get("side")).hasToString("ASK");
    assertThat(trade.get("source")).hasToString("BACKFILL");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] serialize(SpecificRecord sample) {
    return new AvroSerializer(sample.getClass()).serialize("any", sample);
  }

  private static SchemaStore store() {
    SchemaStore.Cache store = new SchemaStore.Cache();
    SCHEMAS.forEach(store::addSchema);
    return store;
  }

  private static Schema published(String fullName) {
    return SCHEMAS.stream().filter(s -> s.getFullName().equals(fullName)).findFirst().orElseThrow();
  }

  /** One parser over every file, named types first as their names sort, as a consumer would load them. */
  private static List<Schema> parsePublished() {
    Schema.Parser parser = new Schema.Parser();
    List<Schema> schemas = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(PUBLISHED, "*.avsc")) {
      List<Path> sorted = new ArrayList<>();
      files.forEach(sorted::add);
      sorted.sort(null);
      for (Path file : sorted) {
        schemas.add(parser.parse(file.toFile()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + PUBLISHED.toAbsolutePath(), e);
    }
    return schemas;
  }
}
