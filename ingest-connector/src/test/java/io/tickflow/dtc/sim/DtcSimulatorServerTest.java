package io.tickflow.dtc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.Logoff;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskFloatWithMicroseconds;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAskV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeCompact;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeV2;
import io.tickflow.dtc.codec.message.MarketDataUpdateTradeWithUnbundledIndicator2;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.MarketDepthRequest;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevelV2;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import io.tickflow.dtc.codec.message.SecurityDefinitionReject;
import io.tickflow.dtc.codec.message.SecurityDefinitionResponse;
import io.tickflow.dtc.sim.RawDtcClient.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The simulator as a server for clients that are not Tickflow's: raw-socket clients, well-behaved and not, talk
 * to one simulator at once, and each gets what docs/dtc.md and the DTC protocol notes say a server answers. Two
 * watchers subscribe and only read; every scenario runs once per seed in its own thread (in binary or JSON,
 * with its symbols, SymbolIDs, cut points and message splits drawn from the seed), plus a few drawn again. The
 * watchers must keep receiving updates all along, and no connection or thread may outlive its client.
 *
 * <p>The seed is printed; rerun one with {@code -Ddtc.sim.seed=<seed>}.
 */
class DtcSimulatorServerTest {
  private static final long START_MICROS = 1_700_000_000_000_000L;
  private static final int EVENTS_PER_SECOND = 4000;
  private static final Duration ANSWER = RawDtcClient.ANSWER;
  /** The longest a watcher may go without an update while the others misbehave (a few ms is typical). */
  private static final Duration UPDATE_GAP_BOUND = Duration.ofSeconds(3);
  /** How long the client that stops reading holds on: the server's buffers for it fill in the first second. */
  private static final Duration STALL = Duration.ofSeconds(6);
  private static final Set<Integer> UPDATE_TYPES = Set.of(MarketDataUpdateTrade.TYPE,
      MarketDataUpdateTradeCompact.TYPE, MarketDataUpdateTradeWithUnbundledIndicator2.TYPE,
      MarketDataUpdateTradeV2.TYPE, MarketDataUpdateBidAsk.TYPE, MarketDataUpdateBidAskCompact.TYPE,
      MarketDataUpdateBidAskFloatWithMicroseconds.TYPE, MarketDataUpdateBidAskV2.TYPE);
  private static final Set<Integer> DEPTH_TYPES = Set.of(MarketDepthSnapshotLevel.TYPE, MarketDepthUpdateLevel.TYPE,
      MarketDepthUpdateLevelV2.TYPE);
  private static final List<Instrument> INSTRUMENTS = Instrument.defaults();

  /** What one scenario knows: where to connect, its randomness, and every client it opens (checked at the end). */
  record Ctx(String name, int port, int historyPort, boolean separateHistory, Random random,
             List<RawDtcClient> clients) {
    RawDtcClient connect(int toPort) {
      return register(new RawDtcClient(name + "-" + clients.size(), toPort, random));
    }

    RawDtcClient register(RawDtcClient client) {
      clients.add(client);
      return client;
    }

    <T> T pick(List<T> from) {
      return from.get(random.nextInt(from.size()));
    }
  }

  @FunctionalInterface
  interface Script {
    void run(Ctx ctx) throws Exception;
  }

  /** Each misbehaviour (and each well-formed request kind) and what the server must answer to it. */
  enum Scenario {
    UNKNOWN_SYMBOL(DtcSimulatorServerTest::unknownSymbol),
    SUBSCRIBE_UNSUBSCRIBE(DtcSimulatorServerTest::subscribeUnsubscribe),
    SYMBOL_ID_REUSE(DtcSimulatorServerTest::symbolIdReuse),
    SYMBOL_ID_ZERO(DtcSimulatorServerTest::symbolIdZero),
    SECURITY_DEFINITIONS(DtcSimulatorServerTest::securityDefinitions),
    LOGON_WRONG_VERSION(DtcSimulatorServerTest::logonWrongVersion),
    LOGON_MISSING_FIELDS(DtcSimulatorServerTest::logonMissingFields),
    LOGON_TWICE(DtcSimulatorServerTest::logonTwice),
    REQUESTS_BEFORE_LOGON(DtcSimulatorServerTest::requestsBeforeLogon),
    HEARTBEATS(DtcSimulatorServerTest::heartbeats),
    UNSUPPORTED_ENCODING(DtcSimulatorServerTest::unsupportedEncoding),
    HISTORICAL(DtcSimulatorServerTest::historical),
    HUGE_DEPTH(DtcSimulatorServerTest::hugeDepth),
    SIZE_BELOW_HEADER(DtcSimulatorServerTest::sizeBelowHeader),
    SIZE_BEYOND_STRUCT(DtcSimulatorServerTest::sizeBeyondStruct),
    SIZE_SHORT_OF_STRUCT(DtcSimulatorServerTest::sizeShortOfStruct),
    UNKNOWN_TYPE(DtcSimulatorServerTest::unknownType),
    JSON_GARBAGE(DtcSimulatorServerTest::jsonGarbage),
    LOGOFF(DtcSimulatorServerTest::logoff),
    DISCONNECT_MID_FRAME(DtcSimulatorServerTest::disconnectMidFrame),
    STALLED_READER(DtcSimulatorServerTest::stalledReader);

