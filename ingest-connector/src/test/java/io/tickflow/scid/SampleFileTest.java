package io.tickflow.scid;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.AggressorSide;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The real 10-record ESM23 file (test resource scid/ESM23-CME_seandunaway-scid_10rec.scid, a public sample), value by
 * value.
 */
class SampleFileTest {

  static Path sample() throws URISyntaxException {
    return Path.of(SampleFileTest.class.getResource("/scid/ESM23-CME_seandunaway-scid_10rec.scid").toURI());
  }

  @Test
  void shouldReadHeaderAndEncodingOfTheSample() throws Exception {
    try (SierraFileReader reader = SierraFileReader.open(sample()).orElseThrow()) {
      assertThat(reader.header()).isEqualTo(new FileHeader(SierraFileFormat.SCID, 56, 40));
      assertThat(reader.size()).isEqualTo(456);
      assertThat(reader.recordCount()).isEqualTo(10);
      assertThat(reader.encoding()).contains(DateTimeEncoding.INT64_MICROS);
    }
  }

  @Test
  void shouldDecodeEveryRecordOfTheSampleExactly() throws Exception {
    final List<String> rows = decodeAll();
    assertThat(rows).containsExactly(
        "2023-02-21T20:37:19.026Z SINGLE_TRADE 4048.0 bid=4048.0 ask=4048.75 size=1 BID",
        "2023-02-21T20:37:43.699Z SINGLE_TRADE 4048.0 bid=4048.0 ask=4048.25 size=1 BID",
        "2023-02-21T20:37:50.544Z SINGLE_TRADE 4047.5 bid=4047.5 ask=4048.25 size=1 BID",
        "2023-02-21T20:38:02.105Z FIRST_SUB_TRADE 4047.75 bid=4047.75 ask=4048.25 size=1 BID",
        "2023-02-21T20:38:02.105001Z LAST_SUB_TRADE 4047.75 bid=4047.75 ask=4048.25 size=1 BID",
        "2023-02-21T20:38:12.208Z SINGLE_TRADE 4048.0 bid=4048.0 ask=4048.5 size=1 BID",
        "2023-02-21T20:39:10.708Z SINGLE_TRADE 4047.0 bid=4046.5 ask=4047.0 size=1 ASK",
        "2023-02-21T20:40:28.608Z SINGLE_TRADE 4048.0 bid=4047.5 ask=4048.0 size=1 ASK",
        "2023-02-21T20:40:52.682Z SINGLE_TRADE 4048.5 bid=4048.5 ask=4049.0 size=1 BID",
        "2023-02-21T20:40:52.682001Z SINGLE_TRADE 4048.25 bid=4048.5 ask=4049.0 size=1 BID");
  }

  @Test
  void shouldSequenceSameMillisecondTradesByTheMicrosecondCounter() throws Exception {
    final TradeSequencer sequencer = new TradeSequencer(DateTimeEncoding.INT64_MICROS);
    final List<String> sequenced = new ArrayList<>();
    forEachRecord(record -> {
      sequencer.next(record.rawDateTime());
      sequenced.add(DateTimeEncoding.toInstant(sequencer.eventTimeMicros()) + "#" + sequencer.sequence());
    });
    assertThat(sequenced).containsSubsequence("2023-02-21T20:38:02.105Z#0", "2023-02-21T20:38:02.105Z#1",
        "2023-02-21T20:40:52.682Z#0", "2023-02-21T20:40:52.682Z#1");
    assertThat(sequenced.get(0)).isEqualTo("2023-02-21T20:37:19.026Z#0");
  }

  @Test
  void shouldFindFirstRecordAtOrAfterATimeByBinarySearch() throws Exception {
    try (SierraFileReader reader = SierraFileReader.open(sample()).orElseThrow()) {
      assertThat(reader.firstRecordAtOrAfter(micros("2023-02-21T20:38:02.105001Z"))).isEqualTo(4);
      assertThat(reader.firstRecordAtOrAfter(micros("2023-02-21T20:38:02.105002Z"))).isEqualTo(5);
      assertThat(reader.firstRecordAtOrAfter(micros("2000-01-01T00:00:00Z"))).isZero();
      assertThat(reader.firstRecordAtOrAfter(micros("2030-01-01T00:00:00Z"))).isEqualTo(10);
    }
  }

  private static long micros(String instant) {
    return DateTimeEncoding.toMicros(Instant.parse(instant));
  }

  private static List<String> decodeAll() throws Exception {
    final List<String> rows = new ArrayList<>();
    forEachRecord(r -> rows.add(DateTimeEncoding.toInstant(DateTimeEncoding.INT64_MICROS.toUnixMicros(
        r.rawDateTime())) + " " + r.kind() + " " + r.close() + " bid=" + r.low() + " ask=" + r.high()
        + " size=" + r.totalVolume() + " " + side(r)));
    return rows;
  }

  private static AggressorSide side(IntradayRecordDecoder record) {
    return AggressorSides.of(record.bidVolume(), record.askVolume());
  }

  private static void forEachRecord(Consumer<IntradayRecordDecoder> action)
      throws IOException, URISyntaxException {
    try (SierraFileReader reader = SierraFileReader.open(sample()).orElseThrow()) {
      final ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
      final int n = reader.read(56, buffer, Integer.MAX_VALUE);
      final IntradayRecordDecoder decoder = new IntradayRecordDecoder();
      for (int i = 0; i < n; i++) {
        action.accept(decoder.wrap(buffer, i * 40));
      }
    }
  }
}
