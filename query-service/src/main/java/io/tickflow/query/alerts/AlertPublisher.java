package io.tickflow.query.alerts;

/** Where alerts go besides the log and the counters: the alerts topic in production. Thread-safe. */
public interface AlertPublisher extends AutoCloseable {

  void publish(Alert alert);

  @Override
  void close();
}
