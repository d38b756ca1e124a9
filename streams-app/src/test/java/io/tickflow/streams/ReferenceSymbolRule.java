package io.tickflow.streams;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The documented symbol rule, written apart from the app's ({@code Rejection.ifBadSymbol}) for the reference models:
 * blank (Unicode spaces included), longer than 64 characters as sent or once upper-cased, or holding a control,
 * format, line separator, replacement or unpaired surrogate character.
 */
final class ReferenceSymbolRule {

  private static final Pattern BLANK = Pattern.compile("[\\s\\p{Z}]*");
  private static final Pattern REFUSED = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}\\x{FFFD}]");

  private ReferenceSymbolRule() {
  }

  /** Whether the app refuses {@code symbol} as {@code symbol_invalid}; the scenarios spell no futures code that long. */
  static boolean isInvalid(String symbol) {
    return BLANK.matcher(symbol).matches() || symbol.length() > 64 || REFUSED.matcher(symbol).find()
        || symbol.strip().toUpperCase(Locale.ROOT).length() > 64;
  }
}
