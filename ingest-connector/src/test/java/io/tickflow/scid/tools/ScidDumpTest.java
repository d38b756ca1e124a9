package io.tickflow.scid.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SyntheticTrades;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScidDumpTest {

  @TempDir
  Path dir;

  private static Path sample() throws Exception {
    return Path.of(ScidDumpTest.class.getResource("/scid/ESM23-CME_seandunaway-scid_10rec.scid").toURI());
  }

  private static String run(String... args) throws Exception {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ScidDump.dump(ScidDump.parse(args), out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPrintEveryTradeOfTheSampleAsCsv() throws Exception {
    final String csv = run(sample().toString());
    assertThat(csv.lines()).hasSize(11);
    assertThat(csv.lines().findFirst()).contains("time,price,bid,ask,size,side");
    assertThat(csv.lines().skip(1).findFirst()).contains("2023-02-21T20:37:19.026Z,4048.0,4048.0,4048.75,1,BID");
    assertThat(csv.lines().reduce((a, b) -> b)).contains("2023-02-21T20:40:52.682001Z,4048.25,4048.5,4049.0,1,BID");
  }

  @Test
  void shouldPrintOnlyTheTimeRangeAsJson() throws Exception {
    final String json = run(sample().toString(), "--from", "2023-02-21T20:38:02.105001Z",
        "--to", "2023-02-21T20:39:10.708Z", "--format", "json");
    assertThat(json.lines()).containsExactly(
        "{\"time\":\"2023-02-21T20:38:02.105001Z\",\"price\":4047.75,\"bid\":4047.75,\"ask\":4048.25,\"size\":1,"
            + "\"side\":\"BID\"}",
        "{\"time\":\"2023-02-21T20:38:12.208Z\",\"price\":4048.0,\"bid\":4048.0,\"ask\":4048.5,\"size\":1,"
            + "\"side\":\"BID\"}");
  }

  @Test
  void shouldCountBarsItDoesNotPrint() throws Exception {
    final Path file = dir.resolve("NQ.scid");
    new SyntheticTrades(1, Instant.parse("2024-01-02T00:00:00Z"), DateTimeEncoding.INT64_MICROS, 10)
        .appendTo(file, 1_000);
    final ScidDump.Summary summary = ScidDump.dump(ScidDump.parse(file.toString()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(summary).isEqualTo(new ScidDump.Summary(900, 100));
  }

  @Test
  void shouldRejectBadArgumentsWithTheUsage() {
    assertThatThrownBy(() -> ScidDump.parse("f.scid", "--format", "xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("format must be csv or json, was 'xml'; usage: tickflow scid dump FILE");
    assertThatThrownBy(() -> ScidDump.parse("--from", "yesterday", "f.scid"))
        .hasMessageStartingWith("'yesterday' is not an ISO-8601 UTC time");
    assertThatThrownBy(ScidDump::parse).hasMessageStartingWith("missing FILE");
  }

  @Test
  void shouldRefuseADepthFile() {
    final Path file = dir.resolve("ES.2024-01-02.depth");
    assertThatThrownBy(() -> run(file.toString())).isInstanceOf(SierraFileException.class)
        .hasMessage(file + " at byte 0: only .scid files hold trades");
  }
}
