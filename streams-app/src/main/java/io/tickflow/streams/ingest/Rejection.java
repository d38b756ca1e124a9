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

  /** Longest accepted symbol, as sent: DTC's symbol field holds 64 bytes, and exchange symbols are far shorter. */
  public static final int MAX_SYMBOL_LENGTH = 64;

  /**
   * A rejection when a symbol as sent is blank, longer than {@value #MAX_SYMBOL_LENGTH} characters or holds a control
   * character; null when it is fine. Without it such records became bars and books under an empty or garbage key,
   * and every distinct long spelling took its room in the symbol normalizer's cache.
   */
  public static Rejection ifBadSymbol(String symbol) {
    if (symbol.isBlank()) {
      return new Rejection(Reason.SYMBOL_INVALID, "symbol '" + symbol + "' is blank");
    }
    if (symbol.length() > MAX_SYMBOL_LENGTH) {
      return new Rejection(Reason.SYMBOL_INVALID, "symbol of " + symbol.length() + " characters is longer than "
          + MAX_SYMBOL_LENGTH);
    }
    for (int i = 0; i < symbol.length(); i++) {
      if (Character.isISOControl(symbol.charAt(i))) {
        return new Rejection(Reason.SYMBOL_INVALID, String.format(Locale.ROOT,
            "symbol holds control character U+%04X at index %d", (int) symbol.charAt(i), i));
      }
    }
    return null;
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
