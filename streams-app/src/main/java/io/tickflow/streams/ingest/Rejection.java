package io.tickflow.streams.ingest;

import java.util.Locale;

/**
 * Why a record was refused: a machine-readable reason code (the {@code DeadLetter.reasonCode}) and a human-readable
 * detail with the offending values.
 *
 * @param reason reason code, one of the constants below
 * @param detail explanation with values
 */
public record Rejection(String reason, String detail) {

  public static final String UNDECODABLE = "undecodable";
  public static final String SYMBOL_INVALID = "symbol_invalid";
  public static final String NO_SECURITY_DEFINITION = "no_security_definition";
  /** Of a security definition, which is counted but not dead-lettered: the global thread cannot forward. */
  public static final String TICK_SIZE_INVALID = "tick_size_invalid";
  public static final String PRICE_NOT_POSITIVE = "price_not_positive";
  public static final String SIZE_NOT_POSITIVE = "size_not_positive";
  public static final String FUTURE_TIMESTAMP = "future_timestamp";
  public static final String STALE_TIMESTAMP = "stale_timestamp";
  public static final String CROSSED_QUOTE = "crossed_quote";
  public static final String BOOK_SIDE_UNKNOWN = "book_side_unknown";
  public static final String PRICE_JUMP = "price_jump";
  public static final String LATE = "late";
  public static final String BAR_OVERFLOW = "bar_overflow";
  /** Counted as rejected but not dead-lettered: the same trade was already accepted. */
  public static final String DUPLICATE = "duplicate";

  /** Longest accepted symbol, as sent: DTC's symbol field holds 64 bytes, and exchange symbols are far shorter. */
  public static final int MAX_SYMBOL_LENGTH = 64;

  /**
   * A rejection when a symbol as sent is blank, longer than {@value #MAX_SYMBOL_LENGTH} characters or holds a control
   * character; null when it is fine. Without it such records became bars and books under an empty or garbage key,
   * and every distinct long spelling took its room in the symbol normalizer's cache.
   */
  public static Rejection ifBadSymbol(String symbol) {
    if (symbol.isBlank()) {
      return new Rejection(SYMBOL_INVALID, "symbol '" + symbol + "' is blank");
    }
    if (symbol.length() > MAX_SYMBOL_LENGTH) {
      return new Rejection(SYMBOL_INVALID, "symbol of " + symbol.length() + " characters is longer than "
          + MAX_SYMBOL_LENGTH);
    }
    for (int i = 0; i < symbol.length(); i++) {
      if (Character.isISOControl(symbol.charAt(i))) {
        return new Rejection(SYMBOL_INVALID, String.format(Locale.ROOT,
            "symbol holds control character U+%04X at index %d", (int) symbol.charAt(i), i));
      }
    }
    return null;
  }

  /** A rejection when a price is NaN, infinite or not positive; null when the price is fine. */
  static Rejection ifBadPrice(String field, double price) {
    return isPositiveNumber(price) ? null
        : new Rejection(PRICE_NOT_POSITIVE, field + " " + price + " is not a positive number");
  }

  /** Whether {@code value} is a number above zero: not NaN, not infinite (a price, a tick size, a multiplier). */
  public static boolean isPositiveNumber(double value) {
    return value > 0 && !Double.isInfinite(value);
  }
}
