package io.tickflow.dtc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.Logoff;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDataRequest;
import io.tickflow.dtc.codec.message.MarketDataSnapshot;
import io.tickflow.dtc.codec.message.MarketDataUpdateBidAsk;
import io.tickflow.dtc.codec.message.MarketDataUpdateTrade;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.MarketDepthRequest;
import io.tickflow.dtc.codec.message.MarketDepthSnapshotLevel;
import io.tickflow.dtc.codec.message.MarketDepthUpdateLevel;
import io.tickflow.dtc.codec.message.SecurityDefinitionForSymbolRequest;
import io.tickflow.dtc.codec.message.SecurityDefinitionResponse;
import io.tickflow.dtc.sim.RawDtcClient.Received;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's answers to clients that do what Tickflow's client never does, one case each. */
class SimSessionTest {
  private static final long START_MICROS = 1_700_000_000_000_000L;

  private final List<RawDtcClient> clients = new ArrayList<>();
  private DtcSimulator simulator;
  private int port;

  @AfterEach
  void tearDown() {
    clients.forEach(RawDtcClient::close);
    simulator.close();
  }

  private RawDtcClient start(SimulatorConfig config) {
    simulator = new DtcSimulator(config);
    port = simulator.start();
    return connect(port, 0, true);
  }

  private RawDtcClient start() {
    return start(SimulatorConfig.defaults(1, START_MICROS).withRate(2000));
  }

  private RawDtcClient connect(int port, int readBuffer, boolean reading) {
    final RawDtcClient client = new RawDtcClient("client" + clients.size(), port, new Random(clients.size()),
        readBuffer, reading);
    clients.add(client);
    return client;
  }

  @Test
  void shouldGrantBinaryForAnEncodingTheProtocolDoesNotDefine() {
    final RawDtcClient client = start();
    // Closed the connection without an answer: DtcEncoding.fromCode threw for 99.
    client.encoding(99, DtcEncoding.BINARY);
    assertThat(client.logon(30).result()).isEqualTo(1);
  }

  @Test
  void shouldRejectMarketDataAndDepthAskedForBeforeTheLogon() {
    final RawDtcClient client = start();
    client.subscribe(7, "ESZ6");
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(7).symbol("ESZ6").numLevels(2));

