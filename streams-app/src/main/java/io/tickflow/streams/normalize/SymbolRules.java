package io.tickflow.streams.normalize;

import io.tickflow.config.ParsingValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;

/**
 * An ordered list of {@code pattern=value} rules over canonical symbols, as written in config entries such as
 * {@code ES*=17:00 America/Chicago}. Immutable.
 *
 * @param <T> the rule value
 */
public final class SymbolRules<T> {

  private record Rule<T>(SymbolPattern pattern, T value) {
  }

  private final List<Rule<T>> rules;

  private SymbolRules(List<Rule<T>> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Parses {@code pattern=value} entries.
   *
   * @param entries config entries
   * @param parser parses the value text; throws {@link IllegalArgumentException} when it is invalid
   * @param configKey named in error messages
   * @throws IllegalArgumentException naming the key and the entry when one is malformed
   */
  public static <T> SymbolRules<T> parse(List<String> entries, Function<String, T> parser, String configKey) {
    List<Rule<T>> rules = new ArrayList<>(entries.size());
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException("Invalid entry '" + entry + "' in " + configKey
            + ": expected <symbol pattern>=<value>");
      }
      try {
        rules.add(new Rule<>(SymbolPattern.of(entry.substring(0, equals)), parser.apply(entry.substring(equals + 1).trim())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid entry '" + entry + "' in " + configKey + ": " + e.getMessage(), e);
      }
    }
    return new SymbolRules<>(rules);
  }

  /**
   * The validator of a config list of such rules: parses them as {@link #parse} will, so that a bad entry fails at
   * start with a message naming the key and the entry.
   *
   * @param valid the valid values as the generated documentation shows them
   */
  public static ConfigDef.Validator validator(Function<String, ?> parser, String valid) {
    return new ParsingValidator(valid, value -> {
      @SuppressWarnings("unchecked")
      List<String> entries = (List<String>) value;
      parse(entries, parser, "this list");
    });
  }

  /** The value of the first rule matching the symbol. */
  public Optional<T> first(String symbol) {
    for (Rule<T> rule : rules) {
      if (rule.pattern().matches(symbol)) {
        return Optional.of(rule.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every rule matching the symbol, in rule order. */
  public List<T> all(String symbol) {
    List<T> values = new ArrayList<>(2);
    for (Rule<T> rule : rules) {
      if (rule.pattern().matches(symbol)) {
        values.add(rule.value());
      }
    }
    return values;
  }

  /** Every rule value, in rule order. */
  public List<T> values() {
    return rules.stream().map(Rule::value).toList();
  }
}
