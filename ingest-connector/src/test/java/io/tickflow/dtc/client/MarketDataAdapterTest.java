package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarketDataAdapterTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.00001, 1.08123, 6000.25, 150.123, 0.015625})
  void shouldReadAFloatPriceAsTheDoubleItWasWrittenFromWhenWidened(double price) {
    assertThat(MarketDataAdapter.decimal((float) price)).isEqualTo(price);
    assertThat(MarketDataAdapter.orNull((float) price)).isEqualTo(price);
  }
}
