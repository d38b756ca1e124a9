package io.tickflow.query.ws;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The WebSocket channels. Conflatable channels carry state (latest value wins), so a slow client may skip
 * intermediate updates; trades are events, never skipped: a client too slow for them is disconnected.
 */
public enum Channel {
  BARS(true),
  TRADES(false),
  QUOTES(true),
  BOOK(true);

  private final boolean conflatable;
  private final String label = name().toLowerCase(Locale.ROOT);

  Channel(boolean conflatable) {
    this.conflatable = conflatable;
  }

  public boolean conflatable() {
    return conflatable;
  }

  public String label() {
    return label;
  }

  /** The channel named {@code label}, if any. */
  public static Optional<Channel> byLabel(String label) {
    return Arrays.stream(values()).filter(channel -> channel.label().equals(label)).findFirst();
  }

  /** The channel labels, comma-separated. */
  public static String allowedLabels() {
    return Arrays.stream(values()).map(Channel::label).collect(Collectors.joining(", "));
  }
}
