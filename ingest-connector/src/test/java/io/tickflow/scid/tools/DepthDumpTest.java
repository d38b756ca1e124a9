package io.tickflow.scid.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.DepthCommand;
import io.tickflow.scid.DepthRecordEncoder;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthDumpTest {

  private static final Instant T0 = Instant.parse("2024-01-02T14:30:00Z");
  /** Byte position of record i: the 64-byte header, then 24-byte records. */
  private static final int HEADER = 64;
  private static final int RECORD = 24;

  @TempDir
  Path dir;

  private Path file;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** One record of the fixture, as the documented layout has it. */
  private record Depth(long rawDateTime, int command, float price, long quantity, int orders, boolean end) {

    static Depth at(long micros, DepthCommand command, float price, long quantity, int orders, boolean end) {
      return new Depth(DateTimeEncoding.INT64_MICROS.fromUnixMicros(DateTimeEncoding.toMicros(T0) + micros),
          command.code(), price, quantity, orders, end);
    }
  }

  /**
   * A snapshot, a garbage date-time (0: 1899), an undefined command, updates, a NO_COMMAND record, and a last record
   * cut after 10 of its 24 bytes.
   */
  @BeforeEach
  void writeFixture() throws Exception {
    file = dir.resolve("ESZ4.2024-01-02.depth");
    List<Depth> records = List.of(
        Depth.at(0, DepthCommand.CLEAR_BOOK, 0f, 0, 0, false),
        Depth.at(0, DepthCommand.ADD_BID_LEVEL, 4000.25f, 10, 2, false),
        Depth.at(0, DepthCommand.ADD_ASK_LEVEL, 4000.5f, 7, 1, true),
        new Depth(0, DepthCommand.MODIFY_BID_LEVEL.code(), 4000.25f, 1, 1, true),
        new Depth(Depth.at(1_500, DepthCommand.NO_COMMAND, 0f, 0, 0, true).rawDateTime(), 9, 4000.25f, 1, 1, true),
        Depth.at(2_000, DepthCommand.MODIFY_BID_LEVEL, 4000.25f, 12, 3, true),
        Depth.at(3_001, DepthCommand.DELETE_ASK_LEVEL, 4000.5f, 0, 0, true),
        Depth.at(4_000, DepthCommand.NO_COMMAND, 0f, 0, 0, false));
    int[] next = {0};
    SierraFileWriter.appendRecords(file, records.size(), (buffer, offset) -> {
      Depth depth = records.get(next[0]++);
      new DepthRecordEncoder().wrap(buffer, offset).rawDateTime(depth.rawDateTime()).commandCode(depth.command())
          .price(depth.price()).quantity(depth.quantity()).numOrders(depth.orders()).endOfBatch(depth.end());
    });
    Files.write(file, new byte[10], StandardOpenOption.APPEND);
  }

  private DepthDump.Summary dump(Instant from, Instant to, int limit, DumpFormat format) throws Exception {
    return DepthDump.dump(new DumpRequest(file, from, to, limit, format),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> outLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void shouldPrintEveryRecordWithMicrosecondsAndReportGarbageAndThePartialLastRecordWhenTheWholeFileIsDumped()
      throws Exception {
    DepthDump.Summary summary = dump(null, null, 0, DumpFormat.CSV);

    assertThat(outLines()).containsExactly(
        "time,command,price,quantity,orders,endOfBatch",
        "2024-01-02T14:30:00.000000Z,CLEAR_BOOK,0.0,0,0,false",
        "2024-01-02T14:30:00.000000Z,ADD_BID_LEVEL,4000.25,10,2,false",
        "2024-01-02T14:30:00.000000Z,ADD_ASK_LEVEL,4000.5,7,1,true",
        "2024-01-02T14:30:00.002000Z,MODIFY_BID_LEVEL,4000.25,12,3,true",
        "2024-01-02T14:30:00.003001Z,DELETE_ASK_LEVEL,4000.5,0,0,true",
        "2024-01-02T14:30:00.004000Z,NO_COMMAND,0.0,0,0,false");
    assertThat(errLines()).containsExactly(
        file + " at byte " + (HEADER + 3 * RECORD) + ": date-time " + -DateTimeEncoding.EPOCH_OFFSET_MICROS
            + " us is outside 1980..2100",
        file + " at byte " + (HEADER + 4 * RECORD) + ": undefined depth command 9",
        file + " at byte " + (HEADER + 8 * RECORD) + ": the last record is partial, 10 bytes (being written, or the "
            + "file is truncated); not read");
    assertThat(summary).isEqualTo(new DepthDump.Summary(6, 2, false, 10));
  }

  @Test
  void shouldPrintOnlyTheRangeUpToTheLimitAsJsonWhenAsked() throws Exception {
    DepthDump.Summary summary = dump(T0.plusMillis(1), T0.plusMillis(4), 1, DumpFormat.JSON);

    assertThat(outLines()).containsExactly("{\"time\":\"2024-01-02T14:30:00.002000Z\",\"command\":\"MODIFY_BID_LEVEL\","
        + "\"price\":4000.25,\"quantity\":12,\"orders\":3,\"endOfBatch\":true}");
    assertThat(summary).isEqualTo(new DepthDump.Summary(1, 1, true, 10));
  }

  @Test
  void shouldStopBeforeToWhenTheRangeEndsInsideTheFile() throws Exception {
    DepthDump.Summary summary = dump(T0.plusMillis(1), T0.plusMillis(3), 0, DumpFormat.CSV);

    assertThat(outLines()).containsExactly("time,command,price,quantity,orders,endOfBatch",
        "2024-01-02T14:30:00.002000Z,MODIFY_BID_LEVEL,4000.25,12,3,true");
    assertThat(summary).isEqualTo(new DepthDump.Summary(1, 1, false, 10));
  }

  @Test
  void shouldPrintNothingButTheErrorWhenTheFileIsNotADepthFile() throws Exception {
    file = dir.resolve("zeroed.depth");
    Files.write(file, new byte[100]);

    assertThatThrownBy(() -> dump(null, null, 0, DumpFormat.CSV)).isInstanceOf(SierraFileException.class)
        .hasMessage(file + " at byte 0: not a .depth file: magic is 0x00000000, expected 0x44444353 ('SCDD')");
    assertThat(out.size()).isZero();
  }

  @Test
  void shouldRefuseAnScidFile() {
    Path scid = dir.resolve("ES.scid");
    assertThatThrownBy(() -> DepthDump.dump(new DumpRequest(scid, null, null, 0, DumpFormat.CSV),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isInstanceOf(SierraFileException.class).hasMessage(scid + " at byte 0: only .depth files hold market depth");
  }
}