    private final Script script;

    Scenario(Script script) {
      this.script = script;
    }
  }

  /** A well-behaved client that subscribes and reads all along. */
  record Watcher(RawDtcClient client, Map<Long, String> symbolIds) {
  }

  @Test
  void shouldAnswerEveryClientByTheProtocolAndKeepServingTheOthersWhateverOneDoes() throws Exception {
    final long seed = Long.getLong("dtc.sim.seed", System.nanoTime());
    System.out.println("DtcSimulatorServerTest seed " + seed + " (rerun with -Ddtc.sim.seed=" + seed + ")");
    // Mixed first: java.util.Random's first draws for nearby seeds (1, 2, 3...) are nearly the same.
    final Random random = new Random(new SplittableRandom(seed).nextLong());
    final boolean separateHistory = random.nextBoolean();
    final SimulatorConfig.WireFormat format = SimulatorConfig.WireFormat.values()[
        random.nextInt(SimulatorConfig.WireFormat.values().length)];
    final Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    final List<RawDtcClient> clients = Collections.synchronizedList(new ArrayList<>());
    final DtcSimulator simulator = new DtcSimulator(SimulatorConfig.defaults(seed, START_MICROS)
        .withRate(EVENTS_PER_SECOND).withFormat(format).withHistoryCapacity(4096)
        .withHistoricalPort(separateHistory ? 0 : SimulatorConfig.HISTORY_ON_MARKET_DATA_PORT));
    try {
      final int port = simulator.start();
      final int historyPort = separateHistory ? simulator.historicalPort() : port;
      System.out.println("  format " + format + ", history on " + (separateHistory ? "its own port" : "the port"));
      final List<Watcher> watchers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        watchers.add(watcher(new Ctx("watcher" + i, port, historyPort, separateHistory, new Random(random.nextLong()),
            clients)));
      }

      final List<Scenario> scenarios = new ArrayList<>(List.of(Scenario.values()));
      for (int extra = 0; extra < 4; extra++) {
        scenarios.add(Scenario.values()[random.nextInt(Scenario.values().length)]);
      }
      Collections.shuffle(scenarios, random);
      System.out.println("  scenarios " + scenarios);
      final long phaseStart = System.nanoTime();
      runConcurrently(scenarios, port, historyPort, separateHistory, seed, random, clients);
      final long phaseEnd = System.nanoTime();

      for (Watcher watcher : watchers) {
        checkWatcher(watcher, phaseStart, phaseEnd);
      }
      synchronized (clients) {
        assertThat(clients).allSatisfy(c -> assertThat(c.readError()).as(c.name() + " read").isNull());
        clients.forEach(RawDtcClient::close);
      }
      await("connections closed").atMost(ANSWER).until(() -> simulator.connections() == 0);
    } finally {
      simulator.close();
      for (RawDtcClient client : clients) {
        client.close();
        client.awaitReaderEnd();
      }
    }
    await("no thread left behind").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !threadsBefore.contains(t) && t.isAlive() && !t.getName().startsWith("awaitility")))
            .extracting(Thread::getName).isEmpty());
  }

  private static void runConcurrently(List<Scenario> scenarios, int port, int historyPort, boolean separateHistory,
                                      long seed, Random random, List<RawDtcClient> clients) throws Exception {
    final ExecutorService pool = Executors.newFixedThreadPool(scenarios.size());
    try {
      final Map<String, Future<?>> running = new LinkedHashMap<>();
      for (int i = 0; i < scenarios.size(); i++) {
        final Scenario scenario = scenarios.get(i);
        final Ctx ctx = new Ctx(scenario + "#" + i, port, historyPort, separateHistory, new Random(random.nextLong()),
            clients);
        running.put(ctx.name(), pool.submit(() -> {
          final long start = System.nanoTime();
          scenario.script.run(ctx);
          System.out.println("  " + ctx.name() + " done in " + (System.nanoTime() - start) / 1_000_000 + " ms");
          return null;
        }));
      }
      final List<String> failures = new ArrayList<>();
      final AssertionError failed = new AssertionError("scenarios failed (seed " + seed + ")");
      for (Map.Entry<String, Future<?>> entry : running.entrySet()) {
        try {
          entry.getValue().get(25, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failures.add(entry.getKey() + ": " + e.getCause().getMessage());
          failed.addSuppressed(e.getCause());
        } catch (TimeoutException e) {
          failures.add(entry.getKey() + ": still running after 25 s");
        }
      }
      // Every failure, not the first only: one seed's run is the whole picture.
      if (!failures.isEmpty()) {
        throw new AssertionError("scenarios failed (seed " + seed + "):\n  " + String.join("\n  ", failures),
            failed);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  // --- the watchers ---

  private static Watcher watcher(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    negotiate(ctx, client);
    final LogonResponse logon = client.logon(30);
    assertThat(logon.result()).isEqualTo(1);
    assertThat(logon.historicalPriceDataSupported()).isEqualTo(ctx.separateHistory() ? 0 : 1);
    final Map<Long, String> ids = new LinkedHashMap<>();
    for (String symbol : distinctSymbols(ctx, 2)) {
      final long id = symbolId(ctx, ids.keySet());
      ids.put(id, symbol);
      client.subscribe(id, symbol);
    }
    for (long id : ids.keySet()) {
      awaitUpdates(client, id, 0, 5);
    }
    return new Watcher(client, ids);
  }

  private static void checkWatcher(Watcher watcher, long phaseStart, long phaseEnd) {
    final RawDtcClient client = watcher.client();
    assertThat(client.closedByServer()).as(client.name() + " closed").isFalse();
    final List<Received> all = client.received();
    for (long id : watcher.symbolIds().keySet()) {
      final List<Received> ofId = all.stream().filter(m -> m.symbolId() == id).toList();
      assertThat(ofId.get(0).type()).as("first message for a subscription").isEqualTo(MarketDataSnapshot.TYPE);
      assertThat(ofId.subList(1, ofId.size())).extracting(Received::type).allMatch(UPDATE_TYPES::contains);
    }
    assertThat(all).filteredOn(m -> m.symbolId() >= 0).extracting(Received::symbolId)
        .allMatch(watcher.symbolIds()::containsKey);
    long previous = phaseStart;
    long longestGap = 0;
    for (Received m : all) {
      if (UPDATE_TYPES.contains(m.type()) && m.arrivalNanos() > phaseStart && m.arrivalNanos() <= phaseEnd) {
        longestGap = Math.max(longestGap, m.arrivalNanos() - previous);
        previous = m.arrivalNanos();
      }
    }
    longestGap = Math.max(longestGap, phaseEnd - previous);
    assertThat(Duration.ofNanos(longestGap)).as(client.name() + ": longest time without an update while others "
        + "misbehaved").isLessThan(UPDATE_GAP_BOUND);
    final int before = all.size();
    await(client.name() + " still served").atMost(ANSWER).until(() -> client.received().size() > before + 100);
  }

  // --- scenarios ---

  private static void unknownSymbol(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final String symbol = "NOPE" + ctx.random().nextInt(1000);
    final long id = symbolId(ctx, Set.of());
    client.subscribe(id, symbol);
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(id).symbol(symbol).numLevels(5));
    final MarketDataReject reject = client.awaitMessage("reject of " + symbol,
        m -> m.type() == MarketDataReject.TYPE && m.symbolId() == id).as(new MarketDataReject());
    assertThat(reject.rejectText()).contains(symbol);
    assertThat(client.awaitMessage("depth reject", m -> m.type() == MarketDepthReject.TYPE && m.symbolId() == id)
        .as(new MarketDepthReject()).rejectText()).isNotBlank();
    barrier(ctx, client);
    assertThat(client.received()).filteredOn(m -> m.symbolId() == id).extracting(Received::type)
        .containsExactly(MarketDataReject.TYPE, MarketDepthReject.TYPE);
    client.close();
  }

  private static void subscribeUnsubscribe(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final List<String> symbols = distinctSymbols(ctx, 2);
    final long kept = symbolId(ctx, Set.of());
    final long dropped = symbolId(ctx, Set.of(kept));
    client.subscribe(kept, symbols.get(0));
    client.subscribe(dropped, symbols.get(1));
    final boolean depth = ctx.random().nextBoolean();
    if (depth) {
      client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(dropped).symbol(symbols.get(1))
          .numLevels(1 + ctx.random().nextInt(5)));
    }
    awaitUpdates(client, kept, 0, 3);
    awaitUpdates(client, dropped, 0, 3);
    client.send(new MarketDataRequest(), m -> m.requestAction(2).symbolId(dropped));
    if (depth) {
      client.send(new MarketDepthRequest(), m -> m.requestAction(2).symbolId(dropped));
    }
    final int after = barrier(ctx, client);
    awaitUpdates(client, kept, after, 20);
    assertThat(since(client, after))
        .as("messages for SymbolID %d after its unsubscribe", dropped)
        .noneMatch(m -> m.symbolId() == dropped);
    if (ctx.random().nextBoolean()) { // an ID unsubscribed is free for another symbol
      final String other = INSTRUMENTS.stream().map(Instrument::symbol).filter(s -> !symbols.contains(s)).findAny()
          .orElseThrow();
      client.subscribe(dropped, other);
      awaitUpdates(client, dropped, after, 3);
      assertThat(since(client, after)).filteredOn(m -> m.symbolId() == dropped).first().extracting(Received::type)
          .isEqualTo(MarketDataSnapshot.TYPE);
    }
    client.close();
  }

  /** SymbolIDs are the client's: one symbol under two IDs, or one ID for two symbols, is refused. */
  private static void symbolIdReuse(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final List<String> symbols = distinctSymbols(ctx, 2);
    final long first = symbolId(ctx, Set.of());
    client.subscribe(first, symbols.get(0));
    awaitUpdates(client, first, 0, 1);
    final long second = symbolId(ctx, Set.of(first));
    if (ctx.random().nextBoolean()) {
      client.subscribe(second, symbols.get(0));
      assertThat(client.awaitMessage("reject of a second SymbolID for " + symbols.get(0),
          m -> m.type() == MarketDataReject.TYPE && m.symbolId() == second).as(new MarketDataReject()).rejectText())
          .isNotBlank();
      final int after = barrier(ctx, client);
      awaitUpdates(client, first, after, 5);
      assertThat(client.received()).noneMatch(m -> m.symbolId() == second && m.type() != MarketDataReject.TYPE);
    } else {
      client.subscribe(first, symbols.get(1));
      assertThat(client.awaitMessage("reject of SymbolID " + first + " for a second symbol",
          m -> m.type() == MarketDataReject.TYPE && m.symbolId() == first).as(new MarketDataReject()).rejectText())
          .isNotBlank();
      final int after = barrier(ctx, client);
      awaitUpdates(client, first, after, 5);
      assertThat(client.received(MarketDataSnapshot.TYPE)).as("snapshots: one per accepted subscription").hasSize(1);
    }
    client.close();
  }

  /** SymbolID 0 is DTC's "unset": refused for market data and depth, and the session goes on. */
  private static void symbolIdZero(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final String symbol = ctx.pick(INSTRUMENTS).symbol();
    client.subscribe(0, symbol);
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(0).symbol(symbol).numLevels(2));
    client.awaitMessage("market data reject of SymbolID 0", m -> m.type() == MarketDataReject.TYPE);
    client.awaitMessage("depth reject of SymbolID 0", m -> m.type() == MarketDepthReject.TYPE);
    final long id = symbolId(ctx, Set.of());
    client.subscribe(id, symbol);
    awaitUpdates(client, id, barrier(ctx, client), 3);
    assertThat(client.received()).filteredOn(m -> UPDATE_TYPES.contains(m.type()) || DEPTH_TYPES.contains(m.type()))
        .allMatch(m -> m.symbolId() == id);
    client.close();
  }

  private static void securityDefinitions(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final Instrument instrument = ctx.pick(INSTRUMENTS);
    final int known = ctx.random().nextInt(1_000_000);
    final int unknown = known + 1;
    client.send(new SecurityDefinitionForSymbolRequest(), m -> m.requestId(known).symbol(instrument.symbol())
        .exchange(instrument.exchange()));
    client.send(new SecurityDefinitionForSymbolRequest(), m -> m.requestId(unknown).symbol("NOPE"));
    final SecurityDefinitionResponse definition = client.awaitMessage("definition",
        m -> m.type() == SecurityDefinitionResponse.TYPE
            && m.as(new SecurityDefinitionResponse()).requestId() == known).as(new SecurityDefinitionResponse());
    assertThat(definition.symbol()).isEqualTo(instrument.symbol());
    assertThat(definition.exchange()).isEqualTo(instrument.exchange());
    assertThat(definition.minPriceIncrement()).isEqualTo((float) instrument.tickSize());
    assertThat(definition.priceDisplayFormat()).isEqualTo(instrument.priceDisplayFormat());
    assertThat(definition.isFinalMessage()).isEqualTo(1);
    assertThat(client.awaitMessage("definition reject", m -> m.type() == SecurityDefinitionReject.TYPE
        && m.as(new SecurityDefinitionReject()).requestId() == unknown).as(new SecurityDefinitionReject())
        .rejectText()).contains("NOPE");
    client.close();
  }

  /** The notes name no version check; whatever the answer, it is a LOGON_RESPONSE, and the session follows it. */
  private static void logonWrongVersion(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    negotiate(ctx, client);
    final int version = ctx.pick(List.of(0, 1, 7, 9, 1000, -1));
    client.send(new LogonRequest(), m -> m.protocolVersion(version).heartbeatIntervalInSeconds(30));
    final LogonResponse response = client.awaitMessage("logon response",
        m -> m.type() == LogonResponse.TYPE).as(new LogonResponse());
    if (response.result() == 1) {
      expectService(ctx, client);
    } else {
      assertThat(response.resultText()).isNotBlank();
      await(ctx.name() + " closed after refusal").atMost(ANSWER).until(client::closedByServer);
    }
    client.close();
  }

  /** A LOGON_REQUEST whose Size leaves fields out: they read as the header's defaults (interval 0: the server's). */
  private static void logonMissingFields(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    if (ctx.random().nextBoolean()) {
      client.encoding(DtcEncoding.JSON.code(), DtcEncoding.JSON);
      client.sendRaw("{\"Type\":1}\0".getBytes(StandardCharsets.UTF_8));
    } else {
      final byte[] full = client.build(new LogonRequest(), m -> m.username("abc").heartbeatIntervalInSeconds(30));
      final int size = 4 + ctx.random().nextInt(LogonRequest.HEARTBEAT_INTERVAL_IN_SECONDS_OFFSET - 4);
      client.sendRaw(withSize(Arrays.copyOf(full, size), size));
    }
    final LogonResponse response = client.awaitMessage("logon response",
        m -> m.type() == LogonResponse.TYPE).as(new LogonResponse());
    assertThat(response.result()).isEqualTo(1);
    await(ctx.name() + " heartbeats at the server's interval").atMost(ANSWER)
        .until(() -> client.received(Heartbeat.TYPE).size() >= 1);
    expectService(ctx, client);
    client.close();
  }

  /**
   * A second logon is answered, and the session still works with one heartbeat timer: a second one running
   * beside the first doubled the heartbeats and outlived the connection.
   */
  private static void logonTwice(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    negotiate(ctx, client);
    client.logon(1);
    client.send(new LogonRequest(), m -> m.username("again").heartbeatIntervalInSeconds(1));
    await(ctx.name() + " second logon response").atMost(ANSWER)
        .until(() -> client.received(LogonResponse.TYPE).size() == 2);
    final List<Received> responses = client.received(LogonResponse.TYPE);
    final long secondAt = responses.get(1).arrivalNanos();
    assertThat(responses).extracting(r -> r.as(new LogonResponse()).result()).containsOnly(1);
    await(ctx.name() + " one heartbeat a second").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
        .until(() -> heartbeatsSince(client, secondAt) <= 4);
    expectService(ctx, client);
    client.close();
  }

  /** LOGON_REQUEST comes first: market data asked for before it is refused, and stays refused after logon. */
  private static void requestsBeforeLogon(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    negotiate(ctx, client);
    final String symbol = ctx.pick(INSTRUMENTS).symbol();
    final long early = symbolId(ctx, Set.of());
    client.subscribe(early, symbol);
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(early).symbol(symbol).numLevels(3));
    assertThat(client.awaitMessage("reject before logon",
        m -> m.type() == MarketDataReject.TYPE && m.symbolId() == early).as(new MarketDataReject()).rejectText())
        .isNotBlank();
    client.awaitMessage("depth reject before logon",
        m -> m.type() == MarketDepthReject.TYPE && m.symbolId() == early);
    client.logon(30);
    final long later = symbolId(ctx, Set.of(early));
    client.subscribe(later, symbol);
    awaitUpdates(client, later, 0, 20);
    assertThat(client.received()).filteredOn(m -> m.symbolId() == early).extracting(Received::type)
        .containsOnly(MarketDataReject.TYPE, MarketDepthReject.TYPE);
    client.close();
  }

  private static void heartbeats(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    negotiate(ctx, client);
    client.logon(1);
    for (int i = 0; i < 3; i++) {
      client.send(new Heartbeat(), m -> m.currentDateTime(System.currentTimeMillis() / 1000));
    }
    await(ctx.name() + " heartbeats").atMost(ANSWER).until(() -> client.received(Heartbeat.TYPE).size() >= 2);
    assertThat(client.closedByServer()).isFalse();
    client.close();
  }

  /** Any encoding but JSON and BINARY, defined or not, is answered with BINARY, and the session goes on. */
  private static void unsupportedEncoding(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    client.encoding(ctx.pick(List.of(1, 3, 4, 5, 99, -1)), DtcEncoding.BINARY);
    client.logon(30);
    expectService(ctx, client);
    client.close();
  }

  private static void historical(Ctx ctx) {
    final String symbol = ctx.pick(INSTRUMENTS).symbol();
    final RawDtcClient client = ctx.connect(ctx.historyPort());
    negotiate(ctx, client);
    final LogonResponse logon = client.logon(30);
    assertThat(logon.historicalPriceDataSupported()).isEqualTo(1);
    assertThat(logon.oneHistoricalPriceDataRequestPerConnection()).isEqualTo(ctx.separateHistory() ? 1 : 0);
    if (ctx.separateHistory()) {
      final long id = symbolId(ctx, Set.of());
      client.subscribe(id, symbol);
      client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(id).symbol(symbol).numLevels(2));
      client.awaitMessage("no market data on the historical port",
          m -> m.type() == MarketDataReject.TYPE && m.symbolId() == id);
      client.awaitMessage("no depth on the historical port",
          m -> m.type() == MarketDepthReject.TYPE && m.symbolId() == id);
    }
    final int requestId = 1 + ctx.random().nextInt(1_000_000);
    client.send(new HistoricalPriceDataRequest(), m -> m.requestId(requestId).symbol(symbol).recordInterval(0));
    final HistoricalPriceDataResponseHeader header = client.awaitMessage("historical header",
        m -> m.type() == HistoricalPriceDataResponseHeader.TYPE).as(new HistoricalPriceDataResponseHeader());
    assertThat(header.requestId()).isEqualTo(requestId);
    if (header.noRecordsToReturn() == 0) {
      client.awaitMessage("final record", m -> m.type() == HistoricalPriceDataTickRecordResponse.TYPE
          && m.as(new HistoricalPriceDataTickRecordResponse()).isFinalRecord() == 1);
      final List<Received> ticks = client.received(HistoricalPriceDataTickRecordResponse.TYPE);
      assertThat(ticks).extracting(t -> t.as(new HistoricalPriceDataTickRecordResponse()).requestId())
          .containsOnly(requestId);
      assertThat(ticks.subList(0, ticks.size() - 1))
          .noneMatch(t -> t.as(new HistoricalPriceDataTickRecordResponse()).isFinalRecord() == 1);
    }
    if (ctx.separateHistory()) {
      await(ctx.name() + " closed after one request").atMost(ANSWER).until(client::closedByServer);
      historyOnTheMarketDataPort(ctx, symbol);
    }
    client.close();

    final RawDtcClient second = ctx.connect(ctx.historyPort());
    second.logon(30);
    second.send(new HistoricalPriceDataRequest(), m -> m.requestId(requestId + 1).symbol("NOPE"));
    assertThat(second.awaitMessage("historical reject", m -> m.type() == HistoricalPriceDataReject.TYPE)
        .as(new HistoricalPriceDataReject())).satisfies(r -> {
          assertThat(r.requestId()).isEqualTo(requestId + 1);
          assertThat(r.rejectText()).contains("NOPE");
        });
    second.close();
  }

  /** NumLevels beyond what is served (up to 2^31 - 1): one batch of the maximum a side, first and last flagged. */
  private static void hugeDepth(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final long id = symbolId(ctx, Set.of());
    final int levels = ctx.pick(List.of(SimSession.MAX_DEPTH_LEVELS + 1, 50_000, 1 << 30, Integer.MAX_VALUE));
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(id).symbol(ctx.pick(INSTRUMENTS).symbol())
        .numLevels(levels));
    client.awaitMessage("last snapshot level of " + levels, m -> m.type() == MarketDepthSnapshotLevel.TYPE
        && m.as(new MarketDepthSnapshotLevel()).isLastMessageInBatch() == 1);
    final List<Received> batch = client.received(MarketDepthSnapshotLevel.TYPE);
    assertThat(batch).hasSize(2 * SimSession.MAX_DEPTH_LEVELS);
    assertThat(batch.get(0).as(new MarketDepthSnapshotLevel()).isFirstMessageInBatch()).isEqualTo(1);
    client.close();
  }

  /** A Size below the 4-byte header cannot be framed past: the server closes the connection. */
  private static void sizeBelowHeader(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    if (ctx.random().nextBoolean()) {
      client.logon(30);
    }
    final int type = ctx.pick(List.of(MarketDataRequest.TYPE, LogonRequest.TYPE, 0, 65535));
    client.sendRaw(new byte[] {(byte) ctx.random().nextInt(4), 0, (byte) type, (byte) (type >> 8)});
    await(ctx.name() + " closed").atMost(ANSWER).until(client::closedByServer);
  }

  /** A Size beyond the struct (a newer peer's message): the extra bytes are skipped and the request is served. */
  private static void sizeBeyondStruct(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    client.logon(30);
    final long id = symbolId(ctx, Set.of());
    final String symbol = ctx.pick(INSTRUMENTS).symbol();
    final byte[] request = client.build(new MarketDataRequest(), m -> m.requestAction(1).symbolId(id).symbol(symbol));
    final int size = request.length + ctx.random().nextInt(0xFFFF - request.length + 1);
    client.sendRaw(withSize(Arrays.copyOf(request, size), size));
    awaitUpdates(client, id, 0, 5);
    client.close();
  }

  /** A Size short of the struct: the missing fields are the defaults (here no symbol: an unknown symbol). */
  private static void sizeShortOfStruct(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    client.logon(30);
    final long id = symbolId(ctx, Set.of());
    final byte[] request = client.build(new MarketDataRequest(), m -> m.requestAction(1).symbolId(id).symbol("ESZ6"));
    // Up to SymbolID and at most 3 chars of the symbol: none, or an unknown symbol cut from "ESZ6".
    final int size = MarketDataRequest.SYMBOL_OFFSET + ctx.random().nextInt(4);
    client.sendRaw(withSize(Arrays.copyOf(request, size), size));
    assertThat(client.awaitMessage("reject of a request without symbol",
        m -> m.type() == MarketDataReject.TYPE && m.symbolId() == id).as(new MarketDataReject()).rejectText())
        .isNotBlank();
    expectService(ctx, client);
    client.close();
  }

  /** Messages of unknown type are skipped by their Size (binary) or terminator (JSON); the session goes on. */
  private static void unknownType(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    final boolean json = negotiate(ctx, client);
    for (int i = 1 + ctx.random().nextInt(3); i > 0; i--) {
      final int type = ctx.pick(List.of(0, 4, 999, 9999, 65535));
      if (json) {
        client.sendRaw(("{\"Type\":" + type + ",\"Foo\":[1,2]}\0").getBytes(StandardCharsets.UTF_8));
      } else {
        final int size = 4 + ctx.random().nextInt(300);
        final byte[] frame = new byte[size];
        ctx.random().nextBytes(frame);
        frame[2] = (byte) type;
        frame[3] = (byte) (type >> 8);
        client.sendRaw(withSize(frame, size));
      }
    }
    assertThat(client.logon(30).result()).isEqualTo(1);
    expectService(ctx, client);
    client.close();
  }

  /** Text that is not a JSON message cannot be converted: the server closes the connection. */
  private static void jsonGarbage(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    client.encoding(DtcEncoding.JSON.code(), DtcEncoding.JSON);
    if (ctx.random().nextBoolean()) {
      client.logon(30);
    }
    client.sendRaw(ctx.pick(List.of("{not json", "[1,2]", "{\"Type\":\"x\"}", "\"Type\"")).concat("\0")
        .getBytes(StandardCharsets.UTF_8));
    await(ctx.name() + " closed").atMost(ANSWER).until(client::closedByServer);
  }

  /** LOGOFF from either side ends the session: the server closes the connection. */
  private static void logoff(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final long id = symbolId(ctx, Set.of());
    client.subscribe(id, ctx.pick(INSTRUMENTS).symbol());
    awaitUpdates(client, id, 0, 3);
    client.send(new Logoff(), m -> m.reason("done").doNotReconnect(1));
    await(ctx.name() + " closed after LOGOFF").atMost(ANSWER).until(client::closedByServer);
  }

  /** A client that dies mid-frame (a reset, not a close) takes only its own session with it. */
  private static void disconnectMidFrame(Ctx ctx) {
    final RawDtcClient client = loggedOn(ctx);
    final long id = symbolId(ctx, Set.of());
    final String symbol = ctx.pick(INSTRUMENTS).symbol();
    client.subscribe(id, symbol);
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(id).symbol(symbol).numLevels(10));
    awaitUpdates(client, id, 0, 10);
    final byte[] next = client.build(new MarketDataRequest(), m -> m.requestAction(1).symbolId(id + 1)
        .symbol(ctx.pick(INSTRUMENTS).symbol()));
    client.sendRaw(Arrays.copyOf(next, 1 + ctx.random().nextInt(next.length - 1)));
    client.abort();
  }

  /** A client that subscribes to everything, depth too, and stops reading for seconds. */
  private static void stalledReader(Ctx ctx) {
    final RawDtcClient client = ctx.register(new RawDtcClient(ctx.name() + "-stalled", ctx.port(), ctx.random(),
        4096, false));
    client.send(new LogonRequest(), m -> m.heartbeatIntervalInSeconds(30));
    // Depth snapshots asked for again and again (~11 kB each) fill its socket and the server's buffer for it at
    // once, whatever the market's rate; from then on the market must go on for the others.
    for (int request = 0; request < 60; request++) {
      for (int i = 0; i < INSTRUMENTS.size(); i++) {
        final long symbolId = i + 1;
        final String symbol = INSTRUMENTS.get(i).symbol();
        if (request == 0) {
          client.subscribe(symbolId, symbol);
        }
        client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(symbolId).symbol(symbol)
            .numLevels(SimSession.MAX_DEPTH_LEVELS));
      }
    }
    await(ctx.name() + " stalled").during(STALL).atMost(STALL.plusSeconds(1)).until(() -> true);
    client.abort();
  }

  // --- helpers ---

  /** A client on the market-data port, in the encoding the seed says, logged on. */
  /** With a historical port of its own, the market-data port refuses history naming that port, and goes on. */
  private static void historyOnTheMarketDataPort(Ctx ctx, String symbol) {
    final RawDtcClient client = loggedOn(ctx);
    final int requestId = 1 + ctx.random().nextInt(1_000_000);
    client.send(new HistoricalPriceDataRequest(), m -> m.requestId(requestId).symbol(symbol).recordInterval(0));
    assertThat(client.awaitMessage("historical reject on the market-data port",
        m -> m.type() == HistoricalPriceDataReject.TYPE).as(new HistoricalPriceDataReject())).satisfies(r -> {
          assertThat(r.requestId()).isEqualTo(requestId);
          assertThat(r.rejectText()).contains(Integer.toString(ctx.historyPort()));
        });
    barrier(ctx, client);
    assertThat(client.received(HistoricalPriceDataTickRecordResponse.TYPE)).isEmpty();
    client.close();
  }

  private static RawDtcClient loggedOn(Ctx ctx) {
    final RawDtcClient client = ctx.connect(ctx.port());
    negotiate(ctx, client);
    client.logon(30);
    return client;
  }

  /** Asks for JSON or stays binary, as the seed says. @return whether the session is JSON */
  private static boolean negotiate(Ctx ctx, RawDtcClient client) {
    final boolean json = ctx.random().nextBoolean();
    if (json) {
      client.encoding(DtcEncoding.JSON.code(), DtcEncoding.JSON);
    }
    return json;
  }



  /** A fresh subscription is served: a snapshot first, then updates. */
  private static void expectService(Ctx ctx, RawDtcClient client) {
    final Set<Long> used = client.received().stream().map(Received::symbolId).collect(Collectors.toSet());
    final long id = symbolId(ctx, used);
    client.subscribe(id, ctx.pick(INSTRUMENTS).symbol());
    awaitUpdates(client, id, 0, 3);
  }

  /** Waits for {@code count} updates of a SymbolID after message {@code from}; its first message is the snapshot. */
  private static void awaitUpdates(RawDtcClient client, long id, int from, int count) {
    await(client.name() + " updates for SymbolID " + id).atMost(ANSWER).until(() -> since(client, from).stream()
        .filter(m -> m.symbolId() == id && UPDATE_TYPES.contains(m.type())).count() >= count);
    final List<Received> ofId = client.received().stream()
        .filter(m -> m.symbolId() == id && !DEPTH_TYPES.contains(m.type())).toList();
    assertThat(ofId.get(0).type()).as("first message for SymbolID " + id).isEqualTo(MarketDataSnapshot.TYPE);
  }

  /**
   * A security definition asked for and answered: the server answers in order, so whatever it sent for the messages
   * before it has arrived. @return the answer's index in what the client received
   */
  private static int barrier(Ctx ctx, RawDtcClient client) {
    final int requestId = 2_000_000 + ctx.random().nextInt(1_000_000);
    client.send(new SecurityDefinitionForSymbolRequest(), m -> m.requestId(requestId).symbol("ESZ6"));
    final Received answer = client.awaitMessage("barrier", m -> m.type() == SecurityDefinitionResponse.TYPE
        && m.as(new SecurityDefinitionResponse()).requestId() == requestId);
    return client.received().indexOf(answer);
  }

  /** What the client received from message {@code index} on (one copy: the list grows meanwhile). */
  private static List<Received> since(RawDtcClient client, int index) {
    final List<Received> all = client.received();
    return all.subList(index, all.size());
  }

  private static long heartbeatsSince(RawDtcClient client, long nanos) {
    return client.received(Heartbeat.TYPE).stream().filter(h -> h.arrivalNanos() > nanos).count();
  }

  /** A random uint32 SymbolID, high bit included, not 0 and not in {@code used}. */
  private static long symbolId(Ctx ctx, Set<Long> used) {
    long id;
    do {
      id = 1 + Math.floorMod(ctx.random().nextLong(), 0xFFFF_FFFEL);
    } while (used.contains(id));
    return id;
  }

  private static List<String> distinctSymbols(Ctx ctx, int count) {
    final List<String> symbols = new ArrayList<>(INSTRUMENTS.stream().map(Instrument::symbol).toList());
    Collections.shuffle(symbols, ctx.random());
    return List.copyOf(symbols.subList(0, count));
  }

  private static byte[] withSize(byte[] frame, int size) {
    frame[0] = (byte) size;
    frame[1] = (byte) (size >> 8);
    return frame;
  }
}
