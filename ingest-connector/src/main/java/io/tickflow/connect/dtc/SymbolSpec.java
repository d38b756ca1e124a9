package io.tickflow.connect.dtc;

import io.tickflow.dtc.client.Subscription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One configured symbol, written {@code SYMBOL[@EXCHANGE]} (e.g. {@code ESZ6@CME}, {@code EURUSD}).
 *
 * @param symbol   the symbol text the DTC server knows, also the records' symbol (their key is its canonical form)
 * @param exchange the exchange, empty when not given
 */
record SymbolSpec(String symbol, String exchange) {

  /**
   * Parses one entry.
   *
   * @throws IllegalArgumentException naming the entry when it is not SYMBOL[@EXCHANGE] or does not fit in DTC
   */
  static SymbolSpec parse(String entry) {
    final String text = entry.trim();
    final int at = text.indexOf('@');
    final String symbol = at < 0 ? text : text.substring(0, at).trim();
    final String exchange = at < 0 ? "" : text.substring(at + 1).trim();
    if (symbol.isEmpty() || (at >= 0 && exchange.isEmpty()) || exchange.indexOf('@') >= 0
        || symbol.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("'" + entry + "' is not SYMBOL[@EXCHANGE]");
    }
    Subscription.requireFits(symbol, exchange);
    return new SymbolSpec(symbol, exchange);
  }

  /**
   * Parses a list of entries.
   *
   * @throws IllegalArgumentException when an entry is malformed or a symbol is listed twice
   */
  static List<SymbolSpec> parseAll(List<String> entries) {
    final List<SymbolSpec> specs = new ArrayList<>(entries.size());
    final Set<String> seen = new HashSet<>();
    for (final String entry : entries) {
      final SymbolSpec spec = parse(entry);
      if (!seen.add(spec.symbol())) {
        throw new IllegalArgumentException("symbol '" + spec.symbol() + "' is listed twice");
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  /** The entry as configured. */
  @Override
  public String toString() {
    return exchange.isEmpty() ? symbol : symbol + "@" + exchange;
  }
}
