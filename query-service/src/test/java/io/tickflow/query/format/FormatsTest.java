package io.tickflow.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every format writes every instant with six fractional digits, so a column of times has one shape, and every number
 * in plain decimal notation.
 */
class FormatsTest {

  private record Row(String name, Instant time) {
  }

  private static final List<Row> ROWS = List.of(new Row("whole", Instant.parse("2024-01-02T14:30:00Z")),
      new Row("millis", Instant.parse("2024-01-02T14:30:00.120Z")),
      new Row("micros", Instant.parse("2024-01-02T14:30:00.123456Z")),
      new Row("nanos", Instant.parse("2024-01-02T14:30:00.123456789Z")));

  private final Formats formats = new Formats();

  @Test
  void shouldWriteSixFractionalDigitsInJsonWhenInstantsHaveZeroThreeSixOrNine() {
    assertThat(formats.write(ApiResponse.ofRows(ROWS, Row.class), ResponseFormat.JSON)).isEqualTo("["
        + "{\"name\":\"whole\",\"time\":\"2024-01-02T14:30:00.000000Z\"},"
        + "{\"name\":\"millis\",\"time\":\"2024-01-02T14:30:00.120000Z\"},"
        + "{\"name\":\"micros\",\"time\":\"2024-01-02T14:30:00.123456Z\"},"
        + "{\"name\":\"nanos\",\"time\":\"2024-01-02T14:30:00.123456Z\"}]");
  }

  @Test
  void shouldWriteSixFractionalDigitsInCsvWhenInstantsHaveZeroThreeSixOrNine() {
    assertThat(formats.write(ApiResponse.ofRows(ROWS, Row.class), ResponseFormat.CSV)).isEqualTo("name,time\n"
        + "whole,2024-01-02T14:30:00.000000Z\n"
        + "millis,2024-01-02T14:30:00.120000Z\n"
        + "micros,2024-01-02T14:30:00.123456Z\n"
        + "nanos,2024-01-02T14:30:00.123456Z\n");
  }

  @Test
  void shouldWriteSixFractionalDigitsInToonWhenInstantsHaveZeroThreeSixOrNine() {
    assertThat(formats.write(ApiResponse.ofRows(ROWS, Row.class), ResponseFormat.TOON)).isEqualTo("[4]{name,time}:\n"
        + "  whole,\"2024-01-02T14:30:00.000000Z\"\n"
        + "  millis,\"2024-01-02T14:30:00.120000Z\"\n"
        + "  micros,\"2024-01-02T14:30:00.123456Z\"\n"
        + "  nanos,\"2024-01-02T14:30:00.123456Z\"");
  }

  @Test
  void shouldWriteTheEarliestAndLatestTimesARequestMayNameWithFourDigitYears() {
    assertThat(Formats.instant(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000000Z");
    assertThat(Formats.instant(Instant.parse("9999-12-31T23:59:59.999999999Z")))
        .isEqualTo("9999-12-31T23:59:59.999999Z");
  }

  private record Prices(double tiny, double large, double fractional, Double unset, double noisy) {
  }

  /**
   * A JPY future quoted per yen (6.5E-6), a price of ten million, and 1.0E23, which Java 17's Double.toString writes
   * 9.999999999999999E22: exponents and noise a spreadsheet, awk or a string compare would take as they stand.
   */
  private static final List<Prices> PRICES = List.of(new Prices(0.0000065, 10_000_000, 12_345_678.5, null, 1.0E23));

  @Test
  void shouldWriteNumbersInPlainDecimalsInJson() {
    assertThat(formats.write(ApiResponse.ofRows(PRICES, Prices.class), ResponseFormat.JSON)).isEqualTo(
        "[{\"tiny\":0.0000065,\"large\":10000000.0,\"fractional\":12345678.5,\"unset\":null,"
            + "\"noisy\":100000000000000000000000.0}]");
  }

  @Test
  void shouldWriteNumbersInPlainDecimalsInCsv() {
    assertThat(formats.write(ApiResponse.ofRows(PRICES, Prices.class), ResponseFormat.CSV)).isEqualTo(
        "tiny,large,fractional,unset,noisy\n0.0000065,10000000.0,12345678.5,,100000000000000000000000.0\n");
  }

  /** TOON's canonical numbers drop a whole number's ".0". jtoon reads the JSON back as doubles and writes them
   * with this JVM's Double.toString, so the noisy 1.0E23 is not checked here: prices never hit Java 17's misses. */
  @Test
  void shouldWriteNumbersInPlainDecimalsInToon() {
    assertThat(formats.write(ApiResponse.ofRows(PRICES, Prices.class), ResponseFormat.TOON))
        .startsWith("[1]{tiny,large,fractional,unset,noisy}:\n  0.0000065,10000000,12345678.5,null,");
  }

  /**
   * Schubfach writes a double of one significant digit with a ".0" before its exponent (1.0E-4): a tick of 0.0001
   * came out 0.00010, a digit more than the fewest.
   */
  @Test
  void shouldWriteTheFewestDigitsWhenADoubleHasOneSignificantDigit() {
    assertThat(Formats.decimal(0.0001)).isEqualTo("0.0001");
    assertThat(Formats.decimal(-1e-7)).isEqualTo("-0.0000001");
    assertThat(Formats.decimal(1e7)).isEqualTo("10000000.0");
    assertThat(Formats.decimal(-0.0)).isEqualTo("0.0");
  }

  private record Vwap(String symbol, double vwap) {
  }

  private static final List<Vwap> NOT_FINITE = List.of(new Vwap("ES", Double.NaN),
      new Vwap("NQ", Double.NEGATIVE_INFINITY));

  /**
   * JSON wrote the string "NaN" in a number's place, and TOON, from it, a bare NaN: a string, where its spec asks
   * null.
   */
  @Test
  void shouldWriteNullForNanAndTheInfinitiesInEveryFormat() {
    ApiResponse response = ApiResponse.ofRows(NOT_FINITE, Vwap.class);
    assertThat(formats.write(response, ResponseFormat.JSON))
        .isEqualTo("[{\"symbol\":\"ES\",\"vwap\":null},{\"symbol\":\"NQ\",\"vwap\":null}]");
    assertThat(formats.write(response, ResponseFormat.CSV)).isEqualTo("symbol,vwap\nES,\nNQ,\n");
    assertThat(formats.write(response, ResponseFormat.TOON)).isEqualTo("[2]{symbol,vwap}:\n  ES,null\n  NQ,null");
  }
}
