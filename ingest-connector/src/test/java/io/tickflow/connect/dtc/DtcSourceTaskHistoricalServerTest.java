package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.connect.FakeTaskContext;
import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimFaults;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The task against the simulator serving history on a separate port, as Sierra Chart does, or on its market-data
 * port: the gap of a dropped connection is filled, every trade exactly once after deduplication, however the
 * server ends its answers.
 */
class DtcSourceTaskHistoricalServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final Instrument ES = Instrument.defaults().get(0);
  private static final Instrument NQ = Instrument.defaults().get(1);
  /** The longest allowed, far beyond {@link #TIMEOUT}: a backfill that completes was ended by its answer. */
  private static final String BACKFILL_TIMEOUT_MS = "3600000";

  private final FakeTaskContext context = new FakeTaskContext();
  private final DtcSourceTask task = new DtcSourceTask();
  private final List<SourceRecord> trades = new ArrayList<>();
  private DtcSimulator simulator;

  @AfterEach
  void tearDown() {
    task.stop();
    simulator.close();
  }

  @ParameterizedTest(name = "history on its own port: {0}, answers ending with {1}")
  @CsvSource({"true, FINAL_RECORD", "true, TRAILER", "true, BOTH", "false, FINAL_RECORD", "false, TRAILER",
      "false, BOTH"})
  void shouldFillTheGapOfADroppedConnectionWithEveryTradeOnce(boolean historicalPort, SimFaults.HistoryEnd end) {
    final SimulatorConfig config = SimulatorConfig.defaults(3, System.currentTimeMillis() * 1000).withRate(2_000)
        .withInstruments(List.of(ES));
    simulator = new DtcSimulator(historicalPort ? config.withHistoricalPort(0) : config);
    simulator.faults().endHistoryWith(end);
    final int port = simulator.start();
    final int historyPort = historicalPort ? simulator.historicalPort() : port;
    start(port, historicalPort ? historyPort : null, List.of(ES), Map.of());
    pollUntil(() -> trades.size() >= 200);

    simulator.dropConnections(); // the reconnect waits 300 ms or more: trades of the gap are only in the history
    pollUntil(() -> context.metric("backfills-total") >= 2);
    pollUntil(() -> context.metric("backfills-completed-total") >= 2);
    final int afterBackfill = trades.size();
    pollUntil(() -> trades.size() >= afterBackfill + 200);

    assertThat(context.metric("reconnects-total")).isEqualTo(1);
    assertThat(context.metric("backfill-failures-total")).isZero();
    assertThat(context.metric("backfills-completed-total")).isEqualTo(2);
    assertThat(context.metric("historical-connects-total")).isEqualTo(historicalPort ? 2 : 0);
    assertThat(context.metric("historical-failures-total")).isZero();
    assertEveryTradeOnce(historyPort);
  }

  /**
   * Sierra Chart's usual setup on a busy server: the simulator sends its market data in bursts, so when the
   * historical data server answers on its own connection, the trades of the burst under way are in the history but
   * not yet sent live. The history then runs ahead of the live trades read when its answer ends, and those still to
   * come must not be published again.
   */
  @Test
  void shouldPublishEveryTradeOnceWhenTheHistoryRunsAheadOfTheLiveFeed() {
    simulator = new DtcSimulator(SimulatorConfig.defaults(3, System.currentTimeMillis() * 1000).withRate(2_000)
        .withInstruments(List.of(ES)).withHistoricalPort(0));
    simulator.faults().sendLiveInBursts(Duration.ofMillis(300));
    final int port = simulator.start();
    start(port, simulator.historicalPort(), List.of(ES), Map.of());
    pollUntil(() -> trades.size() >= 200);

    simulator.dropConnections();
    pollUntil(() -> context.metric("backfills-completed-total") >= 2);
    final int afterBackfill = trades.size();
    pollUntil(() -> trades.size() >= afterBackfill + 400);

    assertThat(context.metric("backfill-failures-total")).isZero();
    assertThat(context.metric("backfill-seam-timeouts-total")).isZero();
    assertEveryTradeOnce(simulator.historicalPort());
  }

  /**
   * A historical server that hangs for one symbol holds back the others' newer trades (they must not pass the history
   * still to come) until that backfill times out; then every symbol's trades go on, ES's with a gap it reports.
   */
  @Test
  void shouldHoldTheOthersOnlyUntilAHangingHistoryTimesOut() {
    simulator = new DtcSimulator(SimulatorConfig.defaults(3, System.currentTimeMillis() * 1000).withRate(2_000)
        .withInstruments(List.of(ES, NQ)).withHistoricalPort(0));
    simulator.faults().withholdHistory(ES.symbol());
    start(simulator.start(), simulator.historicalPort(), List.of(ES, NQ), Map.of("backfill.timeout.ms", "3000"));

    pollUntil(() -> !trades.isEmpty());
    assertThat(context.metric("backfill-failures-total")).as("ES's backfill gave up before any trade went").isOne();
    pollUntil(() -> trades.stream().filter(trade -> symbol(trade).equals(NQ.symbol())).count() >= 200
        && trades.stream().anyMatch(trade -> symbol(trade).equals(ES.symbol())));

    assertThat(context.metric("backfill-failures-total")).isEqualTo(1);
    assertThat(context.metric("backfills-completed-total")).isEqualTo(1);
  }

  /** Every trade the simulator sent from the first one published to the last one both hold, each exactly once. */
  private void assertEveryTradeOnce(int historyPort) {
    final long first = trades.stream().mapToLong(DtcSourceTaskHistoricalServerTest::eventTime).min().orElseThrow();
    final List<MarketEvents.HistoricalTick> sent = SimulatorHistory.ticks(historyPort, ES.symbol(), ES.exchange(),
        Math.floorDiv(first, MICROS_PER_SECOND) * MICROS_PER_SECOND, TIMEOUT);
    final long last = Math.min(trades.stream().mapToLong(DtcSourceTaskHistoricalServerTest::eventTime).max()
        .orElseThrow(), sent.get(sent.size() - 1).eventTimeMicros());
    final Set<String> expected = SimulatorHistory.expectedIdentities(ES.symbol(), sent, last);
    final Set<String> published = trades.stream().filter(t -> eventTime(t) < last)
        .map(DtcSourceTaskHistoricalServerTest::identity).collect(Collectors.toSet());
    assertThat(expected).as("trades compared").hasSizeGreaterThan(300);
    assertThat(published).as("every trade the simulator sent, each once").isEqualTo(expected);
  }

  /**
   * @param historicalPort null for history on the market-data connection
   * @param settings       connector settings beyond these
   */
  private void start(int port, Integer historicalPort, List<Instrument> instruments, Map<String, String> settings) {
    final Map<String, String> props = new HashMap<>();
    props.put("dtc.host", "127.0.0.1");
    props.put("dtc.port", Integer.toString(port));
    if (historicalPort != null) {
      props.put("dtc.historical.port", historicalPort.toString());
    }
    props.put("backfill.timeout.ms", BACKFILL_TIMEOUT_MS);
    props.putAll(settings);
    props.put("symbols", instruments.stream().map(instrument -> instrument.symbol() + "@" + instrument.exchange())
        .collect(Collectors.joining(",")));
    props.put("heartbeat.interval.seconds", "2");
    props.put("reconnect.backoff.ms", "600");
    props.put("reconnect.backoff.max.ms", "1200");
    task.initialize(context);
    task.start(props);
  }

  /** Polls the task on this thread, as the worker would, until the condition holds. */
  private void pollUntil(BooleanSupplier condition) {
    await().atMost(TIMEOUT).until(() -> {
      final List<SourceRecord> batch = task.poll();
      if (batch != null) {
        batch.stream().filter(r -> r.topic().equals("tickflow.raw.trades")).forEach(trades::add);
        context.commit(batch);
      }
      return condition.getAsBoolean();
    });
  }

  private static long eventTime(SourceRecord trade) {
    return ((Struct) trade.value()).getInt64("eventTime");
  }

  private static String symbol(SourceRecord trade) {
    return ((Struct) trade.value()).getString("symbol");
  }

  private static String identity(SourceRecord trade) {
    final Struct value = (Struct) trade.value();
    return SimulatorHistory.identity(value.getString("symbol"), value.getInt64("eventTime"),
        value.getFloat64("price"), value.getInt64("size"), value.getString("side"), value.getInt32("sequence"));
  }
}
