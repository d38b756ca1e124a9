package io.tickflow.query.alerts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what the monitor publishes, in order, for tests that have no broker: the alerts topic, which a restarted or new
 * owner reads back from the same instance.
 */
public final class RecordingPublisher implements AlertPublisher {

  public final List<Alert> published = new CopyOnWriteArrayList<>();
  /** How many times the topic was read back. */
  public int reads;

  @Override
  public void publish(Alert alert) {
    published.add(alert);
  }

  @Override
  public synchronized Map<String, Alert> latest() {
    reads++;
    Map<String, Alert> latest = new TreeMap<>();
    published.forEach(alert -> latest.put(alert.symbol(), alert));
    return latest;
  }

  @Override
  public void close() {
  }
}
