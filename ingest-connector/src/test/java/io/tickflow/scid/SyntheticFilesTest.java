package io.tickflow.scid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large generated files read back through the reader, checked against a plain ByteBuffer parse. */
class SyntheticFilesTest {

  private static final Instant START = Instant.parse("2024-05-06T13:30:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldReadBackEveryRecordOfALargeGeneratedScidFile() throws Exception {
    final Path file = dir.resolve("ESM4.scid");
    new SyntheticTrades(42, START, DateTimeEncoding.INT64_MICROS, 1000).appendTo(file, 300_000);
    final ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(raw.capacity()).isEqualTo(56 + 300_000 * 40);

    final Map<RecordKind, Integer> kinds = new EnumMap<>(RecordKind.class);
    long previous = Long.MIN_VALUE;
    long position = 56;
    final IntradayRecordDecoder decoder = new IntradayRecordDecoder();
    final ByteBuffer buffer = ByteBuffer.allocateDirect(40 * 1000).order(ByteOrder.LITTLE_ENDIAN);
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      assertThat(reader.encoding()).contains(DateTimeEncoding.INT64_MICROS);
      for (int n = reader.read(position, buffer, Integer.MAX_VALUE); n > 0; n = reader.read(position, buffer, Integer.MAX_VALUE)) {
        for (int i = 0; i < n; i++, position += 40) {
          decoder.wrap(buffer, i * 40);
          assertThat(decoder.rawDateTime()).isEqualTo(raw.getLong((int) position)).isGreaterThan(previous);
          assertThat(decoder.close()).isEqualTo(raw.getFloat((int) position + 20));
          assertThat(decoder.totalVolume()).isEqualTo(raw.getInt((int) position + 28));
          previous = decoder.rawDateTime();
          kinds.merge(decoder.kind(), 1, Integer::sum);
        }
      }
    }
    assertThat(position).isEqualTo(raw.capacity());
    assertThat(kinds.get(RecordKind.BAR)).isEqualTo(300);
    assertThat(kinds.get(RecordKind.FIRST_SUB_TRADE)).isEqualTo(kinds.get(RecordKind.LAST_SUB_TRADE)).isPositive();
  }

  @Test
  void shouldGenerateLegacyFilesThatDetectAsFloat64Days() throws Exception {
    final Path file = dir.resolve("OLD.scid");
    new SyntheticTrades(7, START, DateTimeEncoding.FLOAT64_DAYS, 0).appendTo(file, 10);
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      assertThat(reader.encoding()).contains(DateTimeEncoding.FLOAT64_DAYS);
      assertThat(DateTimeEncoding.FLOAT64_DAYS.toUnixMicros(reader.rawDateTimeAt(56)))
          .isGreaterThan(DateTimeEncoding.toMicros(START));
    }
  }

  @Test
  void shouldGenerateDepthBatchesStartingWithASnapshot() throws Exception {
    final Path file = dir.resolve("ESM4.2024-05-06.depth");
    new SyntheticDepth(1, START).appendTo(file, 100_000);
    final ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(raw.capacity()).isEqualTo(64 + 100_000 * 24);
    final DepthRecordDecoder decoder = new DepthRecordDecoder();
    assertThat(DepthCommand.ofCode(decoder.wrap(raw, 64).commandCode())).isEqualTo(DepthCommand.CLEAR_BOOK);
    assertThat(decoder.endOfBatch()).isFalse();
    assertThat(DepthCommand.ofCode(decoder.wrap(raw, 64 + 24).commandCode())).isEqualTo(DepthCommand.ADD_BID_LEVEL);
    assertThat(decoder.price()).isEqualTo(3999.75f);
    assertThat(decoder.quantity()).isEqualTo(10);
    assertThat(decoder.numOrders()).isEqualTo(1);
    decoder.wrap(raw, 64 + 10 * 24);
    assertThat(DepthCommand.ofCode(decoder.commandCode())).isEqualTo(DepthCommand.ADD_ASK_LEVEL);
    assertThat(decoder.price()).isEqualTo(4000.25f);
    assertThat(decoder.endOfBatch()).isTrue();
    long previous = 0;
    for (int position = 64; position < raw.capacity(); position += 24) {
      decoder.wrap(raw, position);
      assertThat(decoder.rawDateTime()).isGreaterThanOrEqualTo(previous);
      assertThat(DepthCommand.ofCode(decoder.commandCode())).isNotNull();
      previous = decoder.rawDateTime();
    }
  }

  @Test
  void shouldRoundTripEveryDepthFieldByteForByte() {
    final ByteBuffer buffer = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    new DepthRecordEncoder().wrap(buffer, 0).rawDateTime(0x0102030405060708L).command(DepthCommand.DELETE_ASK_LEVEL)
        .endOfBatch(true).numOrders(65535).price(1.5f).quantity(4_000_000_000L);
    assertThat(HexFormat.of().formatHex(buffer.array()))
        .isEqualTo("0807060504030201" + "07" + "01" + "ffff" + "0000c03f" + "00286bee" + "00000000");
    final DepthRecordDecoder decoder = new DepthRecordDecoder().wrap(buffer, 0);
    assertThat(decoder.quantity()).isEqualTo(4_000_000_000L);
    assertThat(decoder.numOrders()).isEqualTo(65535);
    assertThat(decoder.commandCode()).isEqualTo(7);
  }
}
