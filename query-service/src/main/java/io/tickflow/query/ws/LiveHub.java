package io.tickflow.query.ws;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Fans live updates out to the clients subscribed to them. Publishing never blocks: each client's
 * {@link Outbox} queues or conflates, so one slow client cannot stall the feed or the others. The writes run on
 * writer threads, each client always on the same one: the Streams app emits the live bars of all symbols at each
 * commit, and one thread rendering and writing such a burst for every client would hold back the last clients by
 * the whole burst; a client on two threads would have them contend for its connection's locks. Thread-safe.
 */
public final class LiveHub implements AutoCloseable {

  private final List<ExecutorService> writers;

  private final Map<String, ClientConnection> clients = new ConcurrentHashMap<>();
  /** Per writer thread, the subscribers of each key among its clients: a writer walks only its own. */
  private final List<Map<SubscriptionKey, Map<ClientConnection, Subscription>>> subscribers;

  /** @param writers threads that write to clients ({@code ws.writer.threads}) */
  public LiveHub(int writers) {
    this(threads(writers));
  }

  /** @param writers where each writer's deliveries run, one after another in the order published */
  LiveHub(List<? extends ExecutorService> writers) {
    if (writers.isEmpty()) {
      throw new IllegalArgumentException("writers must be at least 1, was 0");
    }
    this.writers = List.copyOf(writers);
    this.subscribers = IntStream.range(0, writers.size())
        .<Map<SubscriptionKey, Map<ClientConnection, Subscription>>>mapToObj(writer -> new ConcurrentHashMap<>())
        .toList();
  }

