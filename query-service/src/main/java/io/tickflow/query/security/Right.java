package io.tickflow.query.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an API key may do. */
public enum Right {
  /** Read market data over REST. */
  READ,
  /** Open WebSocket streams. */
  STREAM,
  /** Operations endpoints: /metrics and /api/v1/instances. */
  OPS;

  /** The right named {@code label} (case-insensitive). */
  public static Right parse(String label) {
    for (Right right : values()) {
      if (right.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
        return right;
      }
    }
    throw new IllegalArgumentException("unknown right '" + label + "', allowed: " + allowed());
  }

  /** The allowed labels, comma-separated. */
  public static String allowed() {
    return Arrays.stream(values()).map(Right::label).collect(Collectors.joining(", "));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
