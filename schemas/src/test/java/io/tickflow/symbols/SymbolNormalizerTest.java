package io.tickflow.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.symbols.SymbolNormalizer.Canonical;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SymbolNormalizerTest {

  private static final SymbolNormalizer DEFAULTS = SymbolNormalization.of(Map.of()).newNormalizer();

  @ParameterizedTest
  @CsvSource({
      "ESZ6, 2026-03-02T14:00:00Z, ESZ26, ''",
      "ESZ2026, 2026-03-02T14:00:00Z, ESZ26, ''",
      "ESZ26-CME, 2026-03-02T14:00:00Z, ESZ26, CME",
      "esz6.cme, 2026-03-02T14:00:00Z, ESZ26, CME",
      "CLF7-NYMEX, 2026-12-30T22:00:00Z, CLF27, NYMEX",
      "ESZ6, 2029-06-01T00:00:00Z, ESZ36, ''",
      "ESZ6, 2024-06-01T00:00:00Z, ESZ26, ''",
      "ESZ6-XYZ, 2026-03-02T14:00:00Z, ESZ6-XYZ, ''",
      "EURUSD, 2026-03-02T14:00:00Z, EURUSD, ''",
  })
  void shouldGiveTheCanonicalSymbolWhenTheSpellingVaries(String raw, Instant eventTime, String symbol,
                                                         String exchange) {
    assertThat(DEFAULTS.normalize(raw, micros(eventTime))).isEqualTo(new Canonical(symbol, exchange));
  }

  @Test
  void shouldResolveTheOneDigitYearFromEachRecordsEventTimeWhenTheAnswerIsCached() {
    SymbolNormalizer normalizer = SymbolNormalization.of(Map.of()).newNormalizer();

    assertThat(normalizer.normalize("ESZ6", micros(Instant.parse("2026-03-02T14:00:00Z"))).symbol()).isEqualTo("ESZ26");
    assertThat(normalizer.normalize("ESZ6", micros(Instant.parse("2034-03-02T14:00:00Z"))).symbol()).isEqualTo("ESZ36");
    assertThat(normalizer.normalize("ESZ6", micros(Instant.parse("2026-03-02T14:00:00Z"))).symbol()).isEqualTo("ESZ26");
  }

  @ParameterizedTest
  @CsvSource({
      "ES 12-26-CME, ESZ26, CME",
      "es 12-26, ESZ26, ''",
      "ESZ6, ESZ6, ''",
  })
  void shouldApplyAliasesAfterTheSuffixAndKeepFuturesCodesWhenTheRewriteIsOff(String raw, String symbol,
                                                                               String exchange) {
    SymbolNormalizer normalizer = new SymbolNormalizer(Map.of("ES 12-26", "ESZ26"), false, Set.of("CME"));

    assertThat(normalizer.normalize(raw, micros(Instant.parse("2026-03-02T14:00:00Z"))))
        .isEqualTo(new Canonical(symbol, exchange));
  }

  /** trim() keeps no-break and other Unicode spaces, so a copy-pasted symbol became another key than the one shown. */
  @ParameterizedTest
  @ValueSource(strings = {" ESZ6 ", "\tESZ26-CME\n", "\u00A0ESZ6", "ESZ2026\u00A0", "\u2007ESZ6\u202F",
      "\u3000esz26\u3000", "\u205F\u2009ESZ6\u200A"})
  void shouldStripBlanksAtTheEndsUnicodeSpacesIncluded(String raw) {
    assertThat(DEFAULTS.normalize(raw, micros(Instant.parse("2026-03-02T14:00:00Z"))).symbol()).isEqualTo("ESZ26");
  }

  @Test
  void shouldKeepSpacesWithinASymbol() {
    assertThat(DEFAULTS.normalize("\u00A0EUR USD\u00A0", 0).symbol()).isEqualTo("EUR USD");
  }

  private static long micros(Instant time) {
    return time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
  }
}
