package io.tickflow.query.alerts;

import java.util.Map;

/**
 * Where alerts go besides the log and the counters, and where their current state is read back from: the alerts topic
 * in production. Thread-safe.
 */
public interface AlertPublisher extends AutoCloseable {

  void publish(Alert alert);

  /**
   * The latest alert of each symbol published so far, by anyone, this publisher's own included: the current state of
   * each symbol's alert. Slow (the topic is read from its beginning): for a start or a change of ownership, not for
   * every check.
   *
   * @throws org.apache.kafka.common.KafkaException when it cannot be read
   */
  Map<String, Alert> latest();

  @Override
  void close();
}
