package io.tickflow.cli;

/** A count or rate, where 0 has a meaning of its own (none, never, unlimited): 0 or more. */
public final class NonNegativeIntConverter extends BoundedIntConverter {

  public NonNegativeIntConverter() {
    super(0, Integer.MAX_VALUE, "a count");
  }
}
