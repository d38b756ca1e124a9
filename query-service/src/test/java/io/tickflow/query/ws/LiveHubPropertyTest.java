package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The fan-out's promises of docs/api.md (WebSocket section) under random interleavings, driving the real
 * {@link LiveHub}, {@link Outbox}, {@link Subscription} and {@link ClientConnection} on one thread: the hub's writer
 * threads are executors the test runs one delivery at a time, each client's socket completes or fails its writes when
 * the test says ({@link ControlledSink}), and the client-side steps are those {@link WsEndpoint} takes (subscribe,
 * unsubscribe, snapshot loaded or failed, heartbeat, pong, disconnect), done in the same calls. A model beside them
 * knows what each subscription was handed: a delivery goes to the subscriptions its writer's clients held when it ran.
 * Checked for every client: a snapshot then updates numbered 1, 2, 3 ... per subscription; nothing of a subscription
 * after its {@code unsubscribed} or its {@code unavailable}; every trade in order, or a prefix and the client told
 * {@code slow_consumer} and closed with 1008; conflated channels ending at their latest state once writes complete,
 * the bars a client keeps by api.md's rule (drop a lower revision, or a live bar of a revision whose final bar it
 * holds) equal to the feed's; the queues within their bounds after every step; nothing written after the connection
 * was given up; a client that reads at once never cut off but when more trades than its queue takes came while a
 * snapshot loaded (slow, stalled and broken clients beside it do not hold it up); no subscriber left in the hub but
 * those of connected clients.
 */
class LiveHubPropertyTest {

  private static final List<SubscriptionKey> KEYS = StreamChecks.KEYS;
  /** Bar windows of a series: more than the smallest capacity, so that a client can have too many pending. */
  private static final int WINDOWS = 4;

  /** How a client's socket writes: at once, when the scenario lets a write complete, or not until the end. */
  enum Speed { FAST, SLOW, STALLED }

  enum Kind {
    PUBLISH, RUN_WRITER, COMPLETE_WRITE, FAIL_WRITE, SUBSCRIBE, LOAD_SNAPSHOT, FAIL_SNAPSHOT, UNSUBSCRIBE, HEARTBEAT,
    PING, DISCONNECT, SUBSCRIBE_AFTER_DISCONNECT
  }

  /** One thing a thread does next; {@code client} and {@code pick} choose among what exists, modulo its size. */
  record Step(Kind kind, int client, int pick) {
  }

  record ClientPlan(Speed speed, int capacity, Framing framing) {
  }

  record Plan(int writers, List<ClientPlan> clients, List<Step> steps) {
  }

  @Property(tries = 700)
  void shouldKeepEverySubscriptionsPromisesWhateverTheInterleaving(@ForAll("plans") Plan plan) {
    World world = new World(plan);
    plan.steps().forEach(world::play);
    world.quiesce();
    world.clients.forEach(Client::check);
    world.checkHub();
    world.clients.forEach(client -> Statistics.label("client").collect(client.plan.speed(), client.endedBy));
  }

