package io.tickflow.scid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateTimeEncodingTest {

  @Test
  void shouldConvertTheSamplesFirstRawValueToUtc() {
    assertThat(DateTimeEncoding.toInstant(DateTimeEncoding.INT64_MICROS.toUnixMicros(3886173439026000L)))
        .isEqualTo(Instant.parse("2023-02-21T20:37:19.026Z"));
  }

  @Test
  void shouldConvertLegacyDaysWithNoonAsHalfADay() {
    final long bits = Double.doubleToRawLongBits(25569.5);
    assertThat(DateTimeEncoding.FLOAT64_DAYS.toUnixMicros(bits)).isEqualTo(43_200_000_000L);
  }

  @Test
  void shouldRoundTripInt64ToTheMicrosecond() {
    final long micros = DateTimeEncoding.toMicros(Instant.parse("2024-03-10T14:22:33.123456Z"));
    final DateTimeEncoding encoding = DateTimeEncoding.INT64_MICROS;
    assertThat(encoding.toUnixMicros(encoding.fromUnixMicros(micros))).isEqualTo(micros);
  }

  @Test
  void shouldRoundTripLegacyDaysWithinOneMicrosecond() {
    final long micros = DateTimeEncoding.toMicros(Instant.parse("2024-03-10T14:22:33.123456Z"));
    final DateTimeEncoding encoding = DateTimeEncoding.FLOAT64_DAYS;
    assertThat(encoding.toUnixMicros(encoding.fromUnixMicros(micros))).isBetween(micros - 1, micros + 1);
  }

  @Test
  void shouldDetectEachEncodingFromItsOwnBits() throws Exception {
    final long micros = DateTimeEncoding.toMicros(Instant.parse("2024-03-10T14:22:33.123Z"));
    for (final DateTimeEncoding encoding : DateTimeEncoding.values()) {
      assertThat(DateTimeEncoding.plausibleReading(encoding.fromUnixMicros(micros))).contains(encoding);
    }
  }

  @Test
  void shouldFindNoEncodingForATimeImplausibleInBoth() {
    assertThat(DateTimeEncoding.plausibleReading(0L)).isEmpty();
    assertThat(DateTimeEncoding.plausibleReading(Long.MAX_VALUE / 2)).isEmpty();
  }
}
