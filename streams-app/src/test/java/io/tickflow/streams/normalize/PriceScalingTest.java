package io.tickflow.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceScalingTest {

  @ParameterizedTest(name = "{0} in format {1} is {2}")
  @CsvSource({
      // Decimal formats, unset and unknown ones: the number is the price.
      "4512.25, 2, 4512.25",
      "4512.25, -1, 4512.25",
      "4512.25, 150, 4512.25",
      // 1/2 to 1/256: the digits after the point are the numerator.
      "110.1, 102, 110.5",
      "110.3, 104, 110.75",
      "110.7, 108, 110.875",
      "110.05, 116, 110.3125",
      "110.16, 132, 110.5",
      "110.31, 132, 110.96875",
      "110.63, 164, 110.984375",
      "110.127, 228, 110.9921875",
      "110.255, 356, 110.99609375",
      // 32nds in halves, quarters and eighths: a fraction of a 32nd after the 32nds, in full or cut to one digit.
      "110.165, 134, 110.515625",
      "110.16, 134, 110.5",
      "110.1625, 136, 110.5078125",
      "110.162, 136, 110.5078125",
      "110.167, 136, 110.5234375",
      "110.16125, 140, 110.50390625",
      "110.163, 140, 110.51171875",
      "110.168, 140, 110.52734375",
      // A negative price (a spread) is the negative of its digits' price.
      "-1.16, 132, -1.5",
      "-0.165, 134, -0.515625",
  })
  void shouldReadDisplayFormatNumbers(double display, int format, double price) {
    assertThat(PriceScaling.fromDisplay(display, format)).isEqualTo(price);
  }

  @ParameterizedTest(name = "{0} x {1} = {2}")
  @CsvSource({
      "4505, 0.01, 45.05",
      "3, 0.1, 0.3",
      "1203, 0.1, 120.3",
      "80000, 0.25, 20000",
      "7, 0.0001, 0.0007",
  })
  void shouldScaleByTheDecimalProduct(double raw, double factor, double price) {
    assertThat(PriceScaling.parse("multiplier:" + factor).apply(raw, null)).isEqualTo(price);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void shouldKeepWhatIsNotANumberForValidationToRefuse(double raw) {
    assertThat(PriceScaling.parse("multiplier:0.1").apply(raw, null)).isEqualTo(Double.valueOf(raw * 0.1));
    assertThat(PriceScaling.fromDisplay(raw, 132)).isEqualTo(Double.valueOf(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tick", "multiplier:", "multiplier:x", "multiplier:0", "multiplier:-2", "multiplier:NaN"})
  void shouldRefuseAnUnknownScalingNamingIt(String text) {
    assertThatThrownBy(() -> PriceScaling.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid price scaling '" + text + "'");
  }
}
