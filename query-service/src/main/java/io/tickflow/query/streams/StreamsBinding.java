package io.tickflow.query.streams;

import io.tickflow.query.data.StoreUnavailableException;
import io.tickflow.streams.ProcessingTasks;
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
  private volatile ProcessingTasks tasks = new ProcessingTasks();
  private volatile HostInfo self = new HostInfo("unbound", 0);

  /** Binds the started client, the tasks of its topology that hold their stores whole, and its address; once. */
  public synchronized void bind(KafkaStreams streams, ProcessingTasks tasks, HostInfo self) {
    if (this.streams != null) {
      throw new IllegalStateException("already bound to " + this.self);
    }
    this.self = self;
    this.tasks = tasks;
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

  /** The client's tasks that hold their stores whole; none is tracked before {@link #bind}. */
  public ProcessingTasks tasks() {
    return tasks;
  }

  /** This instance's {@code application.server}; a placeholder before {@link #bind}. */
  public HostInfo self() {
    return self;
  }
}
