package io.tickflow.cli;

/** A whole-number option from {@code min} to {@code max}; out of range, the error names the kind and the range. */
public abstract class BoundedIntConverter extends RangeConverter<Integer> {

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
    super(Integer::valueOf, "a whole number", number -> number >= min && number <= max, what + " ("
        + (max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max) + (why.isEmpty() ? "" : ": " + why)
        + ")");
  }
}
