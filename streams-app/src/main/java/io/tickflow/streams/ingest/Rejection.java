package io.tickflow.streams.ingest;

import io.tickflow.symbols.SymbolRule;
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
   * A rejection when a symbol as sent breaks the {@link SymbolRule} (blank, too long, or holding a character no key
   * should); null when it is fine.
   */
  public static Rejection ifBadSymbol(String symbol) {
    return SymbolRule.problem(symbol).map(detail -> new Rejection(Reason.SYMBOL_INVALID, detail)).orElse(null);
  }

  /**
   * A rejection when the canonical form of a symbol accepted as sent is longer than {@value SymbolRule#MAX_LENGTH}
   * characters; null when it is fine.
   */
  public static Rejection ifBadCanonicalSymbol(String canonical) {
    return SymbolRule.canonicalProblem(canonical).map(detail -> new Rejection(Reason.SYMBOL_INVALID, detail))
        .orElse(null);
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
