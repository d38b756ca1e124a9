package io.tickflow.query.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A WebSocket client that reads at once ({@link WsTestClient}), batched or not, and keeps every message it received,
 * unpacked from their frames, and the subscriptions it asked for: the clients of the randomized WebSocket tests.
 * Thread-safe.
 */
public final class RecordingClient implements AutoCloseable {

  private final WsTestClient client;
  private final Framing framing;
  private final Set<SubscriptionKey> subscriptions = new TreeSet<>(Comparator.comparing(SubscriptionKey::id));
  private final List<JsonNode> messages = new ArrayList<>();
  private int quietCount = -1;

  private RecordingClient(WsTestClient client, Framing framing) {
    this.client = client;
    this.framing = framing;
  }

  /** Connects to {@code /ws?batch=<batch>} of the server on {@code port}. */
  public static RecordingClient connect(int port, boolean batch) {
    return new RecordingClient(WsTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?batch=" + batch)),
        batch ? Framing.ARRAY : Framing.MESSAGES);
  }

  public Framing framing() {
    return framing;
  }

  public synchronized void subscribe(SubscriptionKey key) {
    client.send(subscribeMessage("subscribe", key));
    subscriptions.add(key);
  }

  /** Unsubscribes by the id the server gave the subscription. */
  public synchronized void unsubscribe(SubscriptionKey key) {
    client.send("{\"type\":\"unsubscribe\",\"sub\":\"" + key.id() + "\"}");
    subscriptions.remove(key);
  }

  /** Whether the client's last word on {@code key} was a subscribe. */
  public synchronized boolean follows(SubscriptionKey key) {
    return subscriptions.contains(key);
  }

  /** Every message received so far, in order. */
  public synchronized List<JsonNode> messages() {
    messages.addAll(StreamChecks.messages(client.drain(), framing));
    return List.copyOf(messages);
  }

  /** True when nothing arrived since the last call. */
  public synchronized boolean quiet() {
    int count = messages().size();
    boolean quiet = count == quietCount;
    quietCount = count;
    return quiet;
  }

  @Override
  public void close() {
    client.close();
  }

  /** A subscribe (or unsubscribe, by the subscribe's fields) message of {@code key}. */
  public static String subscribeMessage(String type, SubscriptionKey key) {
    return "{\"type\":\"" + type + "\",\"channel\":\"" + key.channel().label() + "\",\"symbol\":\"" + key.symbol()
        + "\"" + (key.timeframe() == null ? "" : ",\"timeframe\":\"" + key.timeframe() + "\"") + "}";
  }
}
