package io.tickflow.config;

import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link ConfigDef.Validator} that parses the value with the parser the component uses later, so that a value is
 * refused at start with the parser's own message, and that describes the valid values for the generated
 * documentation. A parser that validates a list may say "this list": the message names the key instead. Immutable.
 */
public final class ParsingValidator implements ConfigDef.Validator {

  private final String valid;
  private final Consumer<Object> parse;

  /**
   * @param valid the valid values as the documentation shows them, e.g. {@code HH:mm <IANA zone>}
   * @param parse parses the value; throws {@link IllegalArgumentException} when it is invalid
   */
  public ParsingValidator(String valid, Consumer<Object> parse) {
    this.valid = valid;
    this.parse = parse;
  }

  @Override
  public void ensureValid(String name, Object value) {
    try {
      parse.accept(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, e.getMessage().replace("this list", name));
    }
  }

  @Override
  public String toString() {
    return valid;
  }
}
