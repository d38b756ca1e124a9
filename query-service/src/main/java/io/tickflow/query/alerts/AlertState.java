package io.tickflow.query.alerts;

import java.util.Locale;

/**
 * The state an alert changes to: the {@code state} of an {@link Alert} and the {@code state} label of
 * {@code tickflow.alerts}, whose series the monitor registers at zero for each.
 */
public enum AlertState {
  RAISED,
  RESOLVED;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
