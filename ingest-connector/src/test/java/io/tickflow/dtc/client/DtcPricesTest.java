package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.codec.Unset;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The price rule and its shortcut: a price that is its float's own shortest decimal skips Float.toString, and must
 * come out exactly as Float.toString would have made it, since the .scid connector uses Float.toString.
 */
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

  /**
   * At the edge of the shortcut's table, for each count j of binary fraction digits: the largest and the smallest
   * odd multiple of 2^-j with the largest exponent it allows are printed exactly by Float.toString.
   */
  @ParameterizedTest
  @CsvSource({"0, 23", "1, 22", "2, 19", "3, 16", "4, 13", "5, 9", "6, 6", "7, 3", "8, -1"})
  void shouldPublishAShortBinaryFractionAsItselfUpToTheLargestExponentItAllows(int fractionBits, int exponent) {
    final double step = Math.scalb(1.0, -fractionBits);
    for (double price : new double[] {Math.scalb(1.0, exponent + 1) - step, Math.scalb(1.0, exponent) + step}) {
      final float narrowed = (float) price;
      assertThat((double) narrowed).isEqualTo(price);
      assertThat(Double.parseDouble(Float.toString(narrowed))).isEqualTo(price);
      assertThat(DtcPrices.decimal(narrowed)).isEqualTo(price);
      assertThat(DtcPrices.decimal(-price)).isEqualTo(-price);
    }
  }

  /** One exponent further a shorter decimal reads back as the same float: the shortcut must not be taken. */
  @ParameterizedTest
  @CsvSource({
      "1048576.25, 1048576.2",
      "65536.0625, 65536.06",
      "1024.03125, 1024.0312",
      "128.015625, 128.01562",
      "16.0078125, 16.007812",
      "4512.00390625, 4512.004",
  })
  void shouldPublishTheShorterDecimalOfABinaryFractionBeyondTheTable(double widened, double published) {
    assertThat(DtcPrices.decimal(widened)).isEqualTo(published);
    assertThat(DtcPrices.decimal((float) widened)).isEqualTo(published);
  }

  @Test
  void shouldAgreeWithFloatToStringForEveryMultipleOfOneOver256BelowFourThousandAndForRandomFloats() {
    final List<String> disagreements = new ArrayList<>();
    for (int n = -(1 << 20); n <= 1 << 20; n++) {
      compareWithFloatToString(n / 256f, disagreements);
    }
    final SplittableRandom random = new SplittableRandom(20261127);
    for (int i = 0; i < 1_000_000; i++) {
      compareWithFloatToString(Float.intBitsToFloat(random.nextInt()), disagreements);
    }

    assertThat(disagreements).isEmpty();
  }

  private static void compareWithFloatToString(float price, List<String> disagreements) {
    final double published = DtcPrices.decimal(price);
    if (Double.compare(published, Double.parseDouble(Float.toString(price))) != 0) {
      disagreements.add(new BigDecimal(price) + " published as " + published);
    }
  }
}
