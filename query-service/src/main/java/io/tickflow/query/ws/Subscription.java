package io.tickflow.query.ws;

import java.util.ArrayDeque;

/**
 * One client's subscription: its sequence counter and, while its snapshot is loading, the updates held back.
 * Guarded by the owning {@link Outbox}'s lock; not thread-safe on its own.
 */
final class Subscription {

  private final SubscriptionKey key;
  private long seq;
  private boolean ready;
  private boolean queued;
  private String latest;
  private long conflated;
  private final ArrayDeque<String> held = new ArrayDeque<>();

  Subscription(SubscriptionKey key) {
    this.key = key;
  }

  SubscriptionKey key() {
    return key;
  }

  boolean conflatable() {
    return key.channel().conflatable();
  }

  boolean ready() {
    return ready;
  }

  void markReady() {
    ready = true;
  }

  /** Keeps {@code payload} as the latest state; true when it replaced one the client had not received yet. */
  boolean replaceLatest(String payload) {
    boolean replaced = latest != null;
    if (replaced) {
      conflated++;
    }
    latest = payload;
    return replaced;
  }

  boolean hasLatest() {
    return latest != null;
  }

  /** Whether a marker for the latest state is in the queue. */
  boolean queued() {
    return queued;
  }

  void setQueued(boolean queued) {
    this.queued = queued;
  }

  ArrayDeque<String> held() {
    return held;
  }

  /** The message for the latest state, with the next sequence number and how many updates it replaced. */
  String renderLatest() {
    String text = Envelope.data("update", key.id(), ++seq, conflated, latest);
    latest = null;
    conflated = 0;
    queued = false;
    return text;
  }

  /** A message of the given type for {@code payload}, with the next sequence number. */
  String render(String type, String payload) {
    return Envelope.data(type, key.id(), ++seq, 0, payload);
  }
}
