package io.tickflow.query.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket endpoint's meters: connected clients, messages sent, disconnects by reason and conflations by
 * channel. The counters exist at zero for every disconnect reason and conflatable channel from the start: a series
 * first scraped at 1 is an increase that {@code rate()} and {@code increase()} never see, so an alert on it would
 * miss the first event. Thread-safe.
 */
public final class WsMeters {

  private final AtomicInteger clients = new AtomicInteger();
  private final Counter messages;
  private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);
  private final Map<Channel, Counter> conflations = new EnumMap<>(Channel.class);

  public WsMeters(MeterRegistry registry) {
    Gauge.builder("tickflow.ws.clients", clients, AtomicInteger::get).description("Connected WebSocket clients")
        .register(registry);
    messages = Counter.builder("tickflow.ws.messages.sent").description("WebSocket messages handed to sockets")
        .register(registry);
    for (DisconnectReason reason : DisconnectReason.values()) {
      disconnects.put(reason, Counter.builder("tickflow.ws.disconnects")
          .description("WebSocket disconnects by reason").tag("reason", reason.label()).register(registry));
    }
    for (Channel channel : Channel.values()) {
      if (channel.conflatable()) {
        conflations.put(channel, Counter.builder("tickflow.ws.conflations")
            .description("Updates replaced before a slow client got them").tag("channel", channel.label())
            .register(registry));
      }
    }
  }

  /** A client connected. */
  public void connected() {
    clients.incrementAndGet();
  }

  /** A client went away. */
  public void disconnected(DisconnectReason reason) {
    clients.decrementAndGet();
    disconnects.get(reason).increment();
  }

  /** Messages handed to the socket. */
  public void messagesSent(int count) {
    messages.increment(count);
  }

  /**
   * An update replaced an older one still waiting for a slow client (latest value wins).
   *
   * @throws IllegalArgumentException for a channel that is not conflatable (trades are never replaced)
   */
  public void conflated(Channel channel) {
    Counter counter = conflations.get(channel);
    if (counter == null) {
      throw new IllegalArgumentException("channel " + channel.label() + " is not conflatable");
    }
    counter.increment();
  }
}
