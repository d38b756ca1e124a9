package io.tickflow.cli.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How long {@code tickflow run} runs: until it is stopped (SIGTERM, Ctrl-C), or until its Kafka Streams client has
 * failed for good. A failed client (a stream thread died, and the app shuts the client down rather than run with a
 * part of its partitions) leaves the query service answering 503 forever; exiting with an error lets a service
 * manager (systemd, compose's {@code restart:}, Kubernetes) restart the instance, which none of them does for a
 * process that merely reports itself unhealthy.
 */
final class UntilStopped {

  static final int STOPPED = 0;
  static final int STREAMS_FAILED = 1;

  private UntilStopped() {
  }

  /**
   * Waits; returns {@link #STOPPED} once {@code stopped} is counted down, or {@link #STREAMS_FAILED} once the client
   * is in state ERROR (never reached by a close: that ends in NOT_RUNNING).
   *
   * @param streams the state of the Streams client, or null when this instance runs none
   */
  static int await(CountDownLatch stopped, Supplier<KafkaStreams.State> streams, Duration checkEvery)
      throws InterruptedException {
    while (!stopped.await(checkEvery.toMillis(), TimeUnit.MILLISECONDS)) {
      if (streams != null && streams.get() == KafkaStreams.State.ERROR) {
        return STREAMS_FAILED;
      }
    }
    return STOPPED;
  }
}
