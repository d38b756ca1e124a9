package io.tickflow.query.ws;

import java.util.Locale;

/**
 * Why a WebSocket client went away: the {@code reason} label of {@code tickflow.ws.disconnects}, every one of which
 * the metrics register at zero, so that the first disconnect of a kind is an increase Prometheus sees.
 */
public enum DisconnectReason {
  /** The client closed the connection, or the socket closed under it. */
  CLOSED,
  /** The socket failed (Jetty's error callback). */
  ERROR,
  /** The client sent nothing for longer than the heartbeat timeout. */
  HEARTBEAT_TIMEOUT,
  /** The client fell more than its queue's capacity behind on trades, which are never conflated. */
  SLOW_CONSUMER;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
