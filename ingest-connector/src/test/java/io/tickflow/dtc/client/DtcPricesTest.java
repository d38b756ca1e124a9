package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.codec.Unset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DTC's price fields: widened floats read as the float's price, anything else as sent (SierraPricesTest: the rule). */
class DtcPricesTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.00001, 1.08123, 6000.25, 150.123, 0.015625})
  void shouldReadAFloatPriceAsTheDoubleItWasWrittenFromWhenWidened(double price) {
    assertThat(DtcPrices.decimal((float) price)).isEqualTo(price);
    assertThat(DtcPrices.orNull((float) price)).isEqualTo(price);
    assertThat(DtcPrices.decimal((double) (float) price)).isEqualTo(price);
    assertThat(DtcPrices.orNull((double) (float) price)).isEqualTo(price);
  }

  @ParameterizedTest
  @ValueSource(doubles = {45.05, 71.53, 1.08345, 0.1, 1.7976931348623157E308, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 3.4028234663852886E38})
  void shouldKeepADoublePriceThatNoFloatHoldsOrThatIsNotFiniteOrUnset(double price) {
    assertThat(DtcPrices.decimal(price)).isEqualByComparingTo(price);
  }

  @Test
  void shouldGiveNullForUnsetPrices() {
    assertThat(DtcPrices.orNull(Unset.DOUBLE)).isNull();
    assertThat(DtcPrices.orNull(Unset.FLOAT)).isNull();
  }
}
