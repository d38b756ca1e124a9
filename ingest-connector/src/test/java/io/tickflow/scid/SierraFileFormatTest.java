package io.tickflow.scid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SierraFileFormatTest {

  @TempDir
  Path dir;

  @Test
  void shouldWriteTheDocumentedScidHeaderByteForByte() throws Exception {
    final Path file = dir.resolve("X.scid");
    SierraFileWriter.create(file).close();
    assertThat(HexFormat.of().formatHex(Files.readAllBytes(file)))
        .isEqualTo("53434944" + "38000000" + "28000000" + "0100" + "0000" + "00000000" + "00".repeat(36));
  }

  @Test
  void shouldWriteTheDocumentedDepthHeaderByteForByte() throws Exception {
    final Path file = dir.resolve("X.2024-01-02.depth");
    SierraFileWriter.create(file).close();
    assertThat(HexFormat.of().formatHex(Files.readAllBytes(file)))
        .isEqualTo("53434444" + "40000000" + "18000000" + "01000000" + "00".repeat(48));
  }

  @Test
  void shouldRejectWrongMagicNamingFileAndOffset() throws Exception {
    final Path file = dir.resolve("bad.scid");
    final byte[] header = header(SierraFileFormat.SCID);
    header[0] = 'X';
    Files.write(file, header);
    assertThatThrownBy(() -> SierraFileReader.open(file))
        .isInstanceOf(SierraFileException.class)
        .hasMessage(file + " at byte 0: not a .scid file: magic is 0x44494358, expected 0x44494353 ('SCID')");
  }

  @Test
  void shouldRejectADepthFileWithTheScidMagic() throws Exception {
    final Path file = dir.resolve("bad.depth");
    Files.write(file, Arrays.copyOf(header(SierraFileFormat.SCID), 64));
    assertThatThrownBy(() -> SierraFileReader.open(file))
        .hasMessage(file + " at byte 0: not a .depth file: magic is 0x44494353, expected 0x44444353 ('SCDD')");
  }

  @Test
  void shouldRejectUnsupportedRecordSize() throws Exception {
    final Path file = dir.resolve("bad.scid");
    final ByteBuffer header = ByteBuffer.wrap(header(SierraFileFormat.SCID)).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(8, 44);
    Files.write(file, header.array());
    assertThatThrownBy(() -> SierraFileReader.open(file))
        .hasMessage(file + " at byte 8: record size 44 is not supported, expected 40");
  }

  @Test
  void shouldRejectHeaderSizeSmallerThanTheFormats() throws Exception {
    final Path file = dir.resolve("bad.scid");
    final ByteBuffer header = ByteBuffer.wrap(header(SierraFileFormat.SCID)).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(4, 40);
    Files.write(file, header.array());
    assertThatThrownBy(() -> SierraFileReader.open(file))
        .hasMessage(file + " at byte 4: header size 40 is not supported, expected at least 56");
  }

  @Test
  void shouldSkipALargerDeclaredHeader() throws Exception {
    final Path file = dir.resolve("big.scid");
    final ByteBuffer bytes = ByteBuffer.allocate(64 + 40).order(ByteOrder.LITTLE_ENDIAN);
    SierraFileFormat.SCID.writeHeader(bytes);
    bytes.putInt(4, 64);
    new IntradayRecordEncoder().wrap(bytes, 64).trade(RecordKind.SINGLE_TRADE,
        DateTimeEncoding.EPOCH_OFFSET_MICROS + 1_700_000_000_000_000L, 10f, 9f, 11f, 3, true);
    Files.write(file, bytes.array());
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      assertThat(reader.header().headerSize()).isEqualTo(64);
      assertThat(reader.recordCount()).isEqualTo(1);
      assertThat(reader.encoding()).contains(DateTimeEncoding.INT64_MICROS);
    }
  }

  @Test
  void shouldWaitForAFileShorterThanItsHeader() throws Exception {
    final Path file = dir.resolve("new.scid");
    Files.write(file, Arrays.copyOf(header(SierraFileFormat.SCID), 20));
    assertThat(SierraFileReader.open(file)).isEmpty();
  }

  @Test
  void shouldRejectAnUnknownExtension() {
    final Path file = dir.resolve("data.txt");
    assertThatThrownBy(() -> SierraFileReader.open(file))
        .hasMessage(file + " at byte 0: unknown extension, expected .scid or .depth");
  }

  @Test
  void shouldNotCountATrailingPartialRecord() throws Exception {
    final Path file = dir.resolve("partial.scid");
    final byte[] bytes = Arrays.copyOf(header(SierraFileFormat.SCID), 56 + 40 + 39);
    Files.write(file, bytes);
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      assertThat(reader.recordCount()).isEqualTo(1);
      final ByteBuffer buffer = ByteBuffer.allocate(400).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(reader.read(56, buffer, Integer.MAX_VALUE)).isEqualTo(1);
      assertThat(buffer.remaining()).isEqualTo(40);
      assertThat(reader.read(96, buffer, Integer.MAX_VALUE)).isZero();
    }
  }

  @Test
  void shouldLeaveTheEncodingUndecidedWhileFewerThanSixteenRecordsAreAllImplausibleUnlessTheFileIsComplete()
      throws Exception {
    final Path file = dir.resolve("zeroed.scid");
    Files.write(file, Arrays.copyOf(header(SierraFileFormat.SCID), 56 + 15 * 40));
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      assertThat(reader.encoding()).as("a growing file may still get a good record").isEmpty();
      assertThatThrownBy(reader::encodingOfCompleteFile).hasMessageContaining("none of the first 15 records");
    }
    Files.write(file, Arrays.copyOf(header(SierraFileFormat.SCID), 56 + 16 * 40));
    try (SierraFileReader reader = SierraFileReader.open(file).orElseThrow()) {
      assertThatThrownBy(reader::encoding).hasMessage(file + " at byte 56: none of the first 16 records has a"
          + " date-time that is int64 microseconds or float64 days between 1980 and 2100 (the first is"
          + " 0x0000000000000000)");
    }
  }

  private static byte[] header(SierraFileFormat format) {
    final ByteBuffer buffer = ByteBuffer.allocate(format.headerSize()).order(ByteOrder.LITTLE_ENDIAN);
    format.writeHeader(buffer);
    return buffer.array();
  }
}
