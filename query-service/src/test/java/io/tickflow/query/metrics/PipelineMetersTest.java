package io.tickflow.query.metrics;

import static io.tickflow.query.metrics.PipelineSeries.rejected;
import static io.tickflow.query.metrics.PipelineSeries.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.tickflow.schemas.Trade;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowTopology;
import io.tickflow.streams.ingest.Rejection.Reason;
import io.tickflow.streams.metrics.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline meters over the real topology's sensors, driven by a TopologyTestDriver, as Prometheus scrapes them. */
class PipelineMetersTest {

  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static final String TRADES_IN = PipelineSeries.in(Pipeline.TRADES);

  private final MockClock clock = new MockClock();
  private final AtomicInteger metricsReads = new AtomicInteger();
  private TopologyTestDriver driver;
  private RawTradesInput rawTrades;
  private QueryMetrics metrics;
  /** Held here as the binding holds it in the service: the registry holds the meters' state weakly. */
  private PipelineMeters pipelines;

  @BeforeEach
  void start() {
    StreamsAppConfig config = new StreamsAppConfig(
        Map.of(StreamsAppConfig.STATE_STORE_TYPE_CONFIG, StreamsAppConfig.STORE_IN_MEMORY));
    driver = new TopologyTestDriver(TickflowTopology.build(config), config.streamsProperties(), T0);
    rawTrades = new RawTradesInput(driver);
    metrics = QueryMetrics.create(clock);
    pipelines = metrics.bindPipelines(() -> {
      metricsReads.incrementAndGet();
      return driver.metrics();
    });
  }

  @AfterEach
  void stop() {
    metrics.close();
    driver.close();
  }

  @Test
  void shouldExportEveryPipelineAndRejectionReasonAtZeroBeforeAnyRecord() {
    String scrape = metrics.scrape();

    for (Pipeline pipeline : Pipeline.values()) {
      assertThat(value(scrape, PipelineSeries.in(pipeline))).isZero();
      assertThat(value(scrape, PipelineSeries.out(pipeline))).isZero();
      for (Reason reason : Reason.values()) {
        assertThat(value(scrape, rejected(pipeline, reason))).isZero();
      }
    }
    assertThat(scrape.lines().filter(line -> line.startsWith("tickflow_pipeline_records_rejected_total{")))
        .hasSize(Pipeline.values().length * Reason.values().length)
        .contains("tickflow_pipeline_records_rejected_total{pipeline=\"trades\",reason=\"duplicate\"} 0.0",
            "tickflow_pipeline_records_rejected_total{pipeline=\"quotes\",reason=\"crossed_quote\"} 0.0");
  }

  @Test
  void shouldBalanceInAgainstOutAndRejectedByReasonWhenGoodAndBadTradesCame() {
    metrics.scrape();
    rawTrades.pipe(List.of(
        trade(100.0, 1, T0),
        trade(100.0, 1, T0),
        trade(0.0, 1, T0.plusMillis(1)),
        trade(100.0, 0, T0.plusMillis(2)),
        trade(100.25, 1, T0.plusSeconds(1))));
    clock.add(PipelineMeters.MAX_AGE);

    String scrape = metrics.scrape();

    assertThat(value(scrape, TRADES_IN)).isEqualTo(5);
    assertThat(value(scrape, PipelineSeries.out(Pipeline.TRADES))).isEqualTo(2);
    assertThat(value(scrape, rejected(Pipeline.TRADES, Reason.DUPLICATE))).isEqualTo(1);
    assertThat(value(scrape, rejected(Pipeline.TRADES, Reason.PRICE_NOT_POSITIVE))).isEqualTo(1);
    assertThat(value(scrape, rejected(Pipeline.TRADES, Reason.SIZE_NOT_POSITIVE))).isEqualTo(1);
    assertThat(value(scrape, TRADES_IN)).isEqualTo(value(scrape, PipelineSeries.out(Pipeline.TRADES))
        + PipelineSeries.rejectedTotal(scrape, Pipeline.TRADES));
  }

  @Test
  void shouldReadTheMetricsOnceForAllMetersUntilTheSnapshotIsASecondOld() {
    String first = metrics.scrape();
    rawTrades.pipe(List.of(trade(100.0, 1, T0)));
    clock.add(PipelineMeters.MAX_AGE.minusNanos(1));

    String cached = metrics.scrape();
    int readsWhileCached = metricsReads.get();
    clock.add(Duration.ofNanos(1));
    String fresh = metrics.scrape();

    assertThat(readsWhileCached).isEqualTo(1);
    assertThat(metricsReads).hasValue(2);
    assertThat(value(first, TRADES_IN)).isZero();
    assertThat(value(cached, TRADES_IN)).isZero();
    assertThat(value(fresh, TRADES_IN)).isEqualTo(1);
  }

  @Test
  void shouldRemoveTheMetersWhenClosed() {
    assertThat(metrics.scrape()).contains(TRADES_IN);

    pipelines.close();

    assertThat(metrics.scrape()).doesNotContain("tickflow_pipeline_");
  }

  @Test
  void shouldPassPromtoolCheckWithThePipelineMeters() throws Exception {
    rawTrades.pipe(List.of(trade(100.0, 1, T0), trade(0.0, 1, T0.plusMillis(1))));

    Promtool.assertValidExposition(metrics.scrape());
  }

  private static Trade trade(double price, long size, Instant at) {
    return RawTradesInput.trade("ESZ26", price, size, at);
  }
}
