package io.tickflow.streams.normalize;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A canonical-symbol pattern where {@code *} matches any run of characters ({@code ES*}, {@code *-CME}, {@code *}).
 * Matching ignores case. Immutable.
 */
public final class SymbolPattern {

  private final String text;
  private final Pattern regex;

  private SymbolPattern(String text) {
    this.text = text;
    String[] literals = text.toUpperCase(Locale.ROOT).split("\\*", -1);
    this.regex = Pattern.compile(Arrays.stream(literals).map(Pattern::quote).collect(Collectors.joining(".*")));
  }

  /**
   * @throws IllegalArgumentException when the pattern is blank
   */
  public static SymbolPattern of(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Symbol pattern must not be blank");
    }
    return new SymbolPattern(text.trim());
  }

  /** True when the (canonical) symbol matches. */
  public boolean matches(String symbol) {
    return regex.matcher(symbol.toUpperCase(Locale.ROOT)).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
