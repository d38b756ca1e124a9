package io.tickflow.cli;

import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a number option and checks it is in range, so that a bad value is a usage error saying what is allowed,
 * before anything starts. Each kind of value (a port, a count, a factor) is a small subclass: picocli takes a
 * converter class, not an instance with its bounds.
 *
 * @param <T> the option's type
 */
public abstract class RangeConverter<T> implements ITypeConverter<T> {

  private final Function<String, T> parser;
  private final String notParsed;
  private final Predicate<T> allowed;
  private final String notAllowed;

  /**
   * @param parser parses the trimmed value; a {@link NumberFormatException} means it is not a number
   * @param kind what a value must at least be, as in "'x' is not {@code kind}"
   * @param allowed whether a parsed value is in range
   * @param range what is in range, as in "'x' is not {@code range}"
   */
  protected RangeConverter(Function<String, T> parser, String kind, Predicate<T> allowed, String range) {
    this.parser = parser;
    this.notParsed = kind;
    this.allowed = allowed;
    this.notAllowed = range;
  }

  @Override
  public T convert(String value) {
    T number;
    try {
      number = parser.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not " + notParsed);
    }
    if (!allowed.test(number)) {
      throw new TypeConversionException("'" + value + "' is not " + notAllowed);
    }
    return number;
  }
}