    // Both were served: a snapshot, a depth snapshot, and then a live stream once the client logged on.
    assertThat(client.awaitMessage("reject", m -> m.type() == MarketDataReject.TYPE).as(new MarketDataReject())
        .rejectText()).contains("LOGON_REQUEST");
    client.awaitMessage("depth reject", m -> m.type() == MarketDepthReject.TYPE);
    assertThat(client.received()).extracting(Received::type)
        .containsExactly(MarketDataReject.TYPE, MarketDepthReject.TYPE);
  }

  @Test
  void shouldRejectASecondSymbolIdForASymbolAndASymbolIdInUseForAnother() {
    final RawDtcClient client = start();
    client.logon(30);
    client.subscribe(7, "ESZ6");
    client.subscribe(8, "ESZ6");
    client.subscribe(7, "NQZ6");

    // Both were accepted: ESZ6 moved to SymbolID 8, and NQZ6's updates came under SymbolID 7 as well.
    final MarketDataReject secondId = client.awaitMessage("reject of SymbolID 8",
        m -> m.type() == MarketDataReject.TYPE && m.symbolId() == 8).as(new MarketDataReject());
    assertThat(secondId.rejectText()).isEqualTo("Symbol ESZ6 is already subscribed under SymbolID 7");
    final MarketDataReject idInUse = client.awaitMessage("reject of SymbolID 7 for NQZ6",
        m -> m.type() == MarketDataReject.TYPE && m.symbolId() == 7).as(new MarketDataReject());
    assertThat(idInUse.rejectText()).isEqualTo("SymbolID 7 is in use for ESZ6");
    assertThat(client.received(MarketDataSnapshot.TYPE)).hasSize(1);
  }

  @Test
  void shouldRejectDepthOnTheHistoricalPort() {
    start(SimulatorConfig.defaults(1, START_MICROS).withRate(2000).withHistoricalPort(0));
    final RawDtcClient client = connect(simulator.historicalPort(), 0, true);
    client.logon(30);
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(3).symbol("ESZ6").numLevels(2));

    // Was served: a depth snapshot, then live depth updates on the historical data connection.
    assertThat(client.awaitMessage("depth reject", m -> m.type() == MarketDepthReject.TYPE)
        .as(new MarketDepthReject()).rejectText()).contains("historical");
  }

  @Test
  void shouldServeAtMostAHundredDepthLevelsPerSide() {
    final RawDtcClient client = start();
    client.logon(30);
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(5).symbol("ESZ6").numLevels(20_000));

    // Served all 20,000 a side, written at once on the network thread (millions held up every client).
    client.awaitMessage("last snapshot level", m -> m.type() == MarketDepthSnapshotLevel.TYPE
        && m.as(new MarketDepthSnapshotLevel()).isLastMessageInBatch() == 1);
    assertThat(client.received(MarketDepthSnapshotLevel.TYPE)).hasSize(2 * SimSession.MAX_DEPTH_LEVELS);
  }

  @Test
  void shouldCloseTheConnectionOnLogoff() {
    final RawDtcClient client = start();
    client.logon(30);
    client.subscribe(1, "ESZ6");
    client.awaitMessage("snapshot", m -> m.type() == MarketDataSnapshot.TYPE);
    client.send(new Logoff(), m -> m.reason("done"));

    // Was ignored: the session went on streaming until the client closed the socket itself.
    await("closed by the server").atMost(RawDtcClient.ANSWER).until(client::closedByServer);
  }

  @Test
  void shouldRunOneHeartbeatTimerAfterASecondLogon() {
    final RawDtcClient client = start();
    client.logon(1);
    final long second = System.nanoTime();
    assertThat(client.logon(60).result()).isEqualTo(1);

    // The first logon's 1 s timer ran on beside the second's (and on after the connection closed).
    await("no heartbeat at the first logon's interval").during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(3)).until(() -> client.received(Heartbeat.TYPE).stream()
            .noneMatch(h -> h.arrivalNanos() > second + Duration.ofMillis(500).toNanos()));
  }

  @Test
  void shouldKeepStreamingToTheOthersWhileAClientDoesNotRead() {
    final RawDtcClient watcher = start(SimulatorConfig.defaults(1, START_MICROS).withRate(20_000));
    watcher.logon(30);
    watcher.subscribe(1, "ESZ6");
    final RawDtcClient stalled = connect(port, 4096, false);
    stalled.send(new LogonRequest(), m -> m.heartbeatIntervalInSeconds(30));
    for (int i = 0; i < simulator.config().instruments().size(); i++) {
      final String symbol = simulator.config().instruments().get(i).symbol();
      final int id = i + 1;
      stalled.subscribe(id, symbol);
      stalled.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(id).symbol(symbol).numLevels(10));
    }

    // The market waited for the stalled client's socket to drain, so the watcher's updates stopped with it.
    await("updates at most 1 s apart").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
        .until(() -> System.nanoTime() - lastUpdate(watcher) < Duration.ofSeconds(1).toNanos());
  }

  @Test
  void shouldReportInEachHeartbeatTheMessagesDroppedSinceThePreviousOne() {
    start(SimulatorConfig.defaults(1, START_MICROS).withRate(20_000));
    final RawDtcClient slow = connect(port, 4096, false);
    slow.send(new LogonRequest(), m -> m.heartbeatIntervalInSeconds(1));
    for (int i = 0; i < simulator.config().instruments().size(); i++) {
      slow.subscribe(i + 1, simulator.config().instruments().get(i).symbol());
    }

    // Tickflow's client takes each heartbeat's count as a new gap (a backfill of every symbol, a WARN): a count
    // since the connection opened reported the one stall again in every heartbeat after it.
    stallUntilDropsThenCatchUp(slow);
  }

  /**
   * Lets far more trades go by than the socket buffers hold (megabytes on loopback) while the client, made not
   * reading and with 1 s heartbeats, does not read; then reads, until a heartbeat reports drops and a later one none.
   */
  private void stallUntilDropsThenCatchUp(RawDtcClient slow) {
    final long before = simulator.tradesPublished();
    await().atMost(Duration.ofSeconds(30)).until(() -> simulator.tradesPublished() > before + 50_000);
    slow.startReading();
    await("a heartbeat reporting the stall's drops").atMost(Duration.ofSeconds(10))
        .until(() -> droppedCounts(slow), counts -> counts.stream().anyMatch(n -> n > 0));
    await("then a heartbeat reporting none, the client keeping up").atMost(Duration.ofSeconds(10))
        .until(() -> droppedCounts(slow), counts -> counts.get(counts.size() - 1) == 0);
  }

  @Test
  void shouldRejectHistoryOnTheMarketDataPortWhenItHasAPortOfItsOwn() {
    final RawDtcClient client = start(SimulatorConfig.defaults(1, START_MICROS).withRate(2000).withHistoricalPort(0));
    assertThat(client.logon(30).historicalPriceDataSupported()).isEqualTo(0);
    client.send(new HistoricalPriceDataRequest(), m -> m.requestId(42).symbol("ESZ6").recordInterval(0));

    // Was served (header and ticks) on the port whose logon said HistoricalPriceDataSupported = 0.
    final HistoricalPriceDataReject reject = client.awaitMessage("historical reject",
        m -> m.type() == HistoricalPriceDataReject.TYPE).as(new HistoricalPriceDataReject());
    assertThat(reject.requestId()).isEqualTo(42);
    assertThat(reject.rejectText()).contains("historical data is served on port " + simulator.historicalPort());
    client.subscribe(1, "ESZ6");
    client.awaitMessage("snapshot after the reject", m -> m.type() == MarketDataSnapshot.TYPE);
    assertThat(client.received(HistoricalPriceDataResponseHeader.TYPE)).isEmpty();
    assertThat(client.closedByServer()).isFalse();
  }

  @Test
  void shouldRejectSymbolIdZeroInMarketDataAndDepthRequests() {
    final RawDtcClient client = start();
    client.logon(30);
    client.subscribe(0, "ESZ6");
    client.send(new MarketDataRequest(), m -> m.requestAction(3).symbolId(0).symbol("NQZ6"));
    client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(0).symbol("ESZ6").numLevels(5));
    client.subscribe(9, "CLF7");
    // Answers come in order: once the last request's snapshot is in, so is whatever the others got.
    client.awaitMessage("snapshot of SymbolID 9", m -> m.type() == MarketDataSnapshot.TYPE && m.symbolId() == 9);

    // Were: for the subscription and the depth, rejects saying "SymbolID 0 is in use for NQZ6" (0 marks an
    // instrument not subscribed); for the SNAPSHOT action, a snapshot under SymbolID 0.
    assertThat(client.received(MarketDataReject.TYPE)).hasSize(2).allSatisfy(r -> {
      assertThat(r.symbolId()).isZero();
      assertThat(r.as(new MarketDataReject()).rejectText()).isEqualTo(SimSession.SYMBOL_ID_ZERO);
    });
    assertThat(client.received(MarketDepthReject.TYPE)).singleElement()
        .satisfies(r -> assertThat(r.as(new MarketDepthReject()).rejectText()).isEqualTo(SimSession.SYMBOL_ID_ZERO));
    assertThat(client.received(MarketDataSnapshot.TYPE)).extracting(Received::symbolId).containsExactly(9L);
    assertThat(client.received(MarketDepthSnapshotLevel.TYPE)).isEmpty();
  }

  @Test
  void shouldStopReadingAClientThatAsksAndDoesNotReadAndAnswerEverythingOnceItReads() {
    final RawDtcClient watcher = start(SimulatorConfig.defaults(1, START_MICROS).withRate(2000));
    watcher.logon(30);
    watcher.subscribe(1, "ESZ6");
    watcher.awaitMessage("snapshot", m -> m.type() == MarketDataSnapshot.TYPE);
    final RawDtcClient asker = connect(port, 4096, false);
    asker.send(new LogonRequest(), m -> m.heartbeatIntervalInSeconds(30));
    // Depth snapshots of 100 levels a side, about 11 kB each: twice the bound in all, then one marker answer.
    final int depthRequests = 2 * SimulatorConfig.MAX_UNSENT_ANSWER_BYTES / (11 * 1024);
    final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (int i = 0; i < depthRequests; i++) {
      requests.writeBytes(asker.build(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(2).symbol("NQZ6")
          .numLevels(SimSession.MAX_DEPTH_LEVELS)));
    }
    requests.writeBytes(asker.build(new SecurityDefinitionForSymbolRequest(), m -> m.requestId(9).symbol("ESZ6")));
    // The simulator stops reading it, so the socket may not take every request at once.
    final CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> asker.sendRaw(requests.toByteArray()));

    await("the answers held").atMost(RawDtcClient.ANSWER)
        .until(() -> simulator.unsentBytes() > SimulatorConfig.MAX_UNSENT_ANSWER_BYTES);
    long most = 0;
    for (int i = 0; i < 20; i++) {
      most = Math.max(most, simulator.unsentBytes());
    }
    // At most the bound and the one answer that crossed it (a market-data update is dropped, not queued).
    assertThat(most).isLessThan(SimulatorConfig.MAX_UNSENT_ANSWER_BYTES + 64 * 1024);
    assertThat(simulator.connections()).isEqualTo(2);
    final int before = watcher.received().size();
    await("the watcher still served").atMost(RawDtcClient.ANSWER)
        .until(() -> watcher.received().size() > before + 100);

    asker.startReading();
    asker.awaitMessage("the last answer", m -> m.type() == SecurityDefinitionResponse.TYPE);
    assertThat(sent).succeedsWithin(RawDtcClient.ANSWER);
    // Every request answered, and a snapshot more each time its depth updates were dropped meanwhile (the resend).
    assertThat(asker.received(MarketDepthSnapshotLevel.TYPE).stream()
        .filter(m -> m.as(new MarketDepthSnapshotLevel()).isFirstMessageInBatch() == 1).count())
        .isGreaterThanOrEqualTo(depthRequests);
    assertThat(asker.closedByServer()).isFalse();
    assertThat(watcher.closedByServer()).isFalse();
  }

  @Test
  void shouldResendTheDepthOfEverySymbolAClientLostUpdatesOfOnceItReadsAgain() {
    final RawDtcClient reader = start(SimulatorConfig.defaults(1, START_MICROS).withRate(20_000));
    reader.logon(30);
    final RawDtcClient slow = connect(port, 4096, false);
    slow.send(new LogonRequest(), m -> m.heartbeatIntervalInSeconds(1));
    subscribeDepth(reader, 10);
    subscribeDepth(slow, 10);
    stallUntilDropsThenCatchUp(slow);
    simulator.holdMarket(true);
    barrier(reader);
    barrier(slow);

    // Its books kept the levels whose deletes it had lost, and missed those added meanwhile.
    final Map<Long, Map<Integer, NavigableMap<Double, Double>>> books = books(reader);
    assertThat(books).hasSize(simulator.config().instruments().size());
    assertThat(books(slow)).isEqualTo(books);
  }

  @Test
  void shouldShowTheSameBookToClientsThatSubscribedAtDifferentTimes() {
    final RawDtcClient first = start(SimulatorConfig.defaults(1, START_MICROS).withRate(20_000));
    first.logon(30);
    subscribeDepth(first, 10);
    await("the market moving").atMost(RawDtcClient.ANSWER)
        .until(() -> first.received(MarketDepthUpdateLevel.TYPE).size() > 20_000);
    final RawDtcClient second = connect(port, 0, true);
    second.logon(30);
    subscribeDepth(second, 10);
    final RawDtcClient shallow = connect(port, 0, true);
    shallow.logon(30);
    subscribeDepth(shallow, 3);
    final int symbols = simulator.config().instruments().size();
    await("the later clients' snapshots").atMost(RawDtcClient.ANSWER)
        .until(() -> books(second).size() == symbols && books(shallow).size() == symbols);
    simulator.holdMarket(true);
    List.of(first, second, shallow).forEach(SimSessionTest::barrier);

    // The second's snapshot had the sizes of the moment at every depth, the first still those of its own snapshot.
    final Map<Long, Map<Integer, NavigableMap<Double, Double>>> books = books(first);
    assertThat(books(second)).isEqualTo(books);
    // A client of fewer levels sees the top of the same book.
    assertThat(books(shallow)).isEqualTo(top(books, 3));
  }

  /** Subscribes to {@code levels} of every instrument's depth, SymbolIDs 1, 2, ... in the instruments' order. */
  private void subscribeDepth(RawDtcClient client, int levels) {
    final List<Instrument> instruments = simulator.config().instruments();
    for (int i = 0; i < instruments.size(); i++) {
      final int id = i + 1;
      client.send(new MarketDepthRequest(), m -> m.requestAction(1).symbolId(id)
          .symbol(instruments.get(id - 1).symbol()).numLevels(levels));
    }
  }

  /** The best {@code levels} prices of each side of each book: the highest bids, the lowest asks. */
  private static Map<Long, Map<Integer, NavigableMap<Double, Double>>> top(
      Map<Long, Map<Integer, NavigableMap<Double, Double>>> books, int levels) {
    final Map<Long, Map<Integer, NavigableMap<Double, Double>>> top = new HashMap<>();
    books.forEach((id, sides) -> sides.forEach((side, book) -> {
      final NavigableMap<Double, Double> best = side == SimEvent.AT_BID ? book.descendingMap() : book;
      best.entrySet().stream().limit(levels).forEach(level -> side(top, id, side).put(level.getKey(),
          level.getValue()));
    }));
    return top;
  }

  /** A security definition asked for and answered: whatever the server sent before it has arrived. */
  private static void barrier(RawDtcClient client) {
    client.send(new SecurityDefinitionForSymbolRequest(), m -> m.requestId(777).symbol("ESZ6"));
    client.awaitMessage("barrier", m -> m.type() == SecurityDefinitionResponse.TYPE);
  }

  /** Each SymbolID's book, side to price to quantity, as a client builds it from the depth messages received. */
  private static Map<Long, Map<Integer, NavigableMap<Double, Double>>> books(RawDtcClient client) {
    final Map<Long, Map<Integer, NavigableMap<Double, Double>>> books = new HashMap<>();
    for (Received m : client.received()) {
      if (m.type() == MarketDepthSnapshotLevel.TYPE) {
        final MarketDepthSnapshotLevel level = m.as(new MarketDepthSnapshotLevel());
        if (level.isFirstMessageInBatch() == 1) { // a snapshot replaces the book
          books.put(level.symbolId(), new HashMap<>());
        }
        side(books, level.symbolId(), level.side()).put(level.price(), level.quantity());
      } else if (m.type() == MarketDepthUpdateLevel.TYPE) {
        final MarketDepthUpdateLevel level = m.as(new MarketDepthUpdateLevel());
        if (level.updateType() == 2) {
          side(books, level.symbolId(), level.side()).remove(level.price());
        } else {
          side(books, level.symbolId(), level.side()).put(level.price(), level.quantity());
        }
      }
    }
    return books;
  }

  private static NavigableMap<Double, Double> side(Map<Long, Map<Integer, NavigableMap<Double, Double>>> books,
                                                   long symbolId, int side) {
    return books.computeIfAbsent(symbolId, id -> new HashMap<>()).computeIfAbsent(side, s -> new TreeMap<>());
  }

  private static List<Long> droppedCounts(RawDtcClient client) {
    return client.received(Heartbeat.TYPE).stream()
        .map(heartbeat -> heartbeat.as(new Heartbeat()).numDroppedMessages()).toList();
  }

  private static long lastUpdate(RawDtcClient client) {
    final List<Received> all = client.received();
    for (int i = all.size() - 1; i >= 0; i--) {
      final int type = all.get(i).type();
      if (type == MarketDataUpdateTrade.TYPE || type == MarketDataUpdateBidAsk.TYPE) {
        return all.get(i).arrivalNanos();
      }
    }
    return 0;
  }
}
