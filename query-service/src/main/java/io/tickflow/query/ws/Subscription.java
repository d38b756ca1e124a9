package io.tickflow.query.ws;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One client's subscription: its sequence counter, the latest pending state of each slot (conflatable channels) and,
 * while its snapshot is loading, the updates held back. A slot is the part of the state an update replaces: a bar
 * window for bars, the whole state for quotes and book. Guarded by the owning {@link Outbox}'s lock; not
 * thread-safe on its own, but for {@link #ended()}.
 */
final class Subscription {

  private final SubscriptionKey key;
  /** The start of this subscription's update and snapshot messages: built once, not per message. */
  private final byte[] updateHead;
  private final byte[] snapshotHead;
  private long seq;
  private boolean ready;
  private boolean queued;
  /** Set once the client no longer has it: a snapshot still loading then belongs to no one. */
  private volatile boolean ended;
  /** Pending state per slot, oldest slot first; a newer update of a slot keeps the slot's place. */
  private final LinkedHashMap<String, Pending> latest = new LinkedHashMap<>();
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();

  Subscription(SubscriptionKey key) {
    this.key = key;
    this.updateHead = Envelope.head("update", key.id());
    this.snapshotHead = Envelope.head("snapshot", key.id());
  }

  SubscriptionKey key() {
    return key;
  }

  boolean ended() {
    return ended;
  }

  void end() {
    ended = true;
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

  /**
   * Keeps {@code payload} as the latest state of {@code slot}; true when it replaced one the client had not received
   * yet.
   */
  boolean replaceLatest(String slot, byte[] payload) {
    Pending pending = latest.get(slot);
    if (pending == null) {
      latest.put(slot, new Pending(payload));
      return false;
    }
    pending.payload = payload;
    pending.conflated++;
    return true;
  }

  /** Forgets the pending states (the subscription ended). */
  void clearLatest() {
    latest.clear();
  }

  boolean hasLatest() {
    return !latest.isEmpty();
  }

  /** Slots with a pending state. */
  int pendingSlots() {
    return latest.size();
  }

  /** Whether a marker for the latest state is in the queue. */
  boolean queued() {
    return queued;
  }

  void setQueued(boolean queued) {
    this.queued = queued;
  }

  ArrayDeque<byte[]> held() {
    return held;
  }

  /**
   * The message for the oldest pending slot's latest state, with the next sequence number and how many updates it
   * replaced. Leaves the queued mark to the caller: other slots may still be pending.
   */
  byte[] renderLatest() {
    Iterator<Pending> oldest = latest.values().iterator();
    Pending pending = oldest.next();
    oldest.remove();
    return Envelope.data(updateHead, ++seq, pending.conflated, pending.payload);
  }

  /** The update message for {@code payload}, with the next sequence number. */
  byte[] renderUpdate(byte[] payload) {
    return Envelope.data(updateHead, ++seq, 0, payload);
  }

  /** The snapshot message for {@code payload}, with the next sequence number. */
  byte[] renderSnapshot(byte[] payload) {
    return Envelope.data(snapshotHead, ++seq, 0, payload);
  }

  /** A slot's latest state and how many updates it replaced. */
  private static final class Pending {
    private byte[] payload;
    private long conflated;

    private Pending(byte[] payload) {
      this.payload = payload;
    }
  }
}
