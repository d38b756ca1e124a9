package io.tickflow.cli.dtc;

import io.tickflow.cli.NonNegativeIntConverter;
import io.tickflow.cli.PortConverter;
import io.tickflow.cli.PrehistoryConverter;
import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimFaults;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the DTC simulator until Ctrl-C. */
@Command(name = "dtc-sim", mixinStandardHelpOptions = true,
    description = "Run the DTC market simulator until Ctrl-C.")
public final class DtcSimCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 to accept other hosts (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", converter = PortConverter.class, defaultValue = "11099",
      description = "TCP port (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--historical-port", converter = PortConverter.class,
      description = "Serve historical data on this separate TCP port, as Sierra Chart's historical data server does"
          + " (11098): the market-data port then says it serves no history, and the historical port closes after"
          + " each request. Connector: dtc.historical.port. Default: history on the market-data port.")
  private Integer historicalPort;

  @Option(names = "--symbols", split = ",",
      description = "Instruments to serve, from the default set (default: all of ESZ6, NQZ6, CLF7, GCG7, ZNH7, "
          + "EURUSD, GBPUSD, USDJPY, AAPL, MSFT).")
  private List<String> symbols;

  @Option(names = "--rate", converter = NonNegativeIntConverter.class, defaultValue = "1000",
      description = "Market events per second over all instruments; 0 for as fast as clients read "
          + "(default: ${DEFAULT-VALUE}).")
  private int rate;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the market (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--prehistory", converter = PrehistoryConverter.class, defaultValue = "0",
      description = "Market made up before the start, served as historical ticks (never streamed) for a client's "
          + "first backfill: 0 or <count><s|m|h|d> up to 1d; needs a --rate above 0 (default: ${DEFAULT-VALUE}).")
  private Duration prehistory;

  @Option(names = "--format", defaultValue = "FULL",
      description = "Trade/quote messages: FULL (107/108), COMPACT (112/117), MICROS (146/144), V2 (147/148, "
          + "depth 109: the newest header's) (default: ${DEFAULT-VALUE}).")
  private SimulatorConfig.WireFormat format;

  @Option(names = "--history-end", defaultValue = "FINAL_RECORD",
      description = "How a historical answer with records ends, as DTC servers differ: FINAL_RECORD (the last record"
          + " flagged IsFinalRecord, as Sierra Chart does), TRAILER (a HISTORICAL_PRICE_DATA_RESPONSE_TRAILER"
          + " instead), BOTH (default: ${DEFAULT-VALUE}).")
  private SimFaults.HistoryEnd historyEnd;

  @Override
  public Integer call() throws InterruptedException {
    final List<Instrument> instruments;
    try {
      instruments = Instrument.defaults(symbols);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (rate == 0 && !prehistory.isZero()) {
      throw new ParameterException(spec.commandLine(), "--prehistory needs a --rate above 0: an unpaced market has "
          + "no time to make up its past in");
    }
    final CountDownLatch stopped = new CountDownLatch(1);
    try (DtcSimulator simulator = new DtcSimulator(SimulatorConfig.defaults(seed, System.currentTimeMillis() * 1000)
        .withHost(host).withPort(port).withInstruments(instruments).withRate(rate).withFormat(format)
        .withHistoricalPort(historicalPort == null ? SimulatorConfig.HISTORY_ON_MARKET_DATA_PORT : historicalPort)
        .withPrehistory(prehistory))) {
      simulator.faults().endHistoryWith(historyEnd);
      simulator.start();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "dtc-sim-stop"));
      stopped.await();
    }
    return 0;
  }
}
