package io.tickflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a count or rate option that cannot be negative, and says so when it is. */
public final class NonNegativeIntConverter implements ITypeConverter<Integer> {

  @Override
  public Integer convert(String value) {
    return parse(value);
  }

  static int parse(String value) {
    int number;
    try {
      number = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (number < 0) {
      throw new TypeConversionException("'" + value + "' is negative");
    }
    return number;
  }
}