  private static List<ExecutorService> threads(int writers) {
    if (writers < 1) {
      throw new IllegalArgumentException("writers must be at least 1, was " + writers);
    }
    return IntStream.rangeClosed(1, writers).mapToObj(number -> Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ws-writer-" + number);
      thread.setDaemon(true);
      return thread;
    })).toList();
  }

  /** The writer thread that serves {@code client}: always the same one. */
  int writerOf(ClientConnection client) {
    return Math.floorMod(System.identityHashCode(client), subscribers.size());
  }

  /** The subscribers of the writer thread that serves {@code client}. */
  private Map<SubscriptionKey, Map<ClientConnection, Subscription>> subscribersOf(ClientConnection client) {
    return subscribers.get(writerOf(client));
  }

  /** Registers a connected client. */
  public void add(ClientConnection client) {
    clients.put(client.id(), client);
  }

  /** Forgets a client and all its subscriptions; false when it was already gone. */
  public boolean remove(ClientConnection client) {
    if (clients.remove(client.id()) == null) {
      return false;
    }
    client.subscriptions().values().forEach(subscription -> unsubscribe(client, subscription.key().id()));
    return true;
  }

  /** The client with this id, if connected. */
  public Optional<ClientConnection> client(String id) {
    return Optional.ofNullable(clients.get(id));
  }

  /** The connected clients. */
  public Collection<ClientConnection> clients() {
    return clients.values();
  }

  /**
   * Subscribes {@code client} to {@code key}; updates are held back until {@link #snapshotLoaded} is called.
   *
   * @return empty when the client already has this subscription; an ended one when the client is no longer connected
   */
  Optional<Subscription> subscribe(ClientConnection client, SubscriptionKey key) {
    Subscription subscription = new Subscription(key);
    if (client.subscriptions().putIfAbsent(key.id(), subscription) != null) {
      return Optional.empty();
    }
    // In one compute, as end() removes an emptied map in one: a put into a map just removed would be lost.
    subscribersOf(client).compute(key, (k, map) -> {
      Map<ClientConnection, Subscription> targets = map == null ? new ConcurrentHashMap<>() : map;
      targets.put(client, subscription);
      return targets;
    });
    // The client's message may have been taken up before another thread removed it (a slow-consumer or heartbeat
    // disconnect, a socket error). Checked after adding, as remove() forgets the client before walking its
    // subscriptions: either that walk finds this one, or this check finds the client gone. The subscriber is removed
    // here whether or not the walk took the subscription already: a walk between the two puts above found no
    // subscriber to remove yet. Left alone, the hub would keep the client and its key for good.
    if (clients.get(client.id()) != client) {
      client.subscriptions().remove(key.id(), subscription);
      end(client, subscription);
    }
    return Optional.of(subscription);
  }

  /** Sends the snapshot that opens the subscription, then releases the updates held back meanwhile. */
  void snapshotLoaded(ClientConnection client, Subscription subscription, String payloadJson) {
    client.outbox().offerSnapshot(subscription, payloadJson);
  }

  /** Removes one subscription, by its {@link SubscriptionKey#id()}; true when the client had it. */
  boolean unsubscribe(ClientConnection client, String subscriptionId) {
    Subscription removed = client.subscriptions().remove(subscriptionId);
    if (removed == null) {
      return false;
    }
    end(client, removed);
    return true;
  }

  /**
   * Removes {@code subscription} if the client still has it, not a later one of the same key (the client
   * unsubscribed and subscribed again while it loaded); true when it did.
   */
  boolean unsubscribe(ClientConnection client, Subscription subscription) {
    if (!client.subscriptions().remove(subscription.key().id(), subscription)) {
      return false;
    }
    end(client, subscription);
    return true;
  }

  private void end(ClientConnection client, Subscription subscription) {
    subscription.end();
    subscribersOf(client).computeIfPresent(subscription.key(), (k, map) -> {
      map.remove(client, subscription);
      return map.isEmpty() ? null : map;
    });
  }

  /** Whether anyone follows {@code key}: feeds skip serializing updates nobody wants. */
  public boolean hasSubscribers(SubscriptionKey key) {
    return subscribers.stream().anyMatch(own -> own.containsKey(key));
  }

  /**
   * Delivers updates published together (one poll of a feed) to their subscribers: each client gets its share in
   * as few writes as it can take, in the order given. Returns at once; each writer thread queues and writes the
   * updates of its own clients, so no thread goes through every client of a burst.
   */
  public void publish(List<LiveUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    List<Encoded> published = updates.stream()
        .map(update -> new Encoded(update.key(), update.slot(), Envelope.utf8(update.payloadJson()))).toList();
    for (int i = 0; i < writers.size(); i++) {
      int writer = i;
      writers.get(i).execute(() -> deliver(published, writer));
    }
  }

  private void deliver(List<Encoded> updates, int writer) {
    Map<SubscriptionKey, Map<ClientConnection, Subscription>> own = subscribers.get(writer);
    Set<Outbox> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Encoded update : updates) {
      Map<ClientConnection, Subscription> targets = own.get(update.key());
      if (targets != null) {
        targets.forEach((client, subscription) -> {
          client.outbox().queueUpdate(subscription, update.slot(), update.payload());
          touched.add(client.outbox());
        });
      }
    }
    touched.forEach(Outbox::flush);
  }

  /** An update with its payload encoded once for every writer thread and client. */
  private record Encoded(SubscriptionKey key, String slot, byte[] payload) {
  }

  /** The keys of a channel that someone follows. */
  public Set<SubscriptionKey> subscribed(Channel channel) {
    Set<SubscriptionKey> keys = new HashSet<>();
    subscribers.forEach(own -> own.keySet().forEach(key -> {
      if (key.channel() == channel) {
        keys.add(key);
      }
    }));
    return keys;
  }

  /** The headers to read {@code key} from another instance with: those of one of its subscribers (its API key). */
  public Map<String, String> forwardHeaders(SubscriptionKey key) {
    return subscribers.stream().map(own -> own.get(key)).filter(Objects::nonNull)
        .flatMap(targets -> targets.keySet().stream()).findAny()
        .map(ClientConnection::forwardHeaders).orElse(Map.of());
  }

  /**
   * Waits until the writers have delivered everything published before this call. Deliveries run after
   * {@link #publish} returns, so a client that subscribes meanwhile may get an update published before its subscribe
   * (as it may get one its snapshot already holds): callers that must know who was handed what wait here.
   */
  void awaitDelivered() throws InterruptedException {
    for (Future<?> done : writers.stream().map(writer -> writer.submit(() -> { })).toList()) {
      try {
        done.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("a writer thread failed an empty task", e);
      }
    }
  }

  /** Stops the writer threads; publish no more after this. */
  @Override
  public void close() {
    writers.forEach(ExecutorService::shutdownNow);
  }
}
