package io.tickflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A factor that must be greater than 0 (a price multiplier): 0 or a negative number would turn every value into nonsense. */
public final class PositiveDoubleConverter implements ITypeConverter<Double> {

  @Override
  public Double convert(String value) {
    double number;
    try {
      number = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number");
    }
    if (!(number > 0) || Double.isInfinite(number)) {
      throw new TypeConversionException("'" + value + "' is not a finite number greater than 0");
    }
    return number;
  }
}
