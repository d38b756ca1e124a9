package io.tickflow.dtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRequest;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseTrailer;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.LogonRequest;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimFaults;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Historical requests served by a separate historical data server (the simulator's historical port, which closes
 * after each request as Sierra Chart's may): the answer reaches the client's queue, and every way it can fail ends
 * in a reject the consumer sees, while the market data goes on.
 */
class HistoricalFetchTest {
  private static final long START_MICROS = 1_700_000_000_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private DtcSimulator simulator;
  private DtcClient client;
  private Consumer consumer;

  @AfterEach
  void tearDown() throws InterruptedException {
    consumer.closeWith(client);
    simulator.close();
  }

  /** A simulator with a historical port, and a client that fetches its history there. */
  private void connect(DtcEncoding encoding) {
    simulator = new DtcSimulator(SimulatorConfig.defaults(11, START_MICROS).withRate(5000).withHistoricalPort(0));
    final int port = simulator.start();
    connectClient(port, simulator.historicalPort(), encoding);
  }

  private void connectClient(int port, int historicalPort, DtcEncoding encoding) {
    connectClient(port, historicalPort, encoding, DtcClientConfig.DEFAULT_QUEUE_CAPACITY);
  }

  private void connectClient(int port, int historicalPort, DtcEncoding encoding, int queueCapacity) {
    consumer = new Consumer();
    client = new DtcClient(DtcClientConfig.of("127.0.0.1", port).withEncoding(encoding)
        .withCredentials("test", "secret").withHeartbeatInterval(Duration.ofSeconds(1))
        .withHistoricalServer("127.0.0.1", historicalPort).withQueueCapacity(queueCapacity), consumer);
    consumer.start(client);
    client.start();
  }

  private static String describe(long micros, double price, double volume, AggressorSide side) {
    return micros + " " + price + " " + volume + " " + side;
  }

  /** Every way a server may end the answer (final record, trailer, both), in either encoding. */
  @ParameterizedTest
  @CsvSource({"BINARY, FINAL_RECORD", "JSON, FINAL_RECORD", "BINARY, TRAILER", "JSON, TRAILER", "BINARY, BOTH"})
  void shouldFetchExactlyTheStreamedTradesOverAConnectionOfItsOwn(DtcEncoding encoding, SimFaults.HistoryEnd end) {
    connect(encoding);
    simulator.faults().endHistoryWith(end);
    client.subscribe("ESZ6", "CME", 0);
    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("ESZ6") >= 200);
    final List<MarketEvents.Trade> live = consumer.trades.stream().filter(t -> t.symbol().equals("ESZ6")).toList();
    final long from = live.get(0).eventTimeMicros();

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", from);

    await().atMost(TIMEOUT).until(() -> end == SimFaults.HistoryEnd.TRAILER
        ? !consumer.historyCompletions.isEmpty()
        : consumer.history.stream().anyMatch(MarketEvents.HistoricalTick::finalRecord));
    // Up to the last live trade's microsecond, excluded: more trades of that same microsecond may follow it.
    final long until = live.get(live.size() - 1).eventTimeMicros();
    assertThat(consumer.history.stream().filter(t -> t.eventTimeMicros() >= from && t.eventTimeMicros() < until)
        .map(t -> describe(t.eventTimeMicros(), t.price(), t.volume(), t.side())).collect(Collectors.toList()))
        .hasSizeGreaterThan(100)
        .containsExactlyElementsOf(live.stream().filter(t -> t.eventTimeMicros() < until)
            .map(t -> describe(t.eventTimeMicros(), t.price(), t.volume(), t.side())).collect(Collectors.toList()));
    assertThat(consumer.history).allSatisfy(t -> assertThat(t.requestId()).isEqualTo(requestId));
    assertThat(consumer.history.stream().filter(MarketEvents.HistoricalTick::finalRecord).count())
        .isEqualTo(end == SimFaults.HistoryEnd.TRAILER ? 0 : 1);
    // A trailer after the final record finds the fetch over: it is dropped with the rest of its connection.
    assertThat(consumer.historyCompletions)
        .isEqualTo(end == SimFaults.HistoryEnd.TRAILER ? List.of(requestId) : List.of());
    assertThat(consumer.logons).as("the historical logon is not the market-data session's").hasSize(1);
    assertThat(consumer.disconnects).as("its close after the answer is no disconnect").isEmpty();
    assertThat(consumer.historyEnds).isEmpty();
    assertThat(client.historicalMetrics().connects()).isEqualTo(1);
    assertThat(client.historicalMetrics().messages(HistoricalPriceDataTickRecordResponse.TYPE))
        .isEqualTo(consumer.history.size());
    assertThat(client.historicalMetrics().bytesReceived()).isGreaterThan(48L * consumer.history.size());
    assertThat(client.metrics().messages(HistoricalPriceDataTickRecordResponse.TYPE))
        .as("the market-data session's counters hold none of it").isZero();
  }

  @Test
  void shouldServeMoreRequestsThanRunAtOnceEachOnItsOwnConnection() {
    connect(DtcEncoding.BINARY);
    final List<Instrument> instruments = Instrument.defaults();
    instruments.forEach(i -> client.subscribe(i.symbol(), i.exchange(), 0));
    await().atMost(TIMEOUT).until(() -> consumer.trades.size() >= 50);

    final List<Integer> requestIds = IntStream.range(0, 2 * DtcClient.MAX_PARALLEL_FETCHES)
        .mapToObj(n -> instruments.get(n % instruments.size()))
        .map(i -> client.requestHistoricalTicks(i.symbol(), i.exchange(), START_MICROS)).toList();

    await().atMost(TIMEOUT).until(() -> consumer.history.stream().filter(MarketEvents.HistoricalTick::finalRecord)
        .count() + consumer.historyEnds.size() == requestIds.size());
    assertThat(consumer.historyEnds).as("an instrument with no trade yet has no records").allSatisfy(
        end -> assertThat(end).endsWith("no records to return"));
  }

  @Test
  void shouldPassOnTheHistoricalServersReject() {
    connect(DtcEncoding.BINARY);
    simulator.faults().rejectHistory("No data for this symbol");
    client.subscribe("ESZ6", "CME", 0);

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", START_MICROS);

    await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
    assertThat(consumer.historyEnds).containsExactly(requestId + ": rejected: No data for this symbol");
  }

  @Test
  void shouldRejectTheRequestWhenTheHistoricalServerIsDownAndKeepTheMarketDataFlowing() throws IOException {
    simulator = new DtcSimulator(SimulatorConfig.defaults(11, START_MICROS).withRate(5000));
    final int port = simulator.start();
    connectClient(port, closedPort(), DtcEncoding.BINARY);
    client.subscribe("ESZ6", "CME", 0);

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", START_MICROS);

    await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
    assertThat(consumer.historyEnds).singleElement().asString()
        .startsWith(requestId + ": rejected: historical data server 127.0.0.1:").contains("connect failed");
    final long tradesSoFar = consumer.tradesOf("ESZ6");
    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("ESZ6") > tradesSoFar);
    assertThat(client.failure()).isEmpty();
    assertThat(client.historicalMetrics().fetchFailures()).isEqualTo(1);
    assertThat(client.historicalMetrics().connects()).isZero();
  }

  @Test
  void shouldQueueTheRejectOfAFetchThatFailedOnAFullQueueOnceThePollerMadeRoom() throws IOException {
    simulator = new DtcSimulator(SimulatorConfig.defaults(5, START_MICROS).withRate(0));
    connectClient(simulator.start(), closedPort(), DtcEncoding.BINARY, 1 << 18);
    consumer.pausePolling();
    client.subscribe("ESZ6", "CME", 0);
    // Full, and it stays full: nothing polls. The trade or quote that did not fit is shorter than the reject.
    await().atMost(TIMEOUT).until(() -> client.metrics().readPauses() > 0);

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", START_MICROS);
    await().atMost(TIMEOUT).until(() -> client.historicalMetrics().fetchFailures() == 1);
    consumer.resumePolling();

    await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
    assertThat(consumer.historyEnds).singleElement().asString()
        .startsWith(requestId + ": rejected: historical data server 127.0.0.1:").contains("connect failed");
  }

  @Test
  void shouldRejectTheRequestWhenTheHistoricalServerClosesMidAnswer() {
    connect(DtcEncoding.BINARY);
    client.subscribe("ESZ6", "CME", 0);
    await().atMost(TIMEOUT).until(() -> consumer.tradesOf("ESZ6") >= 20);
    simulator.faults().cutHistoryAfter(5);

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", START_MICROS);

    await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
    assertThat(consumer.history).hasSize(5).noneMatch(MarketEvents.HistoricalTick::finalRecord);
    assertThat(consumer.historyEnds).singleElement().asString()
        .startsWith(requestId + ": rejected: historical data server 127.0.0.1:")
        .contains("connection closed by the server");
  }

  @Test
  void shouldNotAskTheMarketDataPortOfASimulatorWithAHistoricalPortForHistory() {
    simulator = new DtcSimulator(SimulatorConfig.defaults(11, START_MICROS).withRate(5000).withHistoricalPort(0));
    final int port = simulator.start();
    consumer = new Consumer();
    client = new DtcClient(DtcClientConfig.of("127.0.0.1", port), consumer);
    consumer.start(client);
    client.start();

    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", START_MICROS);

    await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
    assertThat(consumer.historyEnds).singleElement().asString()
        .startsWith(requestId + ": rejected: the server does not serve historical data");
  }

  /** The simulator for market data and a scripted historical server: asks it for history and takes its logon. */
  private int requestFromScriptedHistoricalServer(LoopbackServer history) throws IOException {
    simulator = new DtcSimulator(SimulatorConfig.defaults(11, START_MICROS).withRate(5000));
    connectClient(simulator.start(), history.port(), DtcEncoding.BINARY);
    final int requestId = client.requestHistoricalTicks("ESZ6", "CME", START_MICROS);
    history.accept().readUntil(LogonRequest.TYPE);
    return requestId;
  }

  /** As {@link #requestFromScriptedHistoricalServer}, then logs the fetch on and takes its request. */
  private int sendToLoggedOnScriptedHistoricalServer(LoopbackServer history) throws IOException {
    final int requestId = requestFromScriptedHistoricalServer(history);
    history.write(LoopbackServer.logonResponse(LogonResult.SUCCESS, "history"));
    history.readUntil(HistoricalPriceDataRequest.TYPE);
    return requestId;
  }

  @Test
  void shouldRejectTheRequestWhenTheHistoricalServerNeverAnswersTheLogon() throws IOException {
    try (LoopbackServer history = new LoopbackServer()) {
      final int requestId = requestFromScriptedHistoricalServer(history);

      await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
      // The logon timeout and the idle timer both give a silent server twice the heartbeat interval.
      assertThat(consumer.historyEnds).singleElement().asString().matches(requestId
          + ": rejected: historical data server 127\\.0\\.0\\.1:" + history.port()
          + ": no (LOGON_RESPONSE within|data from the server for) 2 s .*");
    }
  }

  @Test
  void shouldCloseTheFetchItsOwnerForgetsWithoutAnsweringIt() throws IOException {
    try (LoopbackServer history = new LoopbackServer()) {
      final int requestId = sendToLoggedOnScriptedHistoricalServer(history);

      client.forgetRequest(requestId);

      assertThatThrownBy(() -> history.readUntil(LogonRequest.TYPE)).as("the client closed the connection")
          .isInstanceOf(EOFException.class);
      assertThat(consumer.historyEnds).isEmpty();
    }
  }

  @Test
  void shouldRejectTheRequestWhenTheHistoricalServerAnswersAnotherRequestId() throws IOException {
    try (LoopbackServer history = new LoopbackServer()) {
      final int requestId = sendToLoggedOnScriptedHistoricalServer(history);

      // Another request's id could be another symbol's backfill: its ticks must not reach the queue.
      history.write(LoopbackServer.bytes(new HistoricalPriceDataTickRecordResponse()
          .wrapForEncode(LoopbackServer.scratch(), 0).requestId(requestId + 1).dateTime(1_700_000_000).price(4500)
          .volume(1).atBidOrAsk(2).isFinalRecord(1)));

      await().atMost(TIMEOUT).until(() -> !consumer.historyEnds.isEmpty());
      assertThat(consumer.history).isEmpty();
      assertThat(consumer.historyEnds).singleElement().asString()
          .startsWith(requestId + ": rejected: historical data server 127.0.0.1:")
          .contains("answer for request " + (requestId + 1));
    }
  }

  @Test
  void shouldEndTheFetchAtItsTrailerAndIgnoreATrailerOfAnotherRequest() throws IOException {
    try (LoopbackServer history = new LoopbackServer()) {
      final int requestId = sendToLoggedOnScriptedHistoricalServer(history);

      // A trailer carries no data: one of another RequestID (an answer over, or none) is no foreign answer.
      history.write(LoopbackServer.bytes(new HistoricalPriceDataResponseHeader()
              .wrapForEncode(LoopbackServer.scratch(), 0).requestId(requestId)))
          .write(tick(requestId)).write(trailer(requestId + 1)).write(tick(requestId)).write(trailer(requestId));

      assertThatThrownBy(() -> history.readUntil(LogonRequest.TYPE)).as("the client closed at the trailer")
          .isInstanceOf(EOFException.class);
      await().atMost(TIMEOUT).until(() -> !consumer.historyCompletions.isEmpty());
      assertThat(consumer.history).hasSize(2);
      assertThat(consumer.historyCompletions).containsExactly(requestId);
      assertThat(consumer.historyEnds).isEmpty();
      assertThat(client.historicalMetrics().fetchFailures()).isZero();
    }
  }

  private static byte[] tick(int requestId) {
    return LoopbackServer.bytes(new HistoricalPriceDataTickRecordResponse().wrapForEncode(LoopbackServer.scratch(), 0)
        .requestId(requestId).dateTime(1_700_000_000).price(4500).volume(1).atBidOrAsk(2));
  }

  private static byte[] trailer(int requestId) {
    return LoopbackServer.bytes(new HistoricalPriceDataResponseTrailer().wrapForEncode(LoopbackServer.scratch(), 0)
        .requestId(requestId).finalRecordLastDateTime(1_700_000_000_000_000L));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
