package io.tickflow.query.streams;

import io.tickflow.query.data.StoreUnavailableException;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The Kafka Streams client the query service reads, and this instance's advertised address. Bound once, after the
 * HTTP server is listening: Kafka Streams must know {@code application.server} before it starts, and with port 0
 * the port is known only then. Until bound, every read is "unavailable" (503). Thread-safe.
 */
public final class StreamsBinding {

  private volatile KafkaStreams streams;
  private volatile HostInfo self = new HostInfo("unbound", 0);

  /** Binds the started client and the address it advertises; once. */
  public synchronized void bind(KafkaStreams streams, HostInfo self) {
    if (this.streams != null) {
      throw new IllegalStateException("already bound to " + this.self);
    }
    this.self = self;
    this.streams = streams;
  }

  /** The client, once bound. */
  public Optional<KafkaStreams> streams() {
    return Optional.ofNullable(streams);
  }

  /**
   * The client.
   *
   * @throws StoreUnavailableException before {@link #bind}
   */
  public KafkaStreams require() {
    KafkaStreams bound = streams;
    if (bound == null) {
      throw new StoreUnavailableException("Kafka Streams is not started yet");
    }
    return bound;
  }

  /** This instance's {@code application.server}; a placeholder before {@link #bind}. */
  public HostInfo self() {
    return self;
  }
}
