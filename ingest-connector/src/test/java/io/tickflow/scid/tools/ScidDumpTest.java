package io.tickflow.scid.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.IntradayRecordEncoder;
import io.tickflow.scid.RecordKind;
import io.tickflow.scid.SierraFileWriter;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SyntheticTrades;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScidDumpTest {

  @TempDir
  Path dir;

  private static Path sample() throws Exception {
    return Path.of(ScidDumpTest.class.getResource("/scid/ESM23-CME_seandunaway-scid_10rec.scid").toURI());
  }

  private static String run(Path file, Instant from, Instant to, DumpFormat format) throws Exception {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ScidDump.dump(new DumpRequest(file, from, to, 0, format), out, out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPrintEveryTradeOfTheSampleAsCsv() throws Exception {
    final String csv = run(sample(), null, null, DumpFormat.CSV);
    assertThat(csv.lines()).hasSize(11);
    assertThat(csv.lines().findFirst()).contains("time,price,bid,ask,size,side");
    assertThat(csv.lines().skip(1).findFirst()).contains("2023-02-21T20:37:19.026000Z,4048.0,4048.0,4048.75,1,BID");
    assertThat(csv.lines().reduce((a, b) -> b)).contains("2023-02-21T20:40:52.682001Z,4048.25,4048.5,4049.0,1,BID");
  }

  @Test
  void shouldPrintOnlyTheTimeRangeAsJson() throws Exception {
    final String json = run(sample(), Instant.parse("2023-02-21T20:38:02.105001Z"),
        Instant.parse("2023-02-21T20:39:10.708Z"), DumpFormat.JSON);
    assertThat(json.lines()).containsExactly(
        "{\"time\":\"2023-02-21T20:38:02.105001Z\",\"price\":4047.75,\"bid\":4047.75,\"ask\":4048.25,\"size\":1,"
            + "\"side\":\"BID\"}",
        "{\"time\":\"2023-02-21T20:38:12.208000Z\",\"price\":4048.0,\"bid\":4048.0,\"ask\":4048.5,\"size\":1,"
            + "\"side\":\"BID\"}");
  }

  @Test
  void shouldCountBarsItDoesNotPrint() throws Exception {
    final Path file = dir.resolve("NQ.scid");
    new SyntheticTrades(1, Instant.parse("2024-01-02T00:00:00Z"), DateTimeEncoding.INT64_MICROS, 10)
        .appendTo(file, 1_000);
    final PrintStream ignored = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    final ScidDump.Summary summary = ScidDump.dump(new DumpRequest(file, null, null, 0, DumpFormat.CSV),
        ignored, ignored);
    assertThat(summary).isEqualTo(new ScidDump.Summary(900, 100, 0, false));
  }

  @Test
  void shouldStopAtTheLimitAndSaySoWhenMoreTradesFollow() throws Exception {
    final Path file = dir.resolve("NQ.scid");
    new SyntheticTrades(1, Instant.parse("2024-01-02T00:00:00Z"), DateTimeEncoding.INT64_MICROS, 10)
        .appendTo(file, 100);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final PrintStream ignored = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    final ScidDump.Summary limited = ScidDump.dump(new DumpRequest(file, null, null, 5, DumpFormat.CSV),
        new PrintStream(out, true, StandardCharsets.UTF_8), ignored);
    final ScidDump.Summary exact = ScidDump.dump(new DumpRequest(file, null, null, 90, DumpFormat.CSV), ignored,
        ignored);

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1 + 5);
    assertThat(limited.tradesPrinted()).isEqualTo(5);
    assertThat(limited.limitReached()).isTrue();
    assertThat(exact).isEqualTo(new ScidDump.Summary(90, 10, 0, false));
  }

  @Test
  void shouldReportGarbageRecordsInsteadOfPrintingThemAndNotStopTheRangeAtOne() throws Exception {
    final Path file = dir.resolve("ES.scid");
    final long start = DateTimeEncoding.INT64_MICROS.fromUnixMicros(
        DateTimeEncoding.toMicros(Instant.parse("2024-01-02T14:30:00Z")));
    // Raw date-times: garbage at records 1 (0, i.e. 1899-12-30) and 4 (year 146,000); record 3 has a NaN Open.
    final long[] rawTimes = {start, 0, start + 1000, start + 2000, Long.MAX_VALUE / 2, start + 3000, start + 4000};
    final float[] opens = {0f, 0f, 0f, Float.NaN, 0f, 0f, 0f};
    final int[] next = {0};
    SierraFileWriter.appendRecords(file, rawTimes.length, (buffer, offset) -> {
      final int i = next[0]++;
      new IntradayRecordEncoder().wrap(buffer, offset).trade(RecordKind.SINGLE_TRADE, rawTimes[i], 4000f, 3999.75f,
          4000f, 1, true).open(opens[i]);
    });
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    final ScidDump.Summary summary = ScidDump.dump(new DumpRequest(file, null,
        Instant.parse("2024-01-02T14:30:00.004Z"), 0, DumpFormat.CSV),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1)).containsExactly(
        "2024-01-02T14:30:00.000000Z,4000.0,3999.75,4000.0,1,ASK",
        "2024-01-02T14:30:00.001000Z,4000.0,3999.75,4000.0,1,ASK",
        "2024-01-02T14:30:00.003000Z,4000.0,3999.75,4000.0,1,ASK");
    assertThat(summary).isEqualTo(new ScidDump.Summary(3, 0, 3, false));
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        file + " at byte 96: date-time " + -DateTimeEncoding.EPOCH_OFFSET_MICROS + " us is outside 1980..2100",
        file + " at byte 176: bar open is not a finite number",
        file + " at byte 216: date-time " + (Long.MAX_VALUE / 2 - DateTimeEncoding.EPOCH_OFFSET_MICROS)
            + " us is outside 1980..2100");
  }

  @Test
  void shouldSayTheLastRecordIsPartialWhenTheFileEndsInsideOne() throws Exception {
    final Path file = dir.resolve("NQ.scid");
    new SyntheticTrades(1, Instant.parse("2024-01-02T00:00:00Z"), DateTimeEncoding.INT64_MICROS, 10)
        .appendTo(file, 3);
    Files.write(file, new byte[39], StandardOpenOption.APPEND);
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final PrintStream ignored = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    ScidDump.dump(new DumpRequest(file, null, null, 0, DumpFormat.CSV), ignored,
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(file + " at byte " + (56 + 3 * 40)
        + ": the last record is partial, 39 bytes (being written, or the file is truncated); not read");
  }

  @Test
  void shouldRefuseADepthFile() {
    final Path file = dir.resolve("ES.2024-01-02.depth");
    assertThatThrownBy(() -> run(file, null, null, DumpFormat.CSV)).isInstanceOf(SierraFileException.class)
        .hasMessage(file + " at byte 0: only .scid files hold trades");
  }
}
