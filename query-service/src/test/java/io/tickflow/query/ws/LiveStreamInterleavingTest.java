package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live-stream promises of docs/api.md (WebSocket section) under random interleavings, played on one thread so
 * every run is reproducible from its seed: each step is one thing a thread of the server or a client does next
 * (a feed publishes, a writer thread queues one update or flushes, a socket write completes, a client subscribes
 * or unsubscribes, a snapshot finishes loading). The writer thread is played as {@link LiveHub} runs it: it looks
 * up an update's subscribers, then queues it to each and flushes the clients it touched; a lookup done before an
 * unsubscribe may queue after it, as on the real threads. The reference is what was handed to each subscription.
 */
class LiveStreamInterleavingTest {

  private static final List<SubscriptionKey> KEYS = StreamChecks.KEYS;
  private static final int SCENARIOS = 300;

  /** How a client reads: at once, when the scenario lets a write complete, or not until the stream quiesced. */
  private enum Speed { FAST, SLOW, PAUSED }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20261127})
  void shouldKeepEverySubscriptionsPromisesWhenThreadsInterleaveAtRandom(long seed) {
    Random random = new Random(seed);
    for (int scenario = 0; scenario < SCENARIOS; scenario++) {
      long scenarioSeed = random.nextLong();
      try (Scenario run = new Scenario(new Random(scenarioSeed))) {
        run.play();
        run.clients.forEach(client -> client.check("scenario seed " + scenarioSeed));
      }
    }
  }

  /** One random run: clients, steps, then quiescence. */
  private static final class Scenario implements AutoCloseable {
    private final Random random;
    private final LiveHub hub = new LiveHub(1);
    private final List<Client> clients = new ArrayList<>();
    private int nextValue;

    Scenario(Random random) {
      this.random = random;
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        Speed speed = Speed.values()[random.nextInt(Speed.values().length)];
        // A fast client's capacity exceeds what one scenario can hold back for it (its snapshot's wait included).
        // At least the bar windows a scenario uses: more pending windows than the capacity close any client.
        int capacity = 3 + random.nextInt(8);
        clients.add(new Client("c" + i, speed, capacity, random.nextBoolean() ? Framing.ARRAY : Framing.MESSAGES, hub));
      }
    }

    void play() {
      int steps = 20 + random.nextInt(200);
      for (int step = 0; step < steps; step++) {
        Client client = clients.get(random.nextInt(clients.size()));
        int action = random.nextInt(100);
        if (action < 30) {
          publish();
        } else if (action < 55) {
          client.runWriter(1 + random.nextInt(4));
        } else if (action < 75) {
          client.sink.completeOne();
        } else if (action < 87) {
          client.subscribe(KEYS.get(random.nextInt(KEYS.size())));
        } else if (action < 95) {
          client.loadSnapshot(random, nextValue++);
        } else {
          client.unsubscribeAny(random);
        }
      }
      for (Client client : clients) {
        client.runWriter(Integer.MAX_VALUE);
        while (client.loadSnapshot(random, nextValue++)) {
          // all snapshots load in the end
        }
        client.sink.resume();
      }
    }

    /** A feed's poll: updates on random keys (bars in one of a few windows), handed to the writer thread. */
    private void publish() {
      int size = 1 + random.nextInt(5);
      List<LiveUpdate> updates = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        SubscriptionKey key = KEYS.get(random.nextInt(KEYS.size()));
        String slot = key.channel() == Channel.BARS ? "w" + random.nextInt(3) : "";
        updates.add(new LiveUpdate(key, slot, "{\"v\":" + nextValue++ + "}"));
      }
      clients.forEach(client -> client.writerTasks.add(updates));
    }

    @Override
    public void close() {
      hub.close();
    }
  }

  /** What a subscription was handed, and whether it had ended by then. */
  private record Handed(String slot, int value, boolean afterEnd) {
  }

  /** A subscription's life as the test saw it. */
  private static final class Life {
    final Subscription subscription;
    final List<Handed> handed = new ArrayList<>();
    Integer snapshot;
    boolean unsubscribed;
    /** Trades handed before the snapshot loaded: they wait, and count against the client's queue. */
    int handedWhileLoading;

    Life(Subscription subscription) {
      this.subscription = subscription;
    }
  }

  /** One client: its connection, its share of the writer thread's work, and the subscriptions it held. */
  private static final class Client {
    final String name;
    final Speed speed;
    final int capacity;
    final ControlledSink sink;
    final ClientConnection connection;
    final LiveHub hub;
    /** Publishes not yet fully queued to this client, as its writer thread walks them. */
    final ArrayDeque<List<LiveUpdate>> writerTasks = new ArrayDeque<>();
    /** Subscriptions by id, each a list of lives in order (subscribed again after an unsubscribe). */
    final Map<String, List<Life>> lives = new HashMap<>();
    final List<Life> loading = new ArrayList<>();
    int writerPosition;
    /** The subscription the writer thread found for the update at {@link #writerPosition}, not yet queued to. */
    Subscription lookedUp;

    Client(String name, Speed speed, int capacity, Framing framing, LiveHub hub) {
      this.name = name;
      this.speed = speed;
      this.capacity = capacity;
      this.hub = hub;
      this.sink = new ControlledSink(speed == Speed.FAST, framing);
      this.connection = new ClientConnection(name, sink, new Outbox(sink, framing, capacity, new QuietListener() { }),
          Map.of(), () -> 0, 0);
      hub.add(connection);
    }

    /**
     * Runs up to {@code count} steps of the writer thread: look up the next update's subscription, queue an update
     * looked up before (the client may have unsubscribed in between), or flush after the last update of a publish.
     */
    void runWriter(int count) {
      for (int i = 0; i < count && !writerTasks.isEmpty(); i++) {
        List<LiveUpdate> updates = writerTasks.peek();
        if (lookedUp != null) {
          queue(updates.get(writerPosition++), lookedUp);
          lookedUp = null;
        } else if (writerPosition == updates.size()) {
          connection.outbox().flush();
          writerTasks.poll();
          writerPosition = 0;
        } else {
          lookedUp = connection.subscriptions().get(updates.get(writerPosition).key().id());
          if (lookedUp == null) {
            writerPosition++;
          }
        }
      }
    }

    private void queue(LiveUpdate update, Subscription subscription) {
      Life life = lifeOf(subscription);
      int value = ControlledSink.parse(update.payloadJson()).get("v").asInt();
      life.handed.add(new Handed(update.slot(), value, subscription.ended()));
      if (life.snapshot == null && !subscription.conflatable() && !subscription.ended()) {
        life.handedWhileLoading++;
      }
      byte[] payload = update.payloadJson().getBytes(StandardCharsets.UTF_8);
      connection.outbox().queueUpdate(subscription, update.slot(), payload);
    }

    void subscribe(SubscriptionKey key) {
      hub.subscribe(connection, key).ifPresent(subscription -> {
        connection.outbox().offerControl("{\"type\":\"subscribed\",\"sub\":\"" + key.id() + "\"}");
        Life life = new Life(subscription);
        lives.computeIfAbsent(key.id(), id -> new ArrayList<>()).add(life);
        loading.add(life);
      });
    }

    /** Loads one waiting snapshot, false when none waits. */
    boolean loadSnapshot(Random random, int value) {
      if (loading.isEmpty()) {
        return false;
      }
      Life life = loading.remove(random.nextInt(loading.size()));
      life.snapshot = value;
      hub.snapshotLoaded(connection, life.subscription, "{\"snapshot\":" + value + "}");
      return true;
    }

    void unsubscribeAny(Random random) {
      List<String> held = new ArrayList<>(connection.subscriptions().keySet());
      if (held.isEmpty()) {
        return;
      }
      String id = held.get(random.nextInt(held.size()));
      Life life = lifeOf(connection.subscriptions().get(id));
      if (hub.unsubscribe(connection, id)) {
        life.unsubscribed = true;
        connection.outbox().offerControl("{\"type\":\"unsubscribed\",\"sub\":\"" + id + "\"}");
      }
    }

    private Life lifeOf(Subscription subscription) {
      return lives.get(subscription.key().id()).stream().filter(life -> life.subscription == subscription)
          .findFirst().orElseThrow();
    }

    /** Checks what the client received against what each subscription was handed. */
    void check(String scenario) {
      String where = scenario + ", client " + name + " (" + speed + ", " + sink.framing() + ")";
      List<JsonNode> received = sink.received();
      boolean disconnected = sink.closeCode() != 0;
      if (disconnected) {
        assertThat(sink.closeCode()).as(where).isEqualTo(Outbox.CLOSE_SLOW_CONSUMER);
        JsonNode last = received.get(received.size() - 1);
        assertThat(last.path("code").asText()).as(where + ": told why before the close").isEqualTo("slow_consumer");
      }
      if (speed == Speed.FAST) {
        // The one documented way it can be: more trades than its queue takes came while a snapshot loaded.
        boolean heldTooMany = lives.values().stream().flatMap(List::stream)
            .anyMatch(life -> life.handedWhileLoading > capacity);
        assertThat(disconnected).as(where + ": a client that reads at once is never too slow").isEqualTo(heldTooMany);
      }
      lives.forEach((id, subscriptionLives) -> checkSubscription(where + ", " + id, id, subscriptionLives,
          received, disconnected));
    }

    private void checkSubscription(String where, String id, List<Life> subscriptionLives, List<JsonNode> received,
                                   boolean disconnected) {
      List<List<JsonNode>> windows = StreamChecks.lives(where, id, received);
      assertThat(windows.size()).as(where + ": subscribed answers").isLessThanOrEqualTo(subscriptionLives.size());
      for (int i = 0; i < windows.size(); i++) {
        checkLife(where + " life " + i, subscriptionLives.get(i), windows.get(i), disconnected);
      }
    }

    private void checkLife(String where, Life life, List<JsonNode> messages, boolean cutShort) {
      boolean complete = !cutShort && !life.unsubscribed;
      if (messages.isEmpty()) {
        assertThat(complete).as(where + ": no snapshot").isFalse();
        return;
      }
      assertThat(messages.get(0).get("data").get("snapshot").asInt()).as(where).isEqualTo(life.snapshot);
      List<JsonNode> updates = messages.subList(1, messages.size());
      // Only what was handed before the subscription ended may reach the client.
      List<Handed> handed = life.handed.stream().filter(h -> !h.afterEnd()).toList();
      if (life.subscription.conflatable()) {
        Map<String, List<Integer>> handedBySlot = new HashMap<>();
        handed.forEach(h -> handedBySlot.computeIfAbsent(h.slot(), slot -> new ArrayList<>()).add(h.value()));
        StreamChecks.conflated(where, handedBySlot, updates, true, complete);
        return;
      }
      List<Integer> delivered = updates.stream().map(StreamChecks::value).toList();
      List<Integer> expected = handed.stream().map(Handed::value).toList();
      assertThat(updates).as(where + ": trades are never conflated")
          .allMatch(update -> update.get("conflated").asLong() == 0);
      if (cutShort) {
        assertThat(expected.subList(0, Math.min(delivered.size(), expected.size()))).as(where + ": a prefix")
            .isEqualTo(delivered);
      } else {
        assertThat(delivered).as(where + ": every trade, in order").isEqualTo(expected);
      }
    }
  }
}
