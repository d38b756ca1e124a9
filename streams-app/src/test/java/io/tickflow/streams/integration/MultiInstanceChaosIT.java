package io.tickflow.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.ReferenceBars;
import io.tickflow.streams.StreamsApp;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TradeScenario;
import io.tickflow.streams.ingest.Rejection;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several instances share the work and come and go at random while trades arrive in batches: child JVMs killed
 * (SIGKILL: the open transaction aborted, the local state wiped at the next start), in-JVM instances closed cleanly
 * (leaving the group, local state kept), instances restarted on their state or added with a fresh one, with and
 * without a standby replica per task, on RocksDB or in-memory stores; so tasks migrate, restore from changelogs or
 * take over standbys, and rebalance many times. Whatever happened, once the app has read everything the
 * read_committed outputs are those of one uninterrupted run: the reference's final bars, each once; every accepted
 * trade once, each partition in input order; a dead letter for every trade the reference refuses (late, or invalid)
 * and for nothing else, so that in = accepted + dead letters + the reference's copies.
 *
 * <p>Trades are keyed by their canonical symbol: re-keyed ones interleave through the repartition topic by arrival
 * (docs/topology.md, "Repartition only where needed"), which no reference can follow. Each round draws its input and
 * schedule from its seed (printed, with each start and stop as it happens); {@code -Dchaos.seed=<seed>} replays the
 * rounds of that seed. The timing of the steps against the instances' work is the machine's, so a replay repeats the
 * schedule, not each interleaving.
 */
class MultiInstanceChaosIT extends RealBrokerTest {

  private static final long SEED = Long.getLong("chaos.seed", new Random().nextLong());
  private static final int PARTITIONS = 4;
  private static final int SYMBOLS = 12;
  private static final int TRADES = 6_000;
  private static final int INVALID_TRADES = 40;
  private static final int BATCHES = 24;
  private static final int MAX_PAUSE_MS = 800;
  /** One batch in this many is followed by an instance started or stopped. */
  private static final int CHANGE_EVERY = 3;
  /**
   * Batches an instance runs at least before it is stopped (and then only once it has run, {@link Instances#awaitRun}):
   * time to start (a child JVM's takes seconds), join and work, so that most stops come in the middle of processing
   * rather than in a rebalance.
   */
  private static final int MIN_BATCHES_UP = 3;
  private static final Instant START = Instant.parse("2026-03-02T14:00:00Z");
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
  /** What Kafka Streams logs when a client starts running: the sign a child JVM has run. */
  private static final String RUNNING_LOGGED = "State transition from REBALANCING to RUNNING";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  /** One step of a round's schedule. */
  private sealed interface Step permits Produce, Pause, Start, Stop {
  }

  /** Writes one batch of the input. */
  private record Produce(int batch) implements Step {
  }

  /** Lets the instances work for a while. */
  private record Pause(long millis) implements Step {
  }

  /**
   * Starts an instance in a slot: in a child JVM or in this one; on the slot's previous state directory, or on a new
   * one (an instance added to replace one removed).
   */
  private record Start(int slot, boolean childJvm, boolean freshState) implements Step {
  }

  /** Stops a slot's instance: kills its child JVM, or closes it cleanly when it runs in this JVM. */
  private record Stop(int slot, boolean kill) implements Step {
  }

  /**
   * The rounds: seed, instances at most, standby replicas per task, store type. Each shape once, so every run covers
   * them all: two instances where the standby of every task is on the other one, three with none and with one; the
   * in-memory stores restored from their changelogs at every start, RocksDB's only after a crash or on a new instance.
   */
  static Stream<Arguments> rounds() {
    System.out.printf("MultiInstanceChaosIT seed %d (replay with -Dchaos.seed=%d)%n", SEED, SEED);
    return Stream.of(Arguments.of(SEED, 2, 1, StreamsAppConfig.STORE_ROCKSDB),
        Arguments.of(SEED + 1, 3, 0, StreamsAppConfig.STORE_IN_MEMORY),
        Arguments.of(SEED + 2, 3, 1, StreamsAppConfig.STORE_ROCKSDB));
  }

