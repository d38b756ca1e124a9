package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the real simulator over loopback: session, resilience and backpressure. */
class DtcClientSimulatorTest {
  private static final long START_MICROS = 1_700_000_000_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private DtcSimulator simulator;
  private DtcClient client;
  private Consumer consumer;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (consumer != null) {
      consumer.close();
    }
    if (client != null) {
      client.close();
    }
    simulator.close();
  }

  private void connect(SimulatorConfig simulatorConfig, DtcEncoding encoding, int queueCapacity) {
    simulator = new DtcSimulator(simulatorConfig);
    final int port = simulator.start();
    consumer = new Consumer();
    client = new DtcClient(DtcClientConfig.of("127.0.0.1", port).withEncoding(encoding)
        .withCredentials("test", "secret").withHeartbeatInterval(Duration.ofSeconds(1))
        .withReconnect(Duration.ofMillis(10), Duration.ofMillis(50)).withQueueCapacity(queueCapacity),
        consumer);
    consumer.start(client);
    client.start();
  }

  private void connect(int eventsPerSecond) {
    connect(SimulatorConfig.defaults(42, START_MICROS).withRate(eventsPerSecond), DtcEncoding.BINARY,
        DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
  }

  @ParameterizedTest
  @EnumSource(value = DtcEncoding.class, names = {"BINARY", "JSON"})
  void shouldStreamTradesQuotesAndDepthWhenSubscribedInEitherEncoding(DtcEncoding encoding) {
    connect(SimulatorConfig.defaults(7, START_MICROS).withRate(5000), encoding,
        DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
    client.subscribe("ESZ6", "CME", 5);

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() >= 20 && consumer.quotes.size() >= 20);
    assertThat(consumer.logons).extracting(LogonResult::serverName).containsExactly("Tickflow DTC simulator");
    assertThat(consumer.logons).extracting(LogonResult::text).containsExactly("Welcome test");
    assertThat(consumer.trades).allSatisfy(t -> {
      assertThat(t.symbol()).isEqualTo("ESZ6");
      assertThat(t.price() % 0.25).isZero();
      assertThat(t.side()).isNotEqualTo(AggressorSide.UNKNOWN);
      assertThat(t.eventTimeMicros()).isGreaterThanOrEqualTo(START_MICROS);
    });
    assertThat(consumer.quotes).allSatisfy(q -> assertThat(q.askPrice()).isGreaterThan(q.bidPrice()));
    assertThat(consumer.depth.stream().filter(d -> d.updateType() == MarketEvents.Depth.SNAPSHOT)).hasSize(10);
    assertThat(client.metrics().protocolErrors()).isZero();
  }

  /**
   * Every market-data variant the simulator can stream reaches the listener whole: the newest header's V2 messages
   * (147, 148, 109), which current Sierra Chart headers prefer, as well as the older ones, and V2 in JSON too.
   */
  @ParameterizedTest
  @CsvSource({"FULL, BINARY", "COMPACT, BINARY", "MICROS, BINARY", "V2, BINARY", "V2, JSON"})
  void shouldMapTradesQuotesAndDepthUpdatesOfEveryWireFormat(SimulatorConfig.WireFormat format,
                                                             DtcEncoding encoding) {
    connect(SimulatorConfig.defaults(9, START_MICROS).withRate(5000).withFormat(format), encoding,
        DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
    client.subscribe("ZNH7", "CBOT", 3);

    await().atMost(TIMEOUT).until(() -> consumer.trades.size() >= 50 && consumer.quotes.size() >= 50
        && consumer.depth.stream().filter(d -> d.updateType() == MarketEvents.Depth.INSERT_UPDATE).count() >= 50);
    assertThat(consumer.trades).allSatisfy(t -> {
      assertThat(t.price() % (1 / 64.0)).as("a 1/64 tick").isZero();
      assertThat(t.volume()).isPositive();
      assertThat(t.side()).isNotEqualTo(AggressorSide.UNKNOWN);
      assertThat(t.eventTimeMicros()).isGreaterThanOrEqualTo(START_MICROS);
    });
    assertThat(consumer.quotes).allSatisfy(q -> assertThat(q.askPrice()).isGreaterThan(q.bidPrice()));
    boolean subSecond = format == SimulatorConfig.WireFormat.MICROS || format == SimulatorConfig.WireFormat.V2;
    assertThat(consumer.trades.stream().anyMatch(t -> t.eventTimeMicros() % 1_000_000 != 0))
        .as("sub-second trade times").isEqualTo(format != SimulatorConfig.WireFormat.COMPACT);
    assertThat(consumer.quotes.stream().anyMatch(q -> q.eventTimeMicros() % 1_000_000 != 0))
        .as("sub-second quote times").isEqualTo(subSecond);
    assertThat(client.metrics().protocolErrors()).isZero();
  }

  @Test
  void shouldKeepTheSimulatedBookUncrossedWithTheLevelsAskedForOnEachSide() {
    connect(5000);
    client.subscribe("ESZ6", "CME", 5);
    await().atMost(TIMEOUT).until(() -> consumer.depth.size() >= 5_000);

    TreeMap<Double, Double> bids = new TreeMap<>();
    TreeMap<Double, Double> asks = new TreeMap<>();
    List<MarketEvents.Depth> depth = List.copyOf(consumer.depth);
    int events = 0;
    for (int i = 0; i < depth.size(); i++) {
      MarketEvents.Depth level = depth.get(i);
      TreeMap<Double, Double> side = level.side() == AggressorSide.BUY ? bids : asks; // BUY: the bid side
      if (level.updateType() == MarketEvents.Depth.DELETE) {
        side.remove(level.price());
      } else {
        side.put(level.price(), level.quantity());
      }
      // An event's updates end with the best ask; the next event starts with a delete or the bid side.
      if (isAskUpdate(level) && (i + 1 == depth.size() || !isAskUpdate(depth.get(i + 1)))) {
        events++;
        assertThat(bids.lastKey()).as("best bid below best ask after event %d", events).isLessThan(asks.firstKey());
        assertThat(asks.firstKey()).as("the event's last update is the best ask").isEqualTo(level.price());
        assertThat(List.of(bids.size(), asks.size())).as("levels per side after event %d", events)
            .containsExactly(5, 5);
      }
    }
    assertThat(events).isGreaterThan(500);
  }

  private static boolean isAskUpdate(MarketEvents.Depth level) {
    return level.side() == AggressorSide.SELL && level.updateType() == MarketEvents.Depth.INSERT_UPDATE;
  }

  @Test
  void shouldResubscribeEverySymbolWhenTheConnectionIsDropped() {
    connect(5000);
    client.subscribe("ESZ6", "CME", 0);
    client.subscribe("EURUSD", "FX", 0);
    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("ESZ6") > 0 && consumer.tradesOf("EURUSD") > 0);

    simulator.dropConnections();
    await().atMost(TIMEOUT).until(() -> client.metrics().reconnects() == 1 && consumer.logons.size() == 2);
    final long esBefore = consumer.tradesOf("ESZ6");
    final long fxBefore = consumer.tradesOf("EURUSD");

    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("ESZ6") > esBefore
        && consumer.tradesOf("EURUSD") > fxBefore);
    assertThat(consumer.disconnects).containsExactly("connection closed by the server");
  }

  @Test
  void shouldReportNoDisconnectWhenItsOwnerClosesIt() {
    connect(100);
    await().atMost(TIMEOUT).until(client::isLoggedOn);

    client.close();

    // A clean stop is not a server that went away: nothing for the owner's log or metrics.
    assertThat(consumer.disconnects).isEmpty();
  }

  @Test
  void shouldCloseCountAndReconnectWhenTheServerSendsAMalformedFrame() {
    connect(2000);
    client.subscribe("NQZ6", "CME", 0);
    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("NQZ6") > 0);

    simulator.sendMalformedFrame();

    await().atMost(TIMEOUT).until(() -> consumer.logons.size() == 2);
    assertThat(client.metrics().protocolErrors()).isEqualTo(1);
    assertThat(consumer.protocolErrors).singleElement()
        .satisfies(e -> assertThat(e).hasMessageStartingWith("invalid size 2 below the header length 4"));
    assertThat(consumer.disconnects).singleElement().asString().startsWith("protocol error: invalid size 2");
    final long before = consumer.tradesOf("NQZ6");
    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("NQZ6") > before);
  }

  @Test
  void shouldReportTheRejectedSymbolAndKeepOthersFlowing() {
    connect(5000);
    simulator.faults().rejectSymbol("GCG7");
    final long rejectedId = client.subscribe("GCG7", "COMEX", 0);
    client.subscribe("CLF7", "NYMEX", 0);
    client.subscribe("NOPE", "", 0);

    await().atMost(TIMEOUT).until(() -> consumer.rejections.size() == 2 && consumer.tradesOf("CLF7") > 10);
    assertThat(consumer.rejections).containsExactlyInAnyOrder("GCG7: Symbol GCG7 is not available",
        "NOPE: Unknown symbol NOPE");
    assertThat(client.rejection(rejectedId)).contains("Symbol GCG7 is not available");
    assertThat(consumer.tradesOf("GCG7")).isZero();
  }

  @Test
  void shouldDisconnectWhenThePeerFallsSilentForTwoHeartbeatIntervals() {
    connect(1);
    await().atMost(TIMEOUT).until(client::isLoggedOn);

    simulator.faults().stopHeartbeats(true);

    await().atMost(TIMEOUT).until(() -> !consumer.disconnects.isEmpty());
    assertThat(consumer.disconnects.get(0))
        .isEqualTo("no message from the server for 2 s (twice the heartbeat interval): peer presumed dead");
  }

  @Test
  void shouldBackfillExactlyTheStreamedTradesWhenRequestingHistoricalTicks() {
    connect(SimulatorConfig.defaults(11, START_MICROS).withRate(5000)
        .withInstruments(List.of(Instrument.defaults().get(0))), DtcEncoding.BINARY,
        DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
    client.subscribe("ESZ6", "CME", 0);
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() >= 200);
    final List<MarketEvents.Trade> live = List.copyOf(consumer.trades);
    final long from = live.get(0).eventTimeMicros();

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", from);

    await().atMost(TIMEOUT).until(() -> consumer.history.stream().anyMatch(MarketEvents.HistoricalTick::finalRecord));
    // Up to the last live trade's microsecond, excluded: more trades of that same microsecond may follow it.
    final long until = live.get(live.size() - 1).eventTimeMicros();
    final List<String> backfill = consumer.history.stream()
        .filter(t -> t.eventTimeMicros() >= from && t.eventTimeMicros() < until)
        .map(t -> t.eventTimeMicros() + " " + t.price() + " " + t.volume() + " " + t.side())
        .collect(Collectors.toList());
    assertThat(backfill).hasSizeGreaterThan(100).containsExactlyElementsOf(live.stream()
        .filter(t -> t.eventTimeMicros() < until)
        .map(t -> t.eventTimeMicros() + " " + t.price() + " " + t.volume() + " " + t.side())
        .collect(Collectors.toList()));
    assertThat(consumer.history).allSatisfy(t -> {
      assertThat(t.requestId()).isEqualTo(requestId);
      assertThat(t.symbol()).isEqualTo("ESZ6");
    });
  }

  @Test
  void shouldStopReadingWhenTheConsumerIsSlowAndCatchUpAfterwards() {
    connect(SimulatorConfig.defaults(5, START_MICROS).withRate(0), DtcEncoding.BINARY, 1 << 18);
    consumer.pausePolling();
    client.subscribe("ESZ6", "CME", 0);

    await().atMost(TIMEOUT).until(() -> client.metrics().readPauses() > 0);
    final long received = client.metrics().messages();
    assertThat(received * 40).isLessThan(1 << 18);

    consumer.resumePolling();
    await().atMost(TIMEOUT).until(() -> client.metrics().messages() > received + 10_000);
    assertThat(client.metrics().protocolErrors()).isZero();
  }

  @Test
  void shouldDeliverTheInjectedDuplicateAndOutOfOrderTradesAsSent() {
    connect(SimulatorConfig.defaults(3, START_MICROS).withRate(2000)
        .withInstruments(List.of(Instrument.defaults().get(0))), DtcEncoding.BINARY,
        DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
    client.subscribe("ESZ6", "CME", 0);
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() > 5);

    simulator.duplicateNextTrade();
    simulator.swapNextTrades();

    await().atMost(TIMEOUT).until(() -> hasDuplicate(consumer.trades) && hasTimeGoingBack(consumer.trades));
  }

  private static boolean hasDuplicate(List<MarketEvents.Trade> trades) {
    for (int i = 1; i < trades.size(); i++) {
      if (trades.get(i).equals(trades.get(i - 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasTimeGoingBack(List<MarketEvents.Trade> trades) {
    for (int i = 1; i < trades.size(); i++) {
      if (trades.get(i).eventTimeMicros() < trades.get(i - 1).eventTimeMicros()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void shouldAnswerASecurityDefinitionWithRealContractTerms() {
    connect(100);
    client.requestSecurityDefinition("ESZ6", "CME");

    await().atMost(TIMEOUT).until(() -> !consumer.definitions.isEmpty());
    final MarketEvents.SecurityDefinition es = consumer.definitions.get(0);
    assertThat(es.symbol()).isEqualTo("ESZ6");
    assertThat(es.tickSize()).isEqualTo(0.25);
    assertThat(es.tickValue()).isEqualTo(12.5);
    assertThat(es.currency()).isEqualTo("USD");
  }

  @Test
  void shouldStopForGoodWhenTheLogonIsRefusedWithoutReconnect() {
    simulatorRefusingLogons();

    await().atMost(TIMEOUT).until(() -> client.failure().isPresent());
    assertThat(client.failure().get()).hasMessage("logon refused, do not reconnect: account disabled");
    assertThat(client.metrics().reconnects()).isZero();
  }

  private void simulatorRefusingLogons() {
    simulator = new DtcSimulator(SimulatorConfig.defaults(1, START_MICROS));
    simulator.faults().refuseLogons(LogonResult.ERROR_NO_RECONNECT, "account disabled");
    final int port = simulator.start();
    consumer = new Consumer();
    client = new DtcClient(DtcClientConfig.of("127.0.0.1", port)
        .withReconnect(Duration.ofMillis(10), Duration.ofMillis(50)), consumer);
    consumer.start(client);
    client.start();
  }
}
