package io.tickflow.cli;

/** A factor that must be greater than 0 (a price multiplier): 0 or less would make every value nonsense. */
public final class PositiveDoubleConverter extends RangeConverter<Double> {

  public PositiveDoubleConverter() {
    super(Double::valueOf, "a number", number -> number > 0 && !number.isInfinite(),
        "a finite number greater than 0");
  }
}
