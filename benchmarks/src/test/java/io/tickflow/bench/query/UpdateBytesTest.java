package io.tickflow.bench.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.query.data.BarView;
import io.tickflow.query.format.Formats;
import io.tickflow.schemas.Bar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateBytesTest {

  private static final Formats FORMATS = new Formats();

  @Test
  void shouldReadTheRevisionKeyOfEveryUpdateWhenSeveralComeInOneArray() {
    String first = update("WAB", 3, bar("WAB", "2026-11-26T05:07:00Z", false, 12));
    String second = update("WCZ", 0, bar("WCZ", "2026-11-26T23:59:00Z", true, 9));
    byte[] frame = ("[" + first + "," + second + "]").getBytes(StandardCharsets.UTF_8);

    int at = UpdateBytes.nextUpdate(frame, 0, frame.length);
    UpdateBytes.Update one = UpdateBytes.read(frame, at, frame.length);
    int next = UpdateBytes.nextUpdate(frame, one.end(), frame.length);
    UpdateBytes.Update two = UpdateBytes.read(frame, next, frame.length);

    assertThat(one).isEqualTo(new UpdateBytes.Update(3, false,
        RevisionLog.key(RevisionLog.symbolIndex('A', 'B'), 5 * 60 + 7, 12), at + first.length()));
    assertThat(two).isEqualTo(new UpdateBytes.Update(0, true,
        RevisionLog.key(RevisionLog.symbolIndex('C', 'Z'), 23 * 60 + 59, 9), next + second.length()));
    assertThat(UpdateBytes.nextUpdate(frame, two.end(), frame.length)).isEqualTo(-1);
  }

  @Test
  void shouldFailLoudlyWhenTheBarNoLongerEndsWithClosedAndRevision() {
    byte[] message = update("WAB", 0, "{\"symbol\":\"WAB\",\"start\":\"2026-11-26T05:07:00Z\",\"revision\":2,"
        + "\"closed\":false}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> UpdateBytes.read(message, 0, message.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not end with closed and revision");
  }

  /** A message as the query service writes it (docs/api.md), around a bar rendered by the service's own JSON. */
  private static String update(String symbol, long conflated, String data) {
    return "{\"type\":\"update\",\"sub\":\"bars:" + symbol + ":1m\",\"seq\":41,\"conflated\":" + conflated
        + ",\"data\":" + data + "}";
  }

  private static String bar(String symbol, String start, boolean closed, int revision) {
    Instant from = Instant.parse(start);
    Bar bar = Bar.newBuilder().setSymbol(symbol).setTimeframe("1m").setWindowStart(from)
        .setWindowEnd(from.plusSeconds(60)).setOpen(1).setHigh(2).setLow(0.5).setClose(1.5).setVolume(10)
        .setBidVolume(4).setAskVolume(6).setTradeCount(3).setVwap(1.25).setFirstTradeTime(from)
        .setLastTradeTime(from.plusSeconds(1)).setIsFinal(closed).setRevision(revision).build();
    return FORMATS.toJson(BarView.of(bar, Optional.empty()));
  }
}
