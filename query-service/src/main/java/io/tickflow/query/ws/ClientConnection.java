package io.tickflow.query.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One WebSocket client: its outbox, its subscriptions and when it last spoke. Thread-safe.
 */
public final class ClientConnection {

  private final String id;
  private final Outbox outbox;
  private final MessageSink sink;
  private final Map<String, String> forwardHeaders;
  private final LongSupplier receivedFrames;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private volatile long lastHeardMillis;
  private long lastFrameCount;

  /**
   * @param forwardHeaders headers passed on when a snapshot is read from another instance (the client's API key)
   * @param receivedFrames how many WebSocket frames the client has sent so far, control frames included
   */
  public ClientConnection(String id, MessageSink sink, Outbox outbox, Map<String, String> forwardHeaders,
                          LongSupplier receivedFrames, long nowMillis) {
    this.id = id;
    this.forwardHeaders = Map.copyOf(forwardHeaders);
    this.sink = sink;
    this.outbox = outbox;
    this.receivedFrames = receivedFrames;
    this.lastFrameCount = receivedFrames.getAsLong();
    this.lastHeardMillis = nowMillis;
  }

  public String id() {
    return id;
  }

  public Outbox outbox() {
    return outbox;
  }

  public Map<String, String> forwardHeaders() {
    return forwardHeaders;
  }

  /** The client sent something (any message counts as its heartbeat). */
  public void heard(long nowMillis) {
    lastHeardMillis = nowMillis;
  }

  /**
   * Hears the client if it sent a frame since the last call, a ping or a pong among them, which reach no message
   * handler. Called from one thread (the heartbeat's).
   */
  void countFrames(long nowMillis) {
    long count = receivedFrames.getAsLong();
    if (count != lastFrameCount) {
      lastFrameCount = count;
      heard(nowMillis);
    }
  }

  /** Sends a WebSocket ping frame, which a live client's WebSocket layer answers by itself. */
  void ping() {
    sink.ping();
  }

  public long lastHeardMillis() {
    return lastHeardMillis;
  }

  /** Closes the connection with a reason the client sees in the close frame. */
  public void close(int code, String reason) {
    outbox.close();
    sink.close(code, reason);
  }

  Map<String, Subscription> subscriptions() {
    return subscriptions;
  }

  @Override
  public String toString() {
    return "ClientConnection[" + id + ", " + subscriptions.size() + " subscriptions]";
  }
}
