package io.tickflow.connect.dtc.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.connect.dtc.DtcSourceConnector;
import io.tickflow.connect.dtc.SimulatorHistory;
import io.tickflow.connect.integration.ConnectTestSupport;
import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.SimulatorConfig;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.testing.EmbeddedConnectWorker;
import io.tickflow.testing.EmbeddedKafkaBroker;
import io.tickflow.testing.TopicReader;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The DTC connector inside a real Connect worker on a real broker, against the DTC simulator over loopback: every
 * streamed trade arrives, a killed connection is backfilled without loss, and a dead server, a rejected symbol and
 * a refused logon are reported without harming the worker.
 */
@Tag("integration")
class DtcSourceConnectorIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private static EmbeddedKafkaBroker broker;
  private DtcSimulator simulator;
  /** Where the simulator serves history: its market-data port, or its separate historical port. */
  private int historyPort;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void stopSimulator() {
    if (simulator != null) {
      simulator.close();
    }
  }

  private int startSimulator(int port) {
    return startSimulator(SimulatorConfig.defaults(11, micros(Instant.now())).withRate(2_000).withPort(port));
  }

  private int startSimulator(SimulatorConfig config) {
    simulator = new DtcSimulator(config);
    final int port = simulator.start();
    historyPort = config.hasHistoricalPort() ? simulator.historicalPort() : port;
    return port;
  }

  @Test
  void shouldDeliverEveryStreamedTradeWithQuotesDepthAndDefinitions() throws Exception {
    final int port = startSimulator(0);
    final String topics = createTopics("stream");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-dtc-stream")) {
      // Tasks take symbols by the partition of their key: MSFT goes to one task, ESZ26 and EURUSD to the other.
      worker.putConnector("dtc-stream", connector(port, topics, "ESZ6@CME,EURUSD@FX,MSFT@NASDAQ",
          Map.of("tasks.max", "2", "depth.levels", "3")));
      await().atMost(TIMEOUT).until(() -> count(topics + ".trades") >= 600);
      assertThat(worker.isRunning("dtc-stream", 2)).isTrue();

      final List<Trade> trades = trades(topics);
      assertThat(identities(trades)).as("no duplicates without a gap").hasSize(trades.size());
      for (final String symbol : List.of("ESZ6", "EURUSD", "MSFT")) {
        assertSameTradesAsTheSimulatorSent(symbol, trades);
      }
      assertThat(trades.get(0).getSource()).isEqualTo(DataSource.BACKFILL);
      assertThat(trades.get(trades.size() - 1).getSource()).isEqualTo(DataSource.LIVE);

      final List<SecurityDefinition> definitions = read(topics + ".defs", SecurityDefinition.class);
      assertThat(definitions).extracting(d -> d.getSymbol() + " " + d.getExchange() + " " + d.getTickSize())
          .containsExactlyInAnyOrder("ESZ6 CME 0.25", "EURUSD FX 1.0E-5", "MSFT NASDAQ 0.01");
      final List<DepthUpdate> depth = read(topics + ".depth", DepthUpdate.class);
      assertThat(depth).filteredOn(d -> d.getSymbol().equals("ESZ6")).first()
          .satisfies(d -> assertThat(d.getAction()).isEqualTo(DepthAction.CLEAR));
      assertThat(count(topics + ".quotes")).isPositive();
      assertThat(ConnectTestSupport.pluginMetric("dtc-stream", "backfills-total")).isEqualTo(3);
      assertThat(ConnectTestSupport.pluginMetric("dtc-stream", "connected")).isEqualTo(2);
    }
  }

  @Test
  void shouldBackfillTheGapWhenTheConnectionIsKilledMidStream() throws Exception {
    final int port = startSimulator(0);
    backfillTheGapAfterAKilledConnection("gap", port, Map.of());
  }

  /** As Sierra Chart: the market-data port serves no history, a historical port one request per connection. */
  @Test
  void shouldBackfillTheGapFromTheSeparateHistoricalDataServer() throws Exception {
    final int port = startSimulator(SimulatorConfig.defaults(11, micros(Instant.now())).withRate(2_000)
        .withHistoricalPort(0));
    backfillTheGapAfterAKilledConnection("histport", port,
        Map.of("dtc.historical.port", Integer.toString(historyPort)));
  }

  private void backfillTheGapAfterAKilledConnection(String name, int port, Map<String, String> extra)
      throws Exception {
    final String topics = createTopics(name);
    final String connector = "dtc-" + name;
    final Map<String, String> config = new HashMap<>(extra);
    config.put("reconnect.backoff.ms", "800");
    config.put("reconnect.backoff.max.ms", "1600");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-" + connector)) {
      worker.putConnector(connector, connector(port, topics, "ESZ6@CME,NQZ6@CME,EURUSD@FX", config));
      await().atMost(TIMEOUT).until(() -> count(topics + ".trades") >= 300);
      simulator.dropConnections();
      await().atMost(TIMEOUT).until(() -> ConnectTestSupport.pluginMetric(connector, "backfills-total") >= 6);
      final long afterReconnect = count(topics + ".trades");
      await().atMost(TIMEOUT).until(() -> count(topics + ".trades") >= afterReconnect + 300);
      assertThat(worker.isRunning(connector, 1)).isTrue();
      assertThat(ConnectTestSupport.pluginMetric(connector, "connection-failures-total")).isEqualTo(1);
      assertThat(ConnectTestSupport.pluginMetric(connector, "reconnects-total")).isEqualTo(1);
      assertThat(ConnectTestSupport.pluginMetric(connector, "backfill-failures-total")).isZero();

      final List<Trade> trades = trades(topics);
      final int firstLive = indexOfFirst(trades, DataSource.LIVE);
      final List<Trade> gapFill = trades.subList(firstLive, trades.size()).stream()
          .filter(t -> t.getSource() == DataSource.BACKFILL).collect(Collectors.toList());
      assertThat(gapFill).as("trades of the gap came by backfill").isNotEmpty();
      assertThat(identities(trades)).as("the overlap came twice and deduplicates").hasSizeLessThan(trades.size());
      for (final String symbol : List.of("ESZ6", "NQZ6", "EURUSD")) {
        assertSameTradesAsTheSimulatorSent(symbol, trades);
      }
    }
  }

  /**
   * Every symbol backfills at once (a first start with a lookback, as after a reconnect), each history answered in
   * its turn: the task writes them merged in time, as the market made them, since the Streams app would take a
   * symbol whose history comes after the others' newer trades for idle and its history for late.
   */
  @Test
  void shouldWriteTheHistoriesOfSymbolsBackfillingAtOnceMergedInTime() throws Exception {
    final int port = startSimulator(SimulatorConfig.defaults(11, micros(Instant.now())).withRate(2_000)
        .withPrehistory(Duration.ofMinutes(2)).withHistoricalPort(0));
    final String topics = createTopics("round");
    final List<String> symbols = List.of("ESZ6", "NQZ6", "EURUSD", "AAPL", "CLF7");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-dtc-round")) {
      worker.putConnector("dtc-round", connector(port, topics, "ESZ6@CME,NQZ6@CME,EURUSD@FX,AAPL@NASDAQ,CLF7@NYMEX",
          Map.of("dtc.historical.port", Integer.toString(historyPort), "backfill.lookback.ms", "180000")));
      await().atMost(TIMEOUT).until(() -> trades(topics).stream().filter(t -> t.getSource() == DataSource.LIVE)
          .map(Trade::getSymbol).collect(Collectors.toSet()).containsAll(symbols));

      final List<Trade> trades = trades(topics);
      final List<String> backInTime = new ArrayList<>();
      Instant newest = Instant.MIN;
      for (final Trade trade : trades) {
        final Instant time = trade.getEventTime().truncatedTo(ChronoUnit.MILLIS);
        if (trade.getSource() == DataSource.BACKFILL && time.isBefore(newest)) {
          backInTime.add(trade.getSymbol() + " " + time + " after " + newest);
        }
        newest = newest.isAfter(time) ? newest : time;
      }
      assertThat(backInTime).as("backfilled trades older than a trade written before them").isEmpty();
      assertThat(trades.stream().filter(t -> t.getSource() == DataSource.BACKFILL).count())
          .as("the made-up past of every symbol").isGreaterThan(5 * 1_000);
      for (final String symbol : symbols) {
        assertSameTradesAsTheSimulatorSent(symbol, trades);
      }
      assertThat(ConnectTestSupport.pluginMetric("dtc-round", "backfill-rounds-split-total")).isZero();
    }
  }

  @Test
  void shouldKeepRetryingAndReportWhenTheServerIsDeadThenRecoverWhenItComesUp() throws Exception {
    final int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    final String topics = createTopics("dead");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-dtc-dead")) {
      worker.putConnector("dtc-dead", connector(port, topics, "ESZ6@CME", Map.of()));
      await().atMost(TIMEOUT).until(() -> worker.isRunning("dtc-dead", 1)
          && ConnectTestSupport.pluginMetric("dtc-dead", "connection-failures-total") >= 3);
      assertThat(ConnectTestSupport.pluginMetric("dtc-dead", "connected")).isZero();
      assertThat(worker.isRunning("dtc-dead", 1)).as("a dead server does not fail the task").isTrue();

      startSimulator(port);
      await().atMost(TIMEOUT).until(() -> count(topics + ".trades") >= 20);
      assertThat(ConnectTestSupport.pluginMetric("dtc-dead", "connected")).isEqualTo(1);
    }
  }

  @Test
  void shouldDeadLetterARejectedSymbolWhileTheOtherSymbolsFlow() throws Exception {
    final int port = startSimulator(0);
    simulator.faults().rejectSymbol("NQZ6");
    final String topics = createTopics("reject");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-dtc-reject")) {
      worker.putConnector("dtc-reject", connector(port, topics, "ESZ6@CME,NQZ6@CME", Map.of()));
      await().atMost(TIMEOUT).until(() -> count(topics + ".dlq") == 1 && count(topics + ".trades") >= 50);

      final DeadLetter letter = read(topics + ".dlq", DeadLetter.class).get(0);
      assertThat(letter.getReasonCode()).isEqualTo("symbol_rejected");
      assertThat(letter.getDetail()).isEqualTo("DTC server 127.0.0.1:" + port + " rejected symbol NQZ6@CME:"
          + " Symbol NQZ6 is not available");
      assertThat(letter.getSourceTopic()).isEqualTo(topics + ".trades");
      assertThat(trades(topics)).extracting(Trade::getSymbol).containsOnly("ESZ6");
      assertThat(ConnectTestSupport.pluginMetric("dtc-reject", "symbols-rejected-total")).isEqualTo(1);
      assertThat(worker.isRunning("dtc-reject", 1)).isTrue();
    }
  }

  @Test
  void shouldFailOnlyTheTaskWithTheReasonWhenTheLogonIsRefusedForGood() throws Exception {
    final int port = startSimulator(0);
    simulator.faults().refuseLogons(3, "account disabled");
    final String topics = createTopics("refused");
    try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(broker, "it-dtc-refused")) {
      worker.putConnector("dtc-refused", connector(port, topics, "ESZ6@CME", Map.of()));
      await().atMost(TIMEOUT).until(() -> "FAILED".equals(taskState(worker, "dtc-refused")));
      final JsonNode task = worker.status("dtc-refused").path("tasks").get(0);
      assertThat(task.path("trace").asText()).contains("ConnectException: DTC server 127.0.0.1:" + port
          + " stopped the session for good: logon refused, do not reconnect: account disabled");
      assertThat(worker.status("dtc-refused").path("connector").path("state").asText()).isEqualTo("RUNNING");
    }
  }

  /**
   * Deduplicated on the trade identity, the connector's trades of a symbol equal what the simulator streamed, from
   * the second of the first published trade up to the last time both have seen completely.
   */
  private void assertSameTradesAsTheSimulatorSent(String symbol, List<Trade> trades) {
    final List<Trade> published = trades.stream().filter(t -> t.getSymbol().equals(symbol))
        .collect(Collectors.toList());
    final long first = published.stream().mapToLong(t -> micros(t.getEventTime())).min().orElseThrow();
    final long from = Math.floorDiv(first, MICROS_PER_SECOND) * MICROS_PER_SECOND;
    final String exchange = published.get(0).getExchange();
    final List<MarketEvents.HistoricalTick> sent = SimulatorHistory.ticks(historyPort, symbol, exchange, from,
        TIMEOUT);
    final long end = Math.min(published.stream().mapToLong(t -> micros(t.getEventTime())).max().orElseThrow(),
        sent.get(sent.size() - 1).eventTimeMicros());
    final Set<String> expected = SimulatorHistory.expectedIdentities(symbol, sent, end);
    final Set<String> actual = identities(published.stream().filter(t -> micros(t.getEventTime()) < end)
        .collect(Collectors.toList()));
    assertThat(expected).as("trades of %s compared", symbol).hasSizeGreaterThan(30);
    assertThat(actual).as("trades of %s", symbol).isEqualTo(expected);
  }

  private static Set<String> identities(List<Trade> trades) {
    return trades.stream().map(t -> SimulatorHistory.identity(t.getSymbol(), micros(t.getEventTime()), t.getPrice(), t.getSize(),
        t.getSide().name(), t.getSequence())).collect(Collectors.toSet());
  }

  private static int indexOfFirst(List<Trade> trades, DataSource source) {
    for (int i = 0; i < trades.size(); i++) {
      if (trades.get(i).getSource() == source) {
        return i;
      }
    }
    throw new AssertionError("no " + source + " trade");
  }

  private static String taskState(EmbeddedConnectWorker worker, String connector) {
    final JsonNode status = worker.status(connector);
    return status == null ? "" : status.path("tasks").path(0).path("state").asText();
  }

  private static Map<String, String> connector(int port, String topics, String symbols, Map<String, String> extra) {
    final Map<String, String> config = new HashMap<>();
    config.put("connector.class", DtcSourceConnector.class.getName());
    config.put("tasks.max", "1");
    config.put("dtc.host", "127.0.0.1");
    config.put("dtc.port", Integer.toString(port));
    config.put("dtc.username", "it");
    config.put("dtc.password", "secret");
    config.put("symbols", symbols);
    config.put("heartbeat.interval.seconds", "5");
    config.put("reconnect.backoff.ms", "50");
    config.put("reconnect.backoff.max.ms", "500");
    config.put("trades.topic", topics + ".trades");
    config.put("quotes.topic", topics + ".quotes");
    config.put("depth.topic", topics + ".depth");
    config.put("security.definitions.topic", topics + ".defs");
    config.put("dead.letter.topic", topics + ".dlq");
    config.putAll(extra);
    return config;
  }

  private static String createTopics(String name) {
    final String prefix = "it.dtc." + name;
    ConnectTestSupport.createTopics(broker, prefix + ".trades", prefix + ".quotes", prefix + ".depth",
        prefix + ".defs", prefix + ".dlq");
    return prefix;
  }

  private static long count(String topic) throws Exception {
    return ConnectTestSupport.count(broker, topic);
  }

  private static List<Trade> trades(String topics) {
    return read(topics + ".trades", Trade.class);
  }

  private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
    final AvroSerde<T> serde = AvroSerde.of(type);
    return TopicReader.readAll(broker, topic, TIMEOUT).stream()
        .map(r -> serde.deserializer().deserialize(topic, r.value())).collect(Collectors.toList());
  }

  private static long micros(Instant time) {
    return time.getEpochSecond() * MICROS_PER_SECOND + time.getNano() / 1000;
  }
}
