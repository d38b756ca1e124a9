package io.tickflow.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SierraPricesTest {

  /** Binary ticks, some of which Float.toString shortens (128.01562, 103.00391, 105.00781, 1024.0312). */
  @ParameterizedTest
  @ValueSource(doubles = {4512.25, 6000.25, 20000.25, 44000, 110.515625, 128.015625, 103.00390625, 105.0078125,
      1024.03125, 16.0078125, 0.015625, -12.5})
  void shouldPublishABinaryTickAsItsExactValue(double price) {
    assertThat(SierraPrices.decimal((float) price)).isEqualTo(price);
  }

  /** Decimal prices, and multiples of 1/256 a float holds with too few bits to spare to be taken for ticks. */
  @ParameterizedTest
  @CsvSource({
      "75.43, 75.43",
      "71.53, 71.53",
      "1.08345, 1.08345",
      "0.01, 0.01",
      "150.123, 150.123",
      "70000.13, 70000.13", // its float is 70000.1328125, a multiple of 1/128 with nothing to spare
      "1500.168, 1500.168", // its float is 1500.16796875, a multiple of 1/256 with 5 bits to spare
      "4512.00390625, 4512.004",
      "65536.0625, 65536.06",
  })
  void shouldPublishAnyOtherFloatAsItsShortestDecimal(double sent, double published) {
    assertThat(SierraPrices.decimal((float) sent)).isEqualTo(published);
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE})
  void shouldKeepWhatIsNotAPrice(float value) {
    assertThat(SierraPrices.decimal(value)).isEqualTo(Double.valueOf(Float.toString(value)));
  }

  /**
   * Every published price reads back as its float, and differs from Float.toString's only for a binary tick given
   * exactly: over every multiple of 1/256 to 4096 and a million random floats.
   */
  @Test
  void shouldReadBackAsTheSameFloatAndDifferFromFloatToStringOnlyForExactBinaryTicks() {
    List<String> wrong = new ArrayList<>();
    for (int n = -(1 << 20); n <= 1 << 20; n++) {
      check(n / 256f, wrong);
    }
    SplittableRandom random = new SplittableRandom(20261127);
    for (int i = 0; i < 1_000_000; i++) {
      check(Float.intBitsToFloat(random.nextInt()), wrong);
    }
    assertThat(wrong).isEmpty();
  }

  private static void check(float value, List<String> wrong) {
    if (!Float.isFinite(value)) {
      return;
    }
    double published = SierraPrices.decimal(value);
    double shortest = Double.parseDouble(Float.toString(value));
    boolean readsBack = (float) published == value;
    boolean exactTick = published == value
        && new BigDecimal(value).multiply(BigDecimal.valueOf(256)).stripTrailingZeros().scale() <= 0;
    if (!readsBack || published != shortest && !exactTick) {
      wrong.add(new BigDecimal(value) + " published as " + published);
    }
  }
}
