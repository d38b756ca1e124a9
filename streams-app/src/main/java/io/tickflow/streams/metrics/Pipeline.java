package io.tickflow.streams.metrics;

import java.util.Locale;

/** The pipelines the topology counts records of, each under its own {@link PipelineSensors}. */
public enum Pipeline {
  TRADES, QUOTES, DEPTH, DEFINITIONS;

  /** The name in operator names and metric tags: {@code trades}, {@code quotes}, {@code depth}, {@code definitions}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
