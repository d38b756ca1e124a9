package io.tickflow.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Choosing the format from the Accept header, as RFC 9110 weighs its media ranges. */
class ResponseFormatTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "text/csv|CSV",
      "text/toon, text/csv|TOON",
      "TEXT/CSV; charset=utf-8|CSV",
      "text/csv;q=0.1, application/json|JSON",
      "application/json;q=0.5, text/toon|TOON",
      "text/csv;q=0|JSON",
      "text/csv;q=0.8, text/toon;q=0.9|TOON",
      "text/csv; charset=utf-8; q=0.2, application/json; q=0.1|CSV",
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|JSON",
      "text/csv;q=oops, text/toon|TOON"})
  void shouldChooseTheMostPreferredFormatWhenAcceptWeighsSeveral(String accept, ResponseFormat expected) {
    assertThat(ResponseFormat.fromAccept(accept)).isEqualTo(expected);
  }
}