  @BeforeEach
  void emptyTopics() {
    StreamsRig.recreateTopics(broker, PARTITIONS);
  }

  @ParameterizedTest(name = "round {index}: seed {0}, {1} instances, {2} standby replicas, {3} stores")
  @MethodSource("rounds")
  void shouldCommitWhatOneRunCommitsWhileInstancesComeAndGo(long seed, int instances, int standbys, String stores)
      throws Exception {
    Random random = new Random(seed);
    List<Trade> valid = new ArrayList<>(TradeScenario.generate(random.nextLong(), TRADES, SYMBOLS, START));
    List<Trade> invalid = new ArrayList<>();
    List<Trade> input = withInvalidTrades(random, valid, invalid);
    input.addAll(TradeScenario.closing(SYMBOLS, START));
    valid.addAll(TradeScenario.closing(SYMBOLS, START));
    List<Step> schedule = schedule(random, instances);
    System.out.printf("round seed %d: %d instances, %d standby replicas, %s stores, %d trades%n", seed, instances,
        standbys, stores, input.size());

    Expected expected = Expected.of(valid, invalid);

    String applicationId = "chaos-" + Long.toUnsignedString(seed);
    Map<String, Object> settings = Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys,
        StreamsAppConfig.STATE_STORE_TYPE_CONFIG, stores);
    try (Instances running = new Instances(applicationId, instances, settings)) {
      List<List<Trade>> batches = batches(input);
      for (Step step : schedule) {
        run(step, running, batches);
      }
      StreamsRig.awaitSettled(broker, applicationId, SETTLE_TIMEOUT);
      running.assertHealthy();
    }

