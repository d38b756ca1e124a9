package io.tickflow.streams.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tickflow.bars.BarEngine;
import io.tickflow.bars.BarSpec;
import io.tickflow.bars.OpenBar;
import io.tickflow.bars.PriceJumpGuard;
import io.tickflow.bars.SymbolState;
import io.tickflow.bars.SymbolStateSerde;
import io.tickflow.bars.Timeframe;
import io.tickflow.bars.TradeTick;
import io.tickflow.bars.TradingSession;
import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import io.tickflow.serde.AvroSerde;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.TickflowStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bar stage started again on the symbol states it (or another configuration) stored: a restart. */
class BarsProcessorTest {

  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  @TempDir
  Path stateDir;

  private final StreamsAppConfig config =
      new StreamsAppConfig(Map.of(StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m"));
  private MockProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, SymbolState> states;

  @BeforeEach
  void openStores() {
    context = context();
    states = store(context, TickflowStores.SYMBOL_STATE, new SymbolStateSerde(config.barSeries()));
    store(context, TickflowStores.SECURITY_DEFINITIONS, Serdes.ByteArray());
    addStore(context, Stores.windowStoreBuilder(Stores.inMemoryWindowStore(TickflowStores.bars("1m"),
        Duration.ofDays(1), Duration.ofMinutes(1), false), Serdes.String(), AvroSerde.of(Bar.class))
        .withLoggingDisabled().build());
  }

  @Test
  void shouldAcceptTheTradesHeldForAPriceLevelWhenItIsConfirmedAfterARestart() {
    start().process(new Record<>("ESZ26", trade(100.00, T0.plusSeconds(1)), 0L));
    BarsProcessor before = start();
    for (int i = 0; i < 3; i++) {
      before.process(new Record<>("ESZ26", trade(120.00, T0.plusSeconds(2 + i)), 0L));
    }
    assertThat(accepted()).as("the jump and two confirming trades are held").hasSize(1);

    start().process(new Record<>("ESZ26", trade(120.25, T0.plusSeconds(5)), 0L));

    assertThat(accepted()).extracting(Trade::getPrice).containsExactly(100.00, 120.00, 120.00, 120.00, 120.25);
    assertThat(states.get("ESZ26").held()).isEmpty();
  }

  /**
   * ES and ZN trade behind stream time, so the pass that stream time makes at 66 s finds their first bars (final at 65
   * s) due but the symbols not idle yet, and looks at them again when they would be (ZN at 68 s, ES at 69 s); a
   * restart rebuilds that index from the states alone. When NQ moves stream time to 70 s both are idle and their bars
   * final: in (closing time, symbol) order, restarted in between or not.
   */
  @Test
  void shouldEmitTheFinalBarsOfSymbolsIdleAtOnceInOneOrderWhetherRestartedBetweenOrNot() {
    List<String> straight = finalBarSymbols(false);
    openStores();
    List<String> restarted = finalBarSymbols(true);

    assertThat(straight).containsExactly("ESZ26", "ZNZ26");
    assertThat(restarted).isEqualTo(straight);
  }

  /** The symbols of the final bars of a run, restarted before its last trade or not. */
  private List<String> finalBarSymbols(boolean restartBeforeLast) {
    BarsProcessor bars = start();
    for (Trade trade : List.of(trade("ESZ26", 10), trade("ZNZ26", 20), trade("ZNZ26", 63), trade("ESZ26", 64),
        trade("NQZ26", 66))) {
      bars.process(new Record<>(trade.getSymbol(), trade, 0L));
    }
    if (restartBeforeLast) {
      bars = start();
    }
    bars.process(new Record<>("NQZ26", trade("NQZ26", 70), 0L));
    return context.forwarded().stream().map(f -> f.record().value()).filter(Bar.class::isInstance)
        .map(bar -> ((Bar) bar).getSymbol()).toList();
  }

  @Test
  void shouldDropTheOpenBarOfATimeframeNoLongerConfiguredWhenStartedOnItsState() {
    // Written while 15m bars were configured too: an open 1m and an open 15m bar.
    SymbolState written = new SymbolState();
    Trade first = trade(100.00, T0.plusSeconds(10));
    for (BarSpec.TimeBars spec : List.of(config.timeBars().get(0), new BarSpec.TimeBars(Timeframe.parse("15m")))) {
      OpenBar bar = OpenBar.ofWindow(spec, spec.timeframe().windowOf(TradeTick.toMicros(first.getEventTime()),
          TradingSession.UTC));
      bar.add(TradeTick.of(first));
      written.open(bar);
    }
    written.accept(first, TradeTick.toMicros(first.getEventTime()));
    states.put("ESZ26", written);

    start().process(new Record<>("ESZ26", trade(100.25, T0.plusSeconds(30 * 60)), 0L));

    List<Bar> finals = context.forwarded().stream().map(f -> f.record().value())
        .filter(Bar.class::isInstance).map(Bar.class::cast).toList();
    assertThat(finals).extracting(Bar::getTimeframe, Bar::getVolume)
        .containsExactly(tuple("1m", 1L));
  }

  /** A new bar stage on the stores, as after a restart: it loads the symbol states from the store. */
  private BarsProcessor start() {
    BarsProcessor processor = new BarsProcessor(new BarEngine(config.timeBars(), config.grace(), config.idle()),
        new PriceJumpGuard(config.priceJumpPercent(), config.priceJumpConfirmations()), config.instrumentSettings(),
        config.liveEmitInterval(), TickflowStores.SYMBOL_STATE, TickflowStores.SECURITY_DEFINITIONS,
        TickflowStores::bars);
    processor.init(context);
    return processor;
  }

  private List<Trade> accepted() {
    return context.forwarded().stream().map(f -> f.record().value())
        .filter(Trade.class::isInstance).map(Trade.class::cast).toList();
  }

  private static Trade trade(double price, Instant at) {
    return new Trade("ESZ26", "CME", price, 1L, AggressorSide.ASK, at, at, 0, DataSource.LIVE);
  }

  /** A trade of the symbol at 100 so many seconds after a minute's start. */
  private static Trade trade(String symbol, int second) {
    Instant at = T0.plusSeconds(second);
    return new Trade(symbol, "CME", 100.00, 1L, AggressorSide.ASK, at, at, 0, DataSource.LIVE);
  }

  private MockProcessorContext<String, SpecificRecord> context() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bars-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
  }

  private static <V> KeyValueStore<String, V> store(MockProcessorContext<String, SpecificRecord> context,
                                                    String name, Serde<V> values) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
        Serdes.String(), values).withLoggingDisabled().build();
    addStore(context, store);
    return store;
  }

  private static void addStore(MockProcessorContext<String, SpecificRecord> context, StateStore store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }
}
