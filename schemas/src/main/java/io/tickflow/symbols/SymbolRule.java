package io.tickflow.symbols;

import java.util.Locale;
import java.util.Optional;

/**
 * What a symbol must be, as sent and in canonical form: one rule for the Streams app's validation, the query
 * service's parameters and the configured aliases, so that none accepts a symbol another refuses.
 */
public final class SymbolRule {

  /**
   * Longest accepted symbol, as sent and in canonical form: DTC's symbol field holds 64 bytes, and exchange symbols
   * are far shorter.
   */
  public static final int MAX_LENGTH = 64;

  /** The rule as the query service states it to clients. */
  public static final String RULE = "symbol must be 1 to " + MAX_LENGTH + " characters, also in canonical"
      + " form (upper case), not blank, and hold no control, format, line separator, replacement (U+FFFD) or unpaired"
      + " surrogate character";

  private static final int REPLACEMENT_CHARACTER = 0xFFFD;

  private SymbolRule() {
  }

  /**
   * What is wrong with a symbol as sent, if anything: blank, longer than {@value #MAX_LENGTH} characters, or holding a
   * control character, a format character, a line or paragraph separator, the replacement character or an unpaired
   * surrogate. Such symbols became bars and books under an empty or garbage key, and every distinct long spelling took
   * its room in the symbol normalizer's cache. Blank counts Unicode spaces too (no-break, figure, ideographic):
   * {@link String#isBlank} knows only {@link Character#isWhitespace}, and a symbol of no-break spaces is as empty.
   * Spaces at the ends of a symbol that is not blank are stripped by the normalizer.
   */
  public static Optional<String> problem(String symbol) {
    if (symbol.chars().allMatch(SymbolRule::isSpace)) {
      return Optional.of("symbol '" + symbol + "' is blank");
    }
    if (symbol.length() > MAX_LENGTH) {
      return Optional.of("symbol of " + symbol.length() + " characters is longer than " + MAX_LENGTH);
    }
    for (int i = 0; i < symbol.length(); i += Character.charCount(symbol.codePointAt(i))) {
      String kind = refusedKind(symbol.codePointAt(i));
      if (kind != null) {
        return Optional.of(String.format(Locale.ROOT, "symbol holds %s U+%04X at index %d", kind,
            symbol.codePointAt(i), i));
      }
    }
    return Optional.empty();
  }

  /**
   * What is wrong with the canonical form of a symbol accepted as sent, if anything: longer than {@value #MAX_LENGTH}
   * characters. Upper-casing lengthens some letters ({@code ß} is {@code SS}, {@code ﬃ} is {@code FFI}) and a
   * one-digit futures year gains a digit; the bound must hold for the key, as the query service checks every
   * spelling, the canonical ones {@code /symbols} lists included, against it.
   */
  public static Optional<String> canonicalProblem(String canonical) {
    return canonical.length() <= MAX_LENGTH ? Optional.empty()
        : Optional.of("canonical symbol of " + canonical.length() + " characters is longer than " + MAX_LENGTH);
  }

  /** Whether a character is blank: whitespace or a Unicode space separator, no-break ones included. */
  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * What a code point is when a symbol must not hold it, else null. An unpaired surrogate has no UTF-8 form: Avro,
   * Kafka and JSON write it as '?' or fail, so two symbols would share a key or a record fail downstream. A format
   * character (zero-width space, BOM, bidi controls) is invisible, so a copy-pasted symbol holding one would silently
   * be another key than the one it shows. A line or paragraph separator breaks a line as a control character does.
   * The replacement character is what decoding leaves of bytes that are not UTF-8 (a surrogate a producer wrote as
   * CESU-8, say): it stands for a lost character, and different lost ones would share its key.
   */
  private static String refusedKind(int c) {
    if (c == REPLACEMENT_CHARACTER) {
      return "replacement character";
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL -> "control character";
      case Character.FORMAT -> "format character";
      case Character.SURROGATE -> "unpaired surrogate";
      case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "line separator";
      default -> null;
    };
  }
}