  @Provide
  Arbitrary<Plan> plans() {
    // Small queues fill within a scenario; a few above Outbox.MAX_BATCH take writes of a full batch and more.
    Arbitrary<Integer> capacity = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(2, 10)),
        Tuple.of(1, Arbitraries.integers().between(Outbox.MAX_BATCH - 4, Outbox.MAX_BATCH + 8)));
    Arbitrary<ClientPlan> client = Combinators.combine(Arbitraries.of(Speed.class), capacity,
        Arbitraries.of(Framing.class)).as(ClientPlan::new);
    Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(22, Kind.PUBLISH), Tuple.of(22, Kind.RUN_WRITER),
        Tuple.of(16, Kind.COMPLETE_WRITE), Tuple.of(1, Kind.FAIL_WRITE), Tuple.of(12, Kind.SUBSCRIBE),
        Tuple.of(8, Kind.LOAD_SNAPSHOT), Tuple.of(2, Kind.FAIL_SNAPSHOT), Tuple.of(6, Kind.UNSUBSCRIBE),
        Tuple.of(3, Kind.HEARTBEAT), Tuple.of(2, Kind.PING), Tuple.of(1, Kind.DISCONNECT),
        Tuple.of(2, Kind.SUBSCRIBE_AFTER_DISCONNECT));
    Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 1 << 16)).as(Step::new);
    return Combinators.combine(Arbitraries.integers().between(1, 3), client.list().ofMinSize(1).ofMaxSize(4),
        step.list().ofMinSize(1).ofMaxSize(300).withSizeDistribution(RandomDistribution.uniform())).as(Plan::new);
  }

  /** A writer thread the test runs one delivery at a time. */
  private static final class ManualWriter extends AbstractExecutorService {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    boolean runOne() {
      Runnable task = tasks.poll();
      if (task == null) {
        return false;
      }
      task.run();
      return true;
    }

    @Override
    public void shutdown() {
      tasks.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
      List<Runnable> left = List.copyOf(tasks);
      tasks.clear();
      return left;
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  /** A bar's version as api.md orders them: by revision, the final bar above the live one of its revision. */
  record BarVersion(int revision, boolean closed) {
    boolean newerThan(BarVersion other) {
      return revision > other.revision || revision == other.revision && closed && !other.closed;
    }
  }

  /** The hub, the clients and the feeds' state (the stores the snapshots read). */
  private static final class World {
    private final List<ManualWriter> writers;
    private final LiveHub hub;
    private final List<Client> clients = new ArrayList<>();
    /** Per writer, the publishes its pending deliveries carry, in order. */
    private final List<ArrayDeque<List<LiveUpdate>>> deliveries;
    /** The latest value of each key and slot, as the stores hold it. */
    private final Map<SubscriptionKey, Map<String, JsonNode>> state = new HashMap<>();
    private int nextValue;

    World(Plan plan) {
      writers = IntStream.range(0, plan.writers()).mapToObj(i -> new ManualWriter()).toList();
      deliveries = IntStream.range(0, plan.writers()).mapToObj(i -> new ArrayDeque<List<LiveUpdate>>()).toList();
      hub = new LiveHub(writers);
      for (int i = 0; i < plan.clients().size(); i++) {
        clients.add(new Client(this, "c" + i, plan.clients().get(i)));
      }
    }

    void play(Step step) {
      Client client = clients.get(step.client() % clients.size());
      Random random = new Random(step.pick());
      switch (step.kind()) {
        case PUBLISH -> publish(random);
        case RUN_WRITER -> runWriter(step.pick() % writers.size());
        case COMPLETE_WRITE -> client.completeWrite();
        case FAIL_WRITE -> client.failWrite();
        case SUBSCRIBE -> client.subscribe(KEYS.get(step.pick() % KEYS.size()), false);
        case SUBSCRIBE_AFTER_DISCONNECT -> client.subscribe(KEYS.get(step.pick() % KEYS.size()), true);
        case LOAD_SNAPSHOT -> client.loadSnapshot(step.pick());
        case FAIL_SNAPSHOT -> client.failSnapshot(step.pick());
        case UNSUBSCRIBE -> client.unsubscribe(step.pick());
        case HEARTBEAT -> clients.stream().filter(connected -> hub.client(connected.name).isPresent())
            .forEach(connected -> connected.control("{\"type\":\"heartbeat\",\"time\":\"t\",\"intervalMillis\":1}"));
        case PING -> client.control("{\"type\":\"pong\",\"id\":" + step.pick() + "}");
        case DISCONNECT -> client.close();
      }
      clients.forEach(Client::checkBounds);
    }

    /** A feed's poll: one to five updates on random keys, the stores updated at once. */
    private void publish(Random random) {
      List<LiveUpdate> updates = new ArrayList<>();
      // Now and then a burst, such as a batch of trades, longer than a write takes.
      int size = 1 + random.nextInt(random.nextInt(8) == 0 ? 2 * Outbox.MAX_BATCH : 5);
      for (int i = 0; i < size; i++) {
        SubscriptionKey key = KEYS.get(random.nextInt(KEYS.size()));
        Map<String, JsonNode> slots = state.computeIfAbsent(key, k -> new LinkedHashMap<>());
        if (key.channel() == Channel.BARS) {
          String slot = "w" + random.nextInt(WINDOWS);
          JsonNode held = slots.get(slot);
          if (held != null && held.get("closed").asBoolean()) {
            continue; // a final bar is the window's last version
          }
          int revision = held == null ? 0 : held.get("revision").asInt();
          // The final bar has the revision of the last live one; a live revision is newer than the last.
          boolean closed = random.nextInt(4) == 0;
          int next = closed || held == null ? revision : revision + 1;
          JsonNode bar = ControlledSink.parse("{\"v\":" + nextValue++ + ",\"start\":\"" + slot + "\",\"revision\":"
              + next + ",\"closed\":" + closed + "}");
          slots.put(slot, bar);
          updates.add(new LiveUpdate(key, slot, bar.toString()));
        } else {
          JsonNode value = ControlledSink.parse("{\"v\":" + nextValue++ + "}");
          slots.put("", value);
          updates.add(LiveUpdate.of(key, value.toString()));
        }
      }
      if (updates.isEmpty()) {
        return;
      }
      hub.publish(updates);
      deliveries.forEach(queue -> queue.add(updates));
    }

    /** Runs the writer's next delivery, after handing its updates in the model to the subscriptions it will find. */
    private void runWriter(int writer) {
      List<LiveUpdate> updates = deliveries.get(writer).poll();
      if (updates == null) {
        return;
      }
      for (LiveUpdate update : updates) {
        clients.stream().filter(client -> hub.writerOf(client.connection) == writer)
            .forEach(client -> client.hand(update));
      }
      assertThat(writers.get(writer).runOne()).isTrue();
    }

    /** The snapshot of {@code key} now: the stores' state, marked with a value of its own. */
    private String snapshot(SubscriptionKey key) {
      Map<String, JsonNode> slots = state.getOrDefault(key, Map.of());
      return "{\"snapshot\":" + nextValue++ + ",\"state\":[" + slots.values().stream().map(JsonNode::toString)
          .collect(Collectors.joining(",")) + "]}";
    }

    /** Every delivery runs, every snapshot loads, every client reads again. */
    void quiesce() {
      for (int writer = 0; writer < writers.size(); writer++) {
        while (!deliveries.get(writer).isEmpty()) {
          runWriter(writer);
        }
      }
      for (Client client : clients) {
        while (client.loadSnapshot(0)) {
          // each waiting snapshot loads in the end
        }
        if (client.endedBy.equals("write failed")) {
          client.disconnect("write failed");
        }
        client.sink.resume();
        client.checkBounds();
      }
    }

    /** Only connected clients' live subscriptions are left in the hub (a writer walks them, feeds poll them). */
    void checkHub() {
      Set<SubscriptionKey> followed = new HashSet<>();
      clients.stream().filter(client -> client.endedBy.equals("connected"))
          .forEach(client -> client.lives.values().forEach(lives -> lives.stream().filter(life -> !life.ended)
              .forEach(life -> followed.add(life.subscription.key()))));
      for (SubscriptionKey key : KEYS) {
        assertThat(hub.hasSubscribers(key)).as("hub subscribers of %s", key.id()).isEqualTo(followed.contains(key));
      }
      Arrays.stream(Channel.values()).forEach(channel -> assertThat(hub.subscribed(channel)).as("subscribed %s", channel)
          .isEqualTo(followed.stream().filter(key -> key.channel() == channel).collect(Collectors.toSet())));
      assertThat(hub.clients()).as("connected clients").containsExactlyInAnyOrderElementsOf(clients.stream()
          .filter(client -> client.endedBy.equals("connected")).map(client -> client.connection).toList());
    }
  }

  /** A subscription's life as the model saw it. */
  private static final class Life {
    private final Subscription subscription;
    /** Whether its {@code subscribed} answer was offered to a connected client's outbox. */
    private final boolean answered;
    private final List<JsonNode> handed = new ArrayList<>();
    private JsonNode snapshot;
    private boolean ended;
    private boolean failed;
    private int tradesWhileLoading;
    private final Set<String> slotsWhileLoading = new HashSet<>();

    Life(Subscription subscription, boolean answered) {
      this.subscription = subscription;
      this.answered = answered;
    }
  }

  /** One client: its connection and socket, and the lives of its subscriptions. */
  private static final class Client implements QuietListener {
    private final World world;
    private final String name;
    private final ClientPlan plan;
    private final ControlledSink sink;
    private final ClientConnection connection;
    /** Lives by subscription id, in order. */
    private final Map<String, List<Life>> lives = new LinkedHashMap<>();
    private final List<Life> loading = new ArrayList<>();
    /** The control messages offered while connected, in order. */
    private final List<JsonNode> offered = new ArrayList<>();
    /** Why the connection ended, or "connected". */
    private String endedBy = "connected";
    /** Whether the hub forgot it (WsEndpoint.disconnect). */
    private boolean removed;
    private int subscribes;

    Client(World world, String name, ClientPlan plan) {
      this.world = world;
      this.name = name;
      this.plan = plan;
      this.sink = new ControlledSink(plan.speed() == Speed.FAST, plan.framing());
      this.connection = new ClientConnection(name, sink, new Outbox(sink, plan.framing(), plan.capacity(), this),
          Map.of(), () -> 0, 0);
      world.hub.add(connection);
    }

    private String where() {
      return "client " + name + " " + plan + ", ended by " + endedBy;
    }

    /** What the hub's delivery will queue to this client: the update, to its live subscription of the key. */
    void hand(LiveUpdate update) {
      Life life = live(update.key().id());
      if (life == null) {
        return;
      }
      JsonNode payload = ControlledSink.parse(update.payloadJson());
      life.handed.add(payload);
      if (life.snapshot == null) {
        if (life.subscription.conflatable()) {
          life.slotsWhileLoading.add(update.slot());
        } else {
          life.tradesWhileLoading++;
        }
      }
    }

    private Life live(String id) {
      List<Life> ofId = lives.getOrDefault(id, List.of());
      Life last = ofId.isEmpty() ? null : ofId.get(ofId.size() - 1);
      return last == null || last.ended ? null : last;
    }

    /**
     * WsEndpoint's subscribe; {@code late}: the client's message was taken up before its connection ended, the
     * subscribe runs after (a disconnect by another thread: heartbeat timeout, slow consumer, socket error).
     */
    void subscribe(SubscriptionKey key, boolean late) {
      if (late != removed) {
        return;
      }
      subscribes++;
      boolean had = live(key.id()) != null;
      var subscription = world.hub.subscribe(connection, key);
      if (subscription.isEmpty()) {
        assertThat(had).as(where() + ": already subscribed to " + key.id()).isTrue();
        control("{\"type\":\"error\",\"code\":\"already_subscribed\",\"sub\":\""
            + key.id() + "\"}");
        return;
      }
      assertThat(had).as(where() + ": a second subscription to " + key.id()).isFalse();
      Life life = new Life(subscription.get(), !late);
      // A client already gone holds nothing: the model ends what the late subscribe made.
      life.ended = late;
      lives.computeIfAbsent(key.id(), id -> new ArrayList<>()).add(life);
      control("{\"type\":\"subscribed\",\"sub\":\"" + key.id() + "\"}");
      loading.add(life);
    }

    /** Queues a control message, as WsEndpoint does (subscribed, unsubscribed, errors, pong, heartbeat). */
    void control(String json) {
      if (endedBy.equals("connected")) {
        offered.add(ControlledSink.parse(json));
      }
      connection.outbox().offerControl(json);
    }

    /** Loads one waiting snapshot (from the stores as they are now); false when none waits. */
    boolean loadSnapshot(int pick) {
      if (loading.isEmpty()) {
        return false;
      }
      Life life = loading.remove(pick % loading.size());
      String snapshot = world.snapshot(life.subscription.key());
      if (!life.ended) {
        life.snapshot = ControlledSink.parse(snapshot);
      }
      world.hub.snapshotLoaded(connection, life.subscription, snapshot);
      return true;
    }

    /** WsEndpoint.fail: the snapshot could not be read; the subscription ends unless the client ended it first. */
    void failSnapshot(int pick) {
      if (loading.isEmpty()) {
        return;
      }
      Life life = loading.remove(pick % loading.size());
      boolean ended = world.hub.unsubscribe(connection, life.subscription);
      assertThat(ended).as(where() + ": failed load ends " + life.subscription.key().id()).isEqualTo(!life.ended);
      if (ended) {
        life.ended = true;
        life.failed = true;
        control("{\"type\":\"error\",\"code\":\"unavailable\",\"sub\":\""
            + life.subscription.key().id() + "\"}");
      }
    }

    /** WsEndpoint.unsubscribe by id: mostly one the client holds, now and then one it does not. */
    void unsubscribe(int pick) {
      if (removed) {
        return;
      }
      List<String> held = lives.keySet().stream().filter(id -> live(id) != null).toList();
      String id = held.isEmpty() || pick % 5 == 0 ? KEYS.get(pick % KEYS.size()).id() : held.get(pick % held.size());
      Life life = live(id);
      boolean removed = world.hub.unsubscribe(connection, id);
      assertThat(removed).as(where() + ": unsubscribe " + id).isEqualTo(life != null);
      if (removed) {
        life.ended = true;
        control("{\"type\":\"unsubscribed\",\"sub\":\"" + id + "\"}");
      } else {
        control("{\"type\":\"error\",\"code\":\"not_subscribed\",\"sub\":\"" + id + "\"}");
      }
    }

    /** A slow client reads one write; a stalled one reads nothing until the end. */
    void completeWrite() {
      if (plan.speed() == Speed.SLOW) {
        sink.completeOne();
      }
    }

    /**
     * The oldest write in flight fails: the connection broke. Jetty reports it (WsEndpoint.onError) at a later step,
     * or at the end; meanwhile the client is still in the hub.
     */
    void failWrite() {
      // Once the server gave the connection up, a broken socket changes nothing the client could see.
      if (endedBy.equals("connected") && sink.failOne()) {
        endedBy = "write failed";
      }
    }

    /** The client went away (WsEndpoint.onClose): the server stops writing to it. */
    void close() {
      if (disconnect("closed")) {
        sink.end();
      }
    }

    /** WsEndpoint.disconnect: the hub forgets the client, its outbox stops. */
    boolean disconnect(String reason) {
      if (!world.hub.remove(connection)) {
        return false;
      }
      removed = true;
      if (endedBy.equals("connected")) {
        endedBy = reason;
      }
      lives.values().forEach(ofId -> ofId.forEach(life -> life.ended = true));
      connection.outbox().close();
      return true;
    }

    /** As WsEndpoint's listener: the outbox told the client and closed; the hub forgets it. */
    @Override
    public void slowConsumer() {
      disconnect("slow consumer");
    }

    /** The queue and each subscription's pending states within their bounds (docs: ws.queue.capacity). */
    void checkBounds() {
      int capacity = plan.capacity();
      // Trades and control messages: the capacity; the trades released with snapshots: the capacity; a mark per
      // subscription with pending states.
      assertThat(connection.outbox().pending()).as(where() + ": queued").isLessThanOrEqualTo(2 * capacity + 1
          + subscribes);
      if (!endedBy.equals("connected")) {
        assertThat(connection.outbox().pending()).as(where() + ": queued after the end").isZero();
        return; // the states a subscription held when the client was cut off go with it
      }
      lives.values().forEach(ofId -> ofId.forEach(life -> {
        assertThat(life.subscription.pendingSlots()).as(where() + ": pending slots").isLessThanOrEqualTo(capacity);
        assertThat(life.subscription.held().size()).as(where() + ": held trades").isLessThanOrEqualTo(capacity);
      }));
    }

    void check() {
      List<JsonNode> received = sink.received();
      assertThat(sink.writesAfterEnd()).as(where() + ": writes after the connection was given up").isZero();
      assertThat(sink.writesOverlapping()).as(where() + ": writes while one was in flight").isZero();
      assertThat(sink.largestWrite()).as(where() + ": messages in one write").isLessThanOrEqualTo(Outbox.MAX_BATCH);
      boolean slow = endedBy.equals("slow consumer");
      if (slow) {
        assertThat(sink.closeCode()).as(where()).isEqualTo(Outbox.CLOSE_SLOW_CONSUMER);
        assertThat(received.get(received.size() - 1).path("code").asText()).as(where() + ": told why before the close")
            .isEqualTo("slow_consumer");
      } else {
        assertThat(sink.closeCode()).as(where() + ": closed").isZero();
      }
      if (slow && plan.speed() != Speed.FAST) {
        // Conflated channels alone never fill the queue (api.md: trades and control messages take a place each,
        // bars, quotes and book one pending state per subscription and bar window): a client without trades whose
        // control messages and snapshots fit, with no more bar windows pending than that, is never cut off.
        boolean trades = lives.values().stream().flatMap(List::stream)
            .anyMatch(life -> !life.subscription.conflatable());
        long windows = lives.values().stream().flatMap(List::stream).filter(life -> life.subscription.key()
            .channel() == Channel.BARS).mapToLong(life -> life.handed.stream().map(Client::slot).distinct().count())
            .max().orElse(0);
        long places = offered.size() + lives.values().stream().flatMap(List::stream)
            .filter(life -> life.snapshot != null).count();
        assertThat(trades || places > plan.capacity() || windows > plan.capacity())
            .as(where() + ": cut off with nothing documented filling its queue").isTrue();
      }
      if (plan.speed() == Speed.FAST && (slow || endedBy.equals("connected"))) {
        // The documented ways a client that reads at once is cut off: more trades than its queue takes, or more bar
        // windows than that, came while a snapshot loaded.
        boolean tooMany = lives.values().stream().flatMap(List::stream).anyMatch(life ->
            life.tradesWhileLoading > plan.capacity() || life.slotsWhileLoading.size() > plan.capacity());
        assertThat(slow).as(where() + ": a client that reads at once is cut off only for what came while loading")
            .isEqualTo(tooMany);
      }
      boolean cutShort = !endedBy.equals("connected");
      List<JsonNode> controls = received.stream().filter(message -> !message.has("seq")).toList();
      if (slow) {
        controls = controls.subList(0, controls.size() - 1);
      }
      if (cutShort) {
        assertThat(offered.subList(0, Math.min(controls.size(), offered.size()))).as(where() + ": control messages")
            .isEqualTo(controls);
      } else {
        assertThat(controls).as(where() + ": control messages, in order").isEqualTo(offered);
      }
      lives.forEach((id, ofId) -> checkSubscription(id, ofId, received, cutShort));
    }

    private void checkSubscription(String id, List<Life> ofId, List<JsonNode> received, boolean cutShort) {
      String where = where() + ", " + id;
      List<Life> answered = ofId.stream().filter(life -> life.answered).toList();
      List<List<JsonNode>> windows = StreamChecks.lives(where, id, received);
      assertThat(windows.size()).as(where + ": subscribed answers").isLessThanOrEqualTo(answered.size());
      if (!cutShort) {
        assertThat(windows).as(where + ": subscribed answers").hasSameSizeAs(answered);
      }
      for (int i = 0; i < windows.size(); i++) {
        checkLife(where + " life " + i, answered.get(i), windows.get(i), cutShort);
      }
    }

    private void checkLife(String where, Life life, List<JsonNode> messages, boolean cutShort) {
      boolean complete = !cutShort && !life.ended;
      if (life.failed || life.snapshot == null) {
        assertThat(messages).as(where + ": nothing without a snapshot").isEmpty();
        return;
      }
      if (messages.isEmpty()) {
        assertThat(cutShort || life.ended).as(where + ": no snapshot").isTrue();
        return;
      }
      assertThat(messages.get(0).get("data")).as(where + ": snapshot").isEqualTo(life.snapshot);
      List<JsonNode> updates = messages.subList(1, messages.size());
      if (life.subscription.conflatable()) {
        Map<String, List<Integer>> bySlot = new HashMap<>();
        life.handed.forEach(value -> bySlot.computeIfAbsent(slot(value), slot -> new ArrayList<>())
            .add(value.get("v").asInt()));
        StreamChecks.conflated(where, bySlot, updates, true, complete);
        if (complete) {
          assertThat(kept(life.snapshot, updates)).as(where + ": the state the client keeps")
              .isEqualTo(kept(world.state.getOrDefault(life.subscription.key(), Map.of()).values()));
        }
        return;
      }
      assertThat(updates).as(where + ": trades are never conflated")
          .allMatch(update -> update.get("conflated").asLong() == 0);
      List<Integer> delivered = updates.stream().map(StreamChecks::value).toList();
      List<Integer> expected = life.handed.stream().map(value -> value.get("v").asInt()).toList();
      if (cutShort) {
        assertThat(expected.subList(0, Math.min(delivered.size(), expected.size()))).as(where + ": a prefix")
            .isEqualTo(delivered);
      } else {
        // Unsubscribed or not, what was handed once the snapshot was out precedes the unsubscribed answer.
        assertThat(delivered).as(where + ": every trade, in order").isEqualTo(expected);
      }
    }

    private static String slot(JsonNode value) {
      return value.has("start") ? value.get("start").asText() : "";
    }

    /**
     * The state a client following api.md keeps from a snapshot and updates: per bar window the newest version (a
     * lower revision, or a live bar of a revision whose final bar it holds, is dropped); quotes and book: the last.
     */
    private static Map<String, Integer> kept(JsonNode snapshot, List<JsonNode> updates) {
      List<JsonNode> values = new ArrayList<>();
      snapshot.get("state").forEach(values::add);
      updates.forEach(update -> values.add(update.get("data")));
      return kept(values);
    }

    private static Map<String, Integer> kept(Iterable<JsonNode> values) {
      Map<String, JsonNode> kept = new HashMap<>();
      for (JsonNode value : values) {
        kept.merge(slot(value), value, (held, next) -> !next.has("revision") || version(next).newerThan(version(held))
            ? next : held);
      }
      return kept.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("v").asInt()));
    }

    private static BarVersion version(JsonNode bar) {
      return new BarVersion(bar.get("revision").asInt(), bar.get("closed").asBoolean());
    }
  }
}