    StreamsRig.assertSameEntries("final bars", StreamsRig.readFinalBars(broker), expected.finals());
    StreamsRig.assertSameInOrder("accepted trades, partition by partition in input order",
        StreamsRig.readTrades(broker), expected.accepted());
    List<DeadLetter> deadLetters = StreamsRig.readDeadLetters(broker);
    StreamsRig.assertSameEntries("dead letters (count)", counts(deadLetters.stream().map(Letter::of).toList()),
        counts(expected.letters()));
    Set<List<Object>> sources = new HashSet<>();
    deadLetters.forEach(letter -> assertThat(sources.add(List.of(letter.getSourceTopic(),
        letter.getSourcePartition(), letter.getSourceOffset()))).as("second dead letter of %s", letter).isTrue());
    assertThat(expected.accepted().size() + deadLetters.size() + expected.copies())
        .as("accepted + dead letters + copies").isEqualTo(input.size());
  }

  /** What the reference makes of the input: final bars, accepted trades, dead letters, copies dropped. */
  private record Expected(Map<ReferenceBars.Key, Bar> finals, List<Trade> accepted, List<Letter> letters,
                          int copies) {
    static Expected of(List<Trade> valid, List<Trade> invalid) {
      List<Trade> accepted = ReferenceBars.accepted(valid, PARTITIONS, StreamsRig.TIMEFRAMES, StreamsRig.GRACE,
          StreamsRig.IDLE);
      List<Trade> late = ReferenceBars.late(valid, PARTITIONS, StreamsRig.TIMEFRAMES, StreamsRig.GRACE,
          StreamsRig.IDLE);
      int copies = valid.size() - accepted.size() - late.size();
      assertThat(copies).as("copies in the scenario").isPositive();
      assertThat(late).as("late trades in the scenario").isNotEmpty();
      List<Letter> letters = new ArrayList<>();
      late.forEach(trade -> letters.add(new Letter(Rejection.Reason.LATE.code(), trade)));
      invalid.forEach(trade -> letters.add(new Letter(Rejection.Reason.SIZE_NOT_POSITIVE.code(), trade)));
      return new Expected(ReferenceBars.finals(valid, PARTITIONS, StreamsRig.TIMEFRAMES, StreamsRig.GRACE,
          StreamsRig.IDLE), accepted, letters, copies);
    }
  }

  private static <T> Map<T, Long> counts(List<T> values) {
    return values.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  /** A dead letter as the reference knows it: why, and the raw trade. */
  private record Letter(String reason, Trade trade) {
    static Letter of(DeadLetter letter) {
      return new Letter(letter.getReasonCode(), StreamsRig.trade(letter.getOriginalValue().array()));
    }
  }

  /**
   * The valid trades with invalid ones (a copy of the trade before it with size 0) put in at random places; the
   * invalid ones also go to {@code invalid}.
   */
  private static List<Trade> withInvalidTrades(Random random, List<Trade> valid, List<Trade> invalid) {
    Set<Integer> after = new HashSet<>();
    while (after.size() < INVALID_TRADES) {
      after.add(random.nextInt(valid.size()));
    }
    List<Trade> input = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      input.add(valid.get(i));
      if (after.contains(i)) {
        Trade sizeZero = Trade.newBuilder(valid.get(i)).setSize(0L).build();
        invalid.add(sizeZero);
        input.add(sizeZero);
      }
    }
    return input;
  }

  private static List<List<Trade>> batches(List<Trade> input) {
    List<List<Trade>> batches = new ArrayList<>();
    int size = (input.size() + BATCHES - 1) / BATCHES;
    for (int from = 0; from < input.size(); from += size) {
      batches.add(input.subList(from, Math.min(input.size(), from + size)));
    }
    return batches;
  }

  /**
   * A schedule: the first instance starts; each batch is written and followed by a short pause, and now and then by
   * an instance started or stopped in a random slot (stopped only once it had time to join and work); one instance at
   * least runs at the end. Drawn again until it kills a child JVM, closes an instance cleanly, restarts a killed one on
   * its state and runs every slot at once.
   */
  private static List<Step> schedule(Random random, int instances) {
    while (true) {
      Schedule schedule = new Schedule(random, instances);
      if (schedule.covers()) {
        return schedule.steps;
      }
    }
  }

  /** The drawing of one schedule. */
  private static final class Schedule {
    private final Random random;
    private final List<Step> steps = new ArrayList<>();
    /** Per slot: null when stopped, else whether its instance runs in a child JVM. */
    private final Boolean[] childJvm;
    /** Per slot: the batch before which its instance started. */
    private final int[] startedAt;
    private final Set<Integer> killed = new HashSet<>();
    private boolean restartedAfterKill;
    private int mostRunning;

    Schedule(Random random, int instances) {
      this.random = random;
      this.childJvm = new Boolean[instances];
      this.startedAt = new int[instances];
      start(0, 0);
      for (int batch = 0; batch < BATCHES; batch++) {
        steps.add(new Produce(batch));
        steps.add(new Pause(random.nextInt(MAX_PAUSE_MS)));
        if (random.nextInt(CHANGE_EVERY) == 0) {
          change(random.nextInt(instances), batch + 1);
        }
      }
      if (running() == 0) {
        start(random.nextInt(instances), BATCHES);
      }
    }

    private void change(int slot, int batch) {
      if (childJvm[slot] == null) {
        start(slot, batch);
      } else if (batch - startedAt[slot] >= MIN_BATCHES_UP) {
        steps.add(new Stop(slot, childJvm[slot]));
        if (childJvm[slot]) {
          killed.add(slot);
        }
        childJvm[slot] = null;
      }
    }

    private void start(int slot, int batch) {
      Start start = new Start(slot, random.nextBoolean(), batch > 0 && random.nextInt(3) == 0);
      restartedAfterKill |= killed.contains(slot) && !start.freshState();
      steps.add(start);
      childJvm[slot] = start.childJvm();
      startedAt[slot] = batch;
      mostRunning = Math.max(mostRunning, running());
    }

    private int running() {
      return (int) Arrays.stream(childJvm).filter(Objects::nonNull).count();
    }

    boolean covers() {
      boolean closed = steps.stream().anyMatch(step -> step instanceof Stop stop && !stop.kill());
      return !killed.isEmpty() && closed && restartedAfterKill && mostRunning == childJvm.length;
    }
  }

  private static void run(Step step, Instances instances, List<List<Trade>> batches) throws Exception {
    if (step instanceof Produce produce) {
      StreamsRig.produce(broker, batches.get(produce.batch()));
    } else if (step instanceof Pause pause) {
      Thread.sleep(pause.millis());
    } else if (step instanceof Start start) {
      log(start);
      instances.start(start);
    } else if (step instanceof Stop stop) {
      instances.awaitRun(stop.slot());
      log(stop);
      instances.stop(stop.slot());
    }
  }

  /** A start or stop, and where it falls in the stream: the trades committed so far. */
  private static void log(Step step) {
    System.out.printf("%tT.%<tL %s after %d trades committed%n", System.currentTimeMillis(), step,
        StreamsRig.read(broker, TickflowTopics.TRADES).size());
  }

  /** A running instance. */
  private interface Instance {
    boolean healthy();

    /** Whether it has been running since it started: joined the group, got its tasks and restored them. */
    boolean hasRun() throws IOException;

    void stop() throws InterruptedException;
  }

  private record ChildJvm(Process process, Path log) implements Instance {
    @Override
    public boolean healthy() {
      return process.isAlive();
    }

    @Override
    public boolean hasRun() throws IOException {
      return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(RUNNING_LOGGED);
    }

    @Override
    public void stop() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
    }
  }

  private record InJvm(StreamsApp app, AtomicBoolean ran) implements Instance {
    static InJvm start(StreamsAppConfig config) {
      AtomicBoolean ran = new AtomicBoolean();
      StreamsApp app = StreamsApp.start(config, (streams, tasks) -> streams.setStateListener((now, before) -> {
        if (now == KafkaStreams.State.RUNNING) {
          ran.set(true);
        }
      }));
      return new InJvm(app, ran);
    }

    @Override
    public boolean healthy() {
      return app.streams().state().isRunningOrRebalancing();
    }

    @Override
    public boolean hasRun() {
      return ran.get();
    }

    @Override
    public void stop() {
      app.close();
    }
  }

  /** The instances of a round by slot; each slot has its state directory, new when an instance starts fresh. */
  private final class Instances implements AutoCloseable {
    private final String applicationId;
    private final Map<String, Object> roundSettings;
    private final Instance[] slots;
    private final int[] stateGeneration;
    private int started;

    Instances(String applicationId, int slots, Map<String, Object> roundSettings) {
      this.applicationId = applicationId;
      this.roundSettings = roundSettings;
      this.slots = new Instance[slots];
      this.stateGeneration = new int[slots];
    }

    void start(Start start) throws IOException {
      if (start.freshState()) {
        stateGeneration[start.slot()]++;
      }
      Path stateDir = workDir.resolve("state-" + start.slot() + "-" + stateGeneration[start.slot()]);
      Map<String, Object> settings = StreamsRig.appSettings(broker, applicationId, stateDir);
      settings.putAll(roundSettings);
      String name = "instance-" + start.slot() + "-" + started++;
      slots[start.slot()] = start.childJvm()
          ? new ChildJvm(StreamsRig.startChildJvm(settings, workDir, name), workDir.resolve(name + ".log"))
          : InJvm.start(new StreamsAppConfig(settings));
    }

    /**
     * Waits until a slot's instance has run, at most {@link #RUN_TIMEOUT}: stopped while it still starts, joins or
     * restores, it would leave the others in rebalances, with little processing to interrupt.
     */
    void awaitRun(int slot) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      while (!slots[slot].hasRun() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (!slots[slot].hasRun()) {
        System.out.printf("  not running after %s%n", RUN_TIMEOUT);
      }
    }

    void stop(int slot) throws InterruptedException {
      slots[slot].stop();
      slots[slot] = null;
    }

    /** Fails when an instance stopped on its own: a child JVM exited, an in-JVM client shut down on an error. */
    void assertHealthy() {
      for (int slot = 0; slot < slots.length; slot++) {
        assertThat(slots[slot] == null || slots[slot].healthy()).as("instance in slot %d (logs in %s)", slot,
            workDir).isTrue();
      }
    }

    @Override
    public void close() throws InterruptedException {
      for (int slot = 0; slot < slots.length; slot++) {
        if (slots[slot] != null) {
          stop(slot);
        }
      }
    }
  }
}
