package io.tickflow.dtc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class DtcJsonTest {
  private final DtcJson json = new DtcJson();

  @Test
  void shouldWriteTheHeaderMemberNamesAndTypeWhenEncodingATrade() {
    final byte[] trade = HexFormat.of().parseHex("1800700000429c450000404000f153650100000001000000");

    assertThat(json.toJson(new UnsafeBuffer(trade), 0, trade.length, false)).isEqualTo(
        "{\"Type\":112,\"Price\":5000.25,\"Volume\":3.0,\"DateTime\":1700000000,\"SymbolID\":1,\"AtBidOrAsk\":1}");
  }

  @Test
  void shouldOmitUnsetSentinelsWhenWritingForDisplay() {
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MarketDataSnapshot.ENCODED_LENGTH]);
    new MarketDataSnapshot().wrapForEncode(buffer, 0).symbolId(7).bidPrice(99.5);

    assertThat(json.toJson(buffer, 0, MarketDataSnapshot.ENCODED_LENGTH, true)).isEqualTo(
        "{\"Type\":104,\"SymbolID\":7,\"BidPrice\":99.5,\"LastTradeDateTime\":0.0,\"BidAskDateTime\":0.0,"
            + "\"SessionSettlementDateTime\":0,\"TradingSessionDate\":0,\"TradingStatus\":0,"
            + "\"MarketDepthUpdateDateTime\":0.0}");
  }

  @Test
  void shouldFillDefaultsAndIgnoreUnknownFieldsWhenReading() {
    final byte[] text = "{\"SymbolID\":3,\"Type\":112,\"Price\":1.5,\"Future\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    assertThat(json.read(new UnsafeBuffer(text), 0, text.length, out, 0))
        .isEqualTo(MarketDataUpdateTradeCompact.ENCODED_LENGTH);
    final MarketDataUpdateTradeCompact trade = new MarketDataUpdateTradeCompact().wrap(out, 0, 24);
    assertThat(trade.symbolId()).isEqualTo(3);
    assertThat(trade.price()).isEqualTo(1.5f);
    assertThat(trade.volume()).isZero();
  }

  @Test
  void shouldReportUnknownTypeWhenTheTypeIsNotInTheCodec() {
    final byte[] text = "{\"Type\":999}".getBytes(StandardCharsets.UTF_8);

    assertThat(json.read(new UnsafeBuffer(text), 0, text.length, new UnsafeBuffer(new byte[8]), 0))
        .isEqualTo(DtcJson.UNKNOWN_TYPE);
    assertThat(json.lastType()).isEqualTo(999);
  }

  @Test
  void shouldThrowCodecExceptionWhenTheTextIsNotJson() {
    final byte[] text = "{\"Type\":3,".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> json.read(new UnsafeBuffer(text), 0, text.length, new UnsafeBuffer(new byte[8]), 0))
        .isInstanceOf(DtcCodecException.class).hasMessageStartingWith("malformed JSON");
  }

  @Test
  void shouldThrowCodecExceptionWhenTypeIsMissing() {
    final byte[] text = "{\"Price\":3}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> json.read(new UnsafeBuffer(text), 0, text.length, new UnsafeBuffer(new byte[8]), 0))
        .isInstanceOf(DtcCodecException.class).hasMessageStartingWith("JSON message without a numeric Type");
  }

  @Test
  void shouldIgnoreAnUnknownFieldWhenItsValueIsAnArrayOrObject() {
    final byte[] text = ("{\"Type\":112,\"Price\":1.5,\"Conditions\":[1,[2]],\"Venue\":{\"Id\":7},"
        + "\"SymbolID\":3}").getBytes(StandardCharsets.UTF_8);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    json.read(new UnsafeBuffer(text), 0, text.length, out, 0);

    final MarketDataUpdateTradeCompact trade = new MarketDataUpdateTradeCompact().wrap(out, 0, 24);
    assertThat(trade.symbolId()).isEqualTo(3);
    assertThat(trade.price()).isEqualTo(1.5f);
  }

  @Test
  void shouldReportUnknownTypeWhenAnUnknownMessageHoldsAnArray() {
    final byte[] text = "{\"Type\":999,\"Levels\":[{\"Price\":1}]}".getBytes(StandardCharsets.UTF_8);

    assertThat(json.read(new UnsafeBuffer(text), 0, text.length, new UnsafeBuffer(new byte[8]), 0))
        .isEqualTo(DtcJson.UNKNOWN_TYPE);
  }

  @Test
  void shouldThrowCodecExceptionWhenAKnownFieldIsNotAScalar() {
    final byte[] text = "{\"Type\":112,\"Price\":[1.5]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> json.read(new UnsafeBuffer(text), 0, text.length, new UnsafeBuffer(new byte[64]), 0))
        .isInstanceOf(DtcCodecException.class).hasMessageStartingWith("JSON field Price is not a scalar");
  }

  @Test
  void shouldReadNumbersSentAsStringsWhenTheFieldIsNumeric() {
    final byte[] text = "{\"Type\":\"112\",\"SymbolID\":\"3\",\"Price\":\"1.5\",\"DateTime\":\" 1700000000 \"}"
        .getBytes(StandardCharsets.UTF_8);
    final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    assertThat(json.read(new UnsafeBuffer(text), 0, text.length, out, 0))
        .isEqualTo(MarketDataUpdateTradeCompact.ENCODED_LENGTH);

    final MarketDataUpdateTradeCompact trade = new MarketDataUpdateTradeCompact().wrap(out, 0, 24);
    assertThat(trade.symbolId()).isEqualTo(3);
    assertThat(trade.price()).isEqualTo(1.5f);
    assertThat(trade.dateTime()).isEqualTo(1_700_000_000L);
  }

  @Test
  void shouldThrowCodecExceptionWhenAnIntegerFieldHoldsText() {
    final byte[] text = "{\"Type\":112,\"SymbolID\":\"ES\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> json.read(new UnsafeBuffer(text), 0, text.length, new UnsafeBuffer(new byte[64]), 0))
        .isInstanceOf(DtcCodecException.class).hasMessageStartingWith("JSON field SymbolID must be a number, was \"ES\"");
  }
}
