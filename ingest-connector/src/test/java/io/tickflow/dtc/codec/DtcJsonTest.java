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
  private final UnsafeBuffer out = new UnsafeBuffer(new byte[MarketDataSnapshot.ENCODED_LENGTH]);

  /** Reads one JSON message into {@link #out}. */
  private int read(String text) {
    final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return json.read(new UnsafeBuffer(bytes), 0, bytes.length, out, 0);
  }

  private MarketDataUpdateTradeCompact readTrade(String text) {
    assertThat(read(text)).isEqualTo(MarketDataUpdateTradeCompact.ENCODED_LENGTH);
    return new MarketDataUpdateTradeCompact().wrap(out, 0, MarketDataUpdateTradeCompact.ENCODED_LENGTH);
  }

  private void assertRefused(String text, String reason) {
    assertThatThrownBy(() -> read(text)).isInstanceOf(DtcCodecException.class).hasMessageStartingWith(reason);
  }

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
    final MarketDataUpdateTradeCompact trade = readTrade("{\"SymbolID\":3,\"Type\":112,\"Price\":1.5,\"Future\":\"x\"}");

    assertThat(trade.symbolId()).isEqualTo(3);
    assertThat(trade.price()).isEqualTo(1.5f);
    assertThat(trade.volume()).isZero();
  }

  @Test
  void shouldReportUnknownTypeWhenTheTypeIsNotInTheCodec() {
    assertThat(read("{\"Type\":999}")).isEqualTo(DtcJson.UNKNOWN_TYPE);
    assertThat(json.lastType()).isEqualTo(999);
  }

  @Test
  void shouldThrowCodecExceptionWhenTheTypeIsBeyondTheUint16OfTheBinaryHeader() {
    // 2^32 + 107: cut to an int it would read as a trade.
    assertRefused("{\"Type\":4294967403,\"SymbolID\":1,\"Price\":5}", "JSON Type 4294967403 is not a message type");
    assertRefused("{\"Type\":-1}", "JSON Type -1 is not a message type");
  }

  @Test
  void shouldThrowCodecExceptionWhenTheTextIsNotJson() {
    assertRefused("{\"Type\":3,", "malformed JSON");
  }

  @Test
  void shouldThrowCodecExceptionWhenTypeIsMissing() {
    assertRefused("{\"Price\":3}", "JSON message without a numeric Type");
  }

  @Test
  void shouldIgnoreAnUnknownFieldWhenItsValueIsAnArrayOrObject() {
    final MarketDataUpdateTradeCompact trade = readTrade(
        "{\"Type\":112,\"Price\":1.5,\"Conditions\":[1,[2]],\"Venue\":{\"Id\":7},\"SymbolID\":3}");

    assertThat(trade.symbolId()).isEqualTo(3);
    assertThat(trade.price()).isEqualTo(1.5f);
  }

  @Test
  void shouldReportUnknownTypeWhenAnUnknownMessageHoldsAnArray() {
    assertThat(read("{\"Type\":999,\"Levels\":[{\"Price\":1}]}")).isEqualTo(DtcJson.UNKNOWN_TYPE);
  }

  @Test
  void shouldThrowCodecExceptionWhenAKnownFieldIsNotAScalar() {
    assertRefused("{\"Type\":112,\"Price\":[1.5]}", "JSON field Price is not a scalar");
  }

  @Test
  void shouldReadNumbersSentAsStringsWhenTheFieldIsNumeric() {
    final MarketDataUpdateTradeCompact trade = readTrade(
        "{\"Type\":\"112\",\"SymbolID\":\"3\",\"Price\":\"1.5\",\"DateTime\":\" 1700000000 \"}");

    assertThat(trade.symbolId()).isEqualTo(3);
    assertThat(trade.price()).isEqualTo(1.5f);
    assertThat(trade.dateTime()).isEqualTo(1_700_000_000L);
  }

  @Test
  void shouldThrowCodecExceptionWhenAnIntegerFieldHoldsText() {
    assertRefused("{\"Type\":112,\"SymbolID\":\"ES\"}", "JSON field SymbolID must be a number, was \"ES\"");
  }
}
