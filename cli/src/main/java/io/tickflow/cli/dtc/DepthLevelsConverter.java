package io.tickflow.cli.dtc;

import io.tickflow.cli.BoundedIntConverter;

/** Market depth levels to ask for: 0 (none) to 100, the range of the DTC connector's {@code depth.levels}. */
public final class DepthLevelsConverter extends BoundedIntConverter {

  public DepthLevelsConverter() {
    super(0, 100, "a number of depth levels");
  }
}
