package io.tickflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnakeCaseColumnNamingStrategyTest {

  private final SnakeCaseColumnNamingStrategy strategy = new SnakeCaseColumnNamingStrategy();

  @ParameterizedTest
  @CsvSource({
      "symbol, symbol", "windowStart, window_start", "windowEnd, window_end", "bidVolume, bid_volume",
      "askVolume, ask_volume", "tradeCount, trade_count", "vwap, vwap", "firstTradeTime, first_trade_time",
      "lastTradeTime, last_trade_time", "isFinal, is_final", "eventTime, event_time", "receiveTime, receive_time",
      "sequence, sequence"})
  void shouldNameColumnsInSnakeCaseWhenFieldsAreCamelCase(String field, String column) {
    assertThat(strategy.resolveColumnName(field)).isEqualTo(column);
  }
}
