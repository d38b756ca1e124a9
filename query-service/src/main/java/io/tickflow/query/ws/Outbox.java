package io.tickflow.query.ws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client's bounded outgoing queue. At most one message is being written at a time; the rest wait here. Conflatable
 * updates (bars, quotes, book) keep one pending state per subscription and slot (a bar window), so a slow client gets
 * the latest state of each and never grows the queue. Trades and control messages take a place each. A client whose
 * queue is full, or with more pending slots in one subscription than the capacity, is told why and disconnected.
 * Memory per client is thus bounded by the capacity plus the capacity's worth of pending states or held updates (those
 * that came while its snapshot loaded) per subscription. Updates wait for {@link #flush()}, so that those a feed
 * publishes together (one poll) go out in one write: a message per write costs the server a system call and the client
 * a socket read per message, which with hundreds of clients is most of the CPU a live update costs. Thread-safe:
 * updates come from the client's writer thread ({@link LiveHub}), control messages and snapshots from others,
 * completions from Jetty's.
 */
public final class Outbox {

  /** WebSocket close code "policy violation", used for slow consumers. */
  public static final int CLOSE_SLOW_CONSUMER = 1008;

  /** The most messages in one write; also how many updates may wait for a flush before writing starts anyway. */
  static final int MAX_BATCH = 64;

  private final MessageSink sink;
  private final Framing framing;
  private final int capacity;
  private final OutboxListener listener;
  private final int flushThreshold;
  private final ArrayDeque<Supplier<byte[]>> queue = new ArrayDeque<>();
  private boolean writing;
  private boolean closed;
  /**
   * Marks of pending states in the queue: not counted against the capacity, which bounds the trades and control
   * messages (api.md); there is at most one per subscription (and bounded by the subscription limit).
   */
  private int marks;

  /**
   * @param framing how the messages of one write are framed
   * @param capacity the most trades and control messages that may wait
   * @param listener told about sends, conflations and the slow-consumer disconnect (metrics)
   */
  public Outbox(MessageSink sink, Framing framing, int capacity, OutboxListener listener) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.sink = sink;
    this.framing = framing;
    this.capacity = capacity;
    this.listener = listener;
    this.flushThreshold = Math.min(MAX_BATCH, capacity);
  }

  /** Queues a control message (subscribed, error, pong ...) as is. */
  public void offerControl(String text) {
    byte[] message = Envelope.utf8(text);
    List<byte[]> toSend;
    synchronized (this) {
      if (!enqueue(() -> message)) {
        return;
      }
      toSend = startWriting();
    }
    pump(toSend);
  }

  /**
   * Queues an update of {@code subscription}: conflated with the pending update of the same slot if its channel
   * allows and the client is behind, held back until its snapshot. Written at the next {@link #flush()}, or at once
   * when enough wait.
   *
   * @param slot the part of the state the update replaces (a bar's window start; the same value for whole-state
   *     channels)
   */
  void queueUpdate(Subscription subscription, String slot, byte[] payload) {
    List<byte[]> toSend = null;
    synchronized (this) {
      if (enqueueUpdate(subscription, slot, payload) && queue.size() >= flushThreshold) {
        toSend = startWriting();
      }
    }
    pump(toSend);
  }

  /** Starts writing the queued messages, unless a write is in progress (it will pick them up). */
  void flush() {
    List<byte[]> toSend;
    synchronized (this) {
      toSend = startWriting();
    }
    pump(toSend);
  }

  /** True when the queue grew. */
  private boolean enqueueUpdate(Subscription subscription, String slot, byte[] payload) {
    // A writer thread that found the subscription before the client unsubscribed may get here after the unsubscribed
    // answer was queued (under this lock, so an update that passes this check is queued before the answer).
    if (closed || subscription.ended()) {
      return false;
    }
    // A client that keeps up (no write in flight) gets every update; one that is behind gets the latest per slot.
    if (subscription.conflatable() && (writing || !subscription.ready())) {
      if (subscription.replaceLatest(slot, payload) && subscription.ready()) {
        listener.conflated(subscription.key().channel());
      }
      if (subscription.pendingSlots() > capacity) {
        overflow();
        return false;
      }
      if (!subscription.ready() || subscription.queued()) {
        return false;
      }
      queueLatest(subscription);
      return true;
    }
    if (!subscription.ready()) {
      if (subscription.held().size() >= capacity) {
        overflow();
      } else {
        subscription.held().add(payload);
      }
      return false;
    }
    return enqueue(() -> subscription.renderUpdate(payload));
  }

  /** Queues the snapshot that opens {@code subscription}, then the updates that came while it loaded. */
  void offerSnapshot(Subscription subscription, String payload) {
    byte[] encoded = Envelope.utf8(payload);
    List<byte[]> toSend;
    synchronized (this) {
      // Checked under the lock that orders the messages: an unsubscribe that ended it first has its answer queued
      // (or about to be), and a snapshot after it would be no subscription's.
      if (subscription.ended() || !enqueue(() -> subscription.renderSnapshot(encoded))) {
        return;
      }
      subscription.markReady();
      if (subscription.hasLatest()) {
        queueLatest(subscription);
      }
      // Not checked against the capacity again: they were when held (at most the capacity), and a client that reads
      // at once must not be cut off because as many came as its queue takes while the snapshot loaded.
      while (!subscription.held().isEmpty()) {
        byte[] held = subscription.held().poll();
        queue.add(() -> subscription.renderUpdate(held));
      }
      toSend = startWriting();
    }
    pump(toSend);
  }

  /** Queues the mark that renders the subscription's pending slots one by one, oldest first. */
  private void queueLatest(Subscription subscription) {
    subscription.setQueued(true);
    addMark(subscription);
  }

  /**
   * Renders the oldest pending slot; runs under the lock, as every queued message is rendered. Null once the
   * subscription has ended: its pending slots, re-queued behind the client's unsubscribe answer, are dropped.
   */
  private byte[] renderLatest(Subscription subscription) {
    marks--; // taken from the queue
    if (subscription.ended()) {
      subscription.clearLatest();
      subscription.setQueued(false);
      return null;
    }
    byte[] message = subscription.renderLatest();
    if (subscription.hasLatest()) {
      addMark(subscription); // behind the others: one slow subscription cannot starve them
    } else {
      subscription.setQueued(false);
    }
    return message;
  }

  private void addMark(Subscription subscription) {
    marks++;
    queue.add(() -> renderLatest(subscription));
  }

  /** Messages waiting (not counting the one being written). */
  public synchronized int pending() {
    return queue.size();
  }

  /** Stops sending; later offers are ignored. */
  public synchronized void close() {
    closed = true;
    clear();
  }

  private void clear() {
    queue.clear();
    marks = 0;
  }

  private boolean enqueue(Supplier<byte[]> message) {
    if (closed) {
      return false;
    }
    if (queue.size() - marks >= capacity) {
      overflow();
      return false;
    }
    queue.add(message);
    return true;
  }

  private void overflow() {
    closed = true;
    clear();
    String reason = "slow consumer: more than " + capacity + " messages waiting";
    listener.slowConsumer();
    // The error goes out before the close frame; both bypass the queue the client could not keep up with.
    sink.send(framing.frames(List.of(
            Envelope.utf8("{\"type\":\"error\",\"code\":\"slow_consumer\",\"message\":\"" + reason + "\"}"))),
        () -> { }, error -> { });
    sink.close(CLOSE_SLOW_CONSUMER, reason);
  }

  /** The first messages to write if no write is in progress, else null (the running write will pick them up). */
  private List<byte[]> startWriting() {
    if (writing) {
      return null;
    }
    return next();
  }

  /** The next messages to write, else null with writing off. */
  private List<byte[]> next() {
    List<byte[]> batch = closed ? List.of() : drain();
    writing = !batch.isEmpty();
    return writing ? batch : null;
  }

  /** Renders up to {@link #MAX_BATCH} queued messages, in order, skipping those that render to nothing. */
  private List<byte[]> drain() {
    List<byte[]> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
      byte[] message = queue.poll().get();
      if (message != null) {
        batch.add(message);
      }
    }
    return batch;
  }

  /**
   * Writes {@code batch} and, while writes complete on this thread, the messages queued after it: a loop, not
   * recursion, so a fast socket cannot overflow the stack. A write that completes later continues on Jetty's thread.
   */
  private void pump(List<byte[]> batch) {
    List<byte[]> toSend = batch;
    while (toSend != null) {
      Attempt attempt = new Attempt();
      sink.send(framing.frames(toSend), () -> completed(attempt), this::failed);
      listener.sent(toSend.size());
      synchronized (this) {
        attempt.returned = true;
        if (!attempt.completed) {
          return;
        }
        toSend = next();
      }
    }
  }

  private void completed(Attempt attempt) {
    List<byte[]> toSend;
    synchronized (this) {
      attempt.completed = true;
      if (!attempt.returned) {
        return;
      }
      toSend = next();
    }
    pump(toSend);
  }

  private void failed(Throwable error) {
    synchronized (this) {
      closed = true;
      writing = false;
      clear();
    }
    listener.writeFailed(error);
  }

  /** Which side continues the pump after a write: the sender if it completed inline, else the completer. */
  private static final class Attempt {
    private boolean returned;
    private boolean completed;
  }
}
