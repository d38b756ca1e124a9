package io.tickflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a whole-number option that must lie in a range, so that a value out of it is a usage error naming the range,
 * before anything starts. Each kind of value (a port, a count) is a small subclass: picocli takes a converter class,
 * not an instance with its bounds.
 */
public abstract class BoundedIntConverter implements ITypeConverter<Integer> {

  private final int min;
  private final int max;
  private final String what;
  private final String why;

  /**
   * @param what the kind of value, as in "'x' is not {@code what} (1 to 65535)"
   */
  protected BoundedIntConverter(int min, int max, String what) {
    this(min, max, what, "");
  }

  /**
   * @param why why the range is narrower than the kind's, as in "(1 to 65534: {@code why})"
   */
  protected BoundedIntConverter(int min, int max, String what, String why) {
    this.min = min;
    this.max = max;
    this.what = what;
    this.why = why.isEmpty() ? "" : ": " + why;
  }

  @Override
  public Integer convert(String value) {
    long number;
    try {
      number = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (number < min || number > max) {
      throw new TypeConversionException("'" + value + "' is not " + what + " ("
          + (max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max) + why + ")");
    }
    return (int) number;
  }
}
