package io.tickflow.query.alerts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the monitor publishes, in order, for tests that have no broker. */
public final class RecordingPublisher implements AlertPublisher {

  public final List<Alert> published = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Alert alert) {
    published.add(alert);
  }

  @Override
  public void close() {
  }
}
