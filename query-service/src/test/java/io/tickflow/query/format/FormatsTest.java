package io.tickflow.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every format writes every instant with six fractional digits, so a column of times has one shape. */
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
}
