package io.tickflow.streams.ingest;

import java.util.Locale;

/**
 * Why a record was refused: a machine-readable reason (its code is the {@code DeadLetter.reasonCode}) and a
 * human-readable detail with the offending values.
 *
 * @param reason why
 * @param detail explanation with values
 */
public record Rejection(Reason reason, String detail) {

  /**
   * Every reason the topology refuses a record for; the only place reason codes are written, so that what is
   * counted and what is exported as a meter cannot drift apart.
   */
  public enum Reason {
    UNDECODABLE,
    SYMBOL_INVALID,
    NO_SECURITY_DEFINITION,
    /** Of a security definition, which is counted but not dead-lettered: the global thread cannot forward. */
    TICK_SIZE_INVALID,
    PRICE_NOT_POSITIVE,
    SIZE_NOT_POSITIVE,
    FUTURE_TIMESTAMP,
    STALE_TIMESTAMP,
    CROSSED_QUOTE,
    BOOK_SIDE_UNKNOWN,
    PRICE_JUMP,
    LATE,
    BAR_OVERFLOW,
    /** Counted as rejected but not dead-lettered: the same trade was already accepted. */
    DUPLICATE;

    /** Built once: dead letters and sensors ask for it per rejected record. */
    private final String code = name().toLowerCase(Locale.ROOT);

    /** The code in dead letters and metrics: the name in lower case, e.g. {@code price_not_positive}. */
    public String code() {
      return code;
    }
  }

  /**
   * Longest accepted symbol, as sent and in canonical form: DTC's symbol field holds 64 bytes, and exchange symbols
   * are far shorter.
   */
  public static final int MAX_SYMBOL_LENGTH = 64;

  /** The symbol rule as the query service states it to clients, who must be refused what the Streams app refuses. */
  public static final String SYMBOL_RULE = "symbol must be 1 to " + MAX_SYMBOL_LENGTH + " characters, also in canonical"
      + " form (upper case), not blank, and hold no control, format, line separator, replacement (U+FFFD) or unpaired"
      + " surrogate character";

  private static final int REPLACEMENT_CHARACTER = 0xFFFD;

  /**
   * A rejection when a symbol as sent is blank, longer than {@value #MAX_SYMBOL_LENGTH} characters or holds a control
   * character, a format character, a line or paragraph separator, the replacement character or an unpaired surrogate;
   * null when it is fine. Without it such records became bars and books under an empty or garbage key, and every
   * distinct long spelling took its room in the symbol normalizer's cache. Blank counts Unicode spaces too (no-break,
   * figure, ideographic): {@link String#isBlank} knows only {@link Character#isWhitespace}, and a symbol of no-break
   * spaces is as empty. Spaces at the ends of a symbol that is not blank are stripped by the normalizer.
   */
  public static Rejection ifBadSymbol(String symbol) {
    if (symbol.chars().allMatch(Rejection::isSpace)) {
      return new Rejection(Reason.SYMBOL_INVALID, "symbol '" + symbol + "' is blank");
    }
    if (symbol.length() > MAX_SYMBOL_LENGTH) {
      return new Rejection(Reason.SYMBOL_INVALID, "symbol of " + symbol.length() + " characters is longer than "
          + MAX_SYMBOL_LENGTH);
    }
    for (int i = 0; i < symbol.length(); i += Character.charCount(symbol.codePointAt(i))) {
      String kind = refusedKind(symbol.codePointAt(i));
      if (kind != null) {
        return new Rejection(Reason.SYMBOL_INVALID, String.format(Locale.ROOT, "symbol holds %s U+%04X at index %d",
            kind, symbol.codePointAt(i), i));
      }
    }
    return null;
  }

  /**
   * A rejection when the canonical form of a symbol accepted as sent is longer than {@value #MAX_SYMBOL_LENGTH}
   * characters; null when it is fine. Upper-casing lengthens some letters ({@code ß} is {@code SS}, {@code ﬃ} is
   * {@code FFI}) and a one-digit futures year gains a digit; the bound must hold for the key, as the query service
   * checks every spelling, the canonical ones {@code /symbols} lists included, against it.
   */
  public static Rejection ifBadCanonicalSymbol(String canonical) {
    return canonical.length() <= MAX_SYMBOL_LENGTH ? null : new Rejection(Reason.SYMBOL_INVALID,
        "canonical symbol of " + canonical.length() + " characters is longer than " + MAX_SYMBOL_LENGTH);
  }

  /** Whether a character is blank: whitespace or a Unicode space separator, no-break ones included. */
  private static boolean isSpace(int c) {
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

  /** A rejection when a price is NaN, infinite or not positive; null when the price is fine. */
  static Rejection ifBadPrice(String field, double price) {
    return isPositiveNumber(price) ? null
        : new Rejection(Reason.PRICE_NOT_POSITIVE, field + " " + price + " is not a positive number");
  }

  /** Whether {@code value} is a number above zero: not NaN, not infinite (a price, a tick size, a multiplier). */
  public static boolean isPositiveNumber(double value) {
    return value > 0 && !Double.isInfinite(value);
  }
}
