package io.tickflow.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.streams.ingest.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The symbol rule the Streams app and the query service share. */
class RejectionTest {

  /** Escapes as {@code \}{@code uXXXX} are written out here, as CSV cells cannot hold the characters themselves. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "''|symbol '' is blank",
      "'  '|symbol '  ' is blank",
      "\\u00A0|symbol '\\u00A0' is blank",
      "\\u2007\\u202F\\u3000|symbol '\\u2007\\u202F\\u3000' is blank",
      "ES\\u0000Z6|symbol holds control character U+0000 at index 2",
      "\\uD800|symbol holds unpaired surrogate U+D800 at index 0",
      "A\\uDC00|symbol holds unpaired surrogate U+DC00 at index 1",
      "ES\\uDBFF|symbol holds unpaired surrogate U+DBFF at index 2",
      "\\uDC00\\uD800|symbol holds unpaired surrogate U+DC00 at index 0",
      "ES\\u200BZ6|symbol holds format character U+200B at index 2",
      "\\uFEFFESZ6|symbol holds format character U+FEFF at index 0",
      "ES\\u202EZ6|symbol holds format character U+202E at index 2",
      "ES\\u2066Z6\\u2069|symbol holds format character U+2066 at index 2",
      "\\uD83D\\uDE00\\u200B|symbol holds format character U+200B at index 2",
      "ES\\uDB40\\uDC01|symbol holds format character U+E0001 at index 2",
      "ES\\u2028Z6|symbol holds line separator U+2028 at index 2",
      "A\\uFFFD|symbol holds replacement character U+FFFD at index 1"})
  void shouldRefuseASymbolNamingWhatIsWrongWithIt(String escaped, String detail) {
    assertThat(Rejection.ifBadSymbol(unescape(escaped)))
        .isEqualTo(new Rejection(Reason.SYMBOL_INVALID, unescape(detail)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ESZ6", "EUR/USD", "ES 12-26", " ES ", "ES\u00A0", "\u3000ES", "\uD83D\uDE00",
      "ÄÖÜ", "1234567890123456789012345678901234567890123456789012345678901234"})
  void shouldAcceptASymbolAsSent(String symbol) {
    assertThat(Rejection.ifBadSymbol(symbol)).isNull();
  }

  @Test
  void shouldBoundTheSymbolAsSentAndInCanonicalForm() {
    String eszetts = "ß".repeat(64);

    assertThat(Rejection.ifBadSymbol(eszetts)).as("64 characters as sent").isNull();
    assertThat(Rejection.ifBadCanonicalSymbol(eszetts.toUpperCase(Locale.ROOT))).isEqualTo(
        new Rejection(Reason.SYMBOL_INVALID, "canonical symbol of 128 characters is longer than 64"));
    assertThat(Rejection.ifBadCanonicalSymbol("S".repeat(64))).isNull();
    assertThat(Rejection.ifBadSymbol("S".repeat(65))).isEqualTo(
        new Rejection(Reason.SYMBOL_INVALID, "symbol of 65 characters is longer than 64"));
  }

  /** What the rule lets through, UTF-8 (Avro, Kafka, JSON, PostgreSQL) writes and reads back unchanged. */
  @Property(tries = 2_000)
  void shouldAcceptOnlySymbolsThatUtf8Keeps(@ForAll @CharRange(from = '\u0000', to = '\uFFFF') @StringLength(
      min = 1, max = 6) String symbol) {
    if (Rejection.ifBadSymbol(symbol) == null) {
      assertThat(new String(symbol.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(symbol);
    }
  }

  @Property
  void shouldRefuseAFormatCharacterWhereverItStands(@ForAll("formatCharacters") char format,
                                                    @ForAll @IntRange(min = 0, max = 9) int at) {
    String symbol = new StringBuilder("ESZ26-CME").insert(at, format).toString();

    assertThat(Rejection.ifBadSymbol(symbol)).isEqualTo(new Rejection(Reason.SYMBOL_INVALID,
        String.format(Locale.ROOT, "symbol holds format character U+%04X at index %d", (int) format, at)));
  }

  @Property
  void shouldRefuseASymbolOfSpacesOnly(@ForAll("spaces") List<Character> spaces) {
    String symbol = spaces.stream().map(String::valueOf).reduce("", String::concat);

    assertThat(Rejection.ifBadSymbol(symbol)).isEqualTo(new Rejection(Reason.SYMBOL_INVALID,
        "symbol '" + symbol + "' is blank"));
  }

  @Provide
  Arbitrary<Character> formatCharacters() {
    return Arbitraries.of(bmpCharacters(c -> Character.getType(c) == Character.FORMAT));
  }

  /** Unicode space separators and whitespace, no-break spaces included. */
  @Provide
  Arbitrary<List<Character>> spaces() {
    return Arbitraries.of(bmpCharacters(c -> Character.isSpaceChar(c) || Character.isWhitespace(c))).list()
        .ofMinSize(1).ofMaxSize(6);
  }

  private static List<Character> bmpCharacters(IntPredicate which) {
    return IntStream.rangeClosed(0, 0xFFFF).filter(which).mapToObj(c -> (char) c).toList();
  }

  private static String unescape(String escaped) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      if (escaped.startsWith("\\u", i)) {
        text.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        text.append(escaped.charAt(i));
      }
    }
    return text.toString();
  }
}
