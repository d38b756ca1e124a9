package io.tickflow.cli.local;

import io.tickflow.dtc.sim.DtcSimulator;
import io.tickflow.dtc.sim.Instrument;
import io.tickflow.dtc.sim.SimulatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Starts the DTC simulator with its market clock at the current time, as the demo and {@code run} use it. */
public final class DtcSimulatorStarter {

  private DtcSimulatorStarter() {
  }

  /**
   * Binds {@code host:port} (127.0.0.1 keeps it local, 0.0.0.0 opens it to other hosts) and starts the market.
   *
   * @param historicalPort the port of its historical data server, as Sierra Chart has one, or
   *                       {@link SimulatorConfig#HISTORY_ON_MARKET_DATA_PORT} to serve history on {@code port}
   * @param prehistory how long its market ran before now, served as history (none for an unpaced market)
   */
  public static DtcSimulator start(String host, int port, int historicalPort, List<Instrument> instruments,
                                   int eventsPerSecond, long seed, Duration prehistory) {
    Ports.requireFree(port, "DTC simulator");
    if (historicalPort != SimulatorConfig.HISTORY_ON_MARKET_DATA_PORT) {
      Ports.requireFree(historicalPort, "DTC simulator's historical data server");
    }
    // The newest header's messages (147/148/109), which it prefers to the older variants: double prices and quote
    // times to the microsecond, where MARKET_DATA_UPDATE_BID_ASK (108) has whole seconds.
    DtcSimulator simulator = new DtcSimulator(SimulatorConfig.defaults(seed, Clock.systemUTC().millis() * 1000)
        .withHost(host).withPort(port).withHistoricalPort(historicalPort).withInstruments(instruments)
        .withRate(eventsPerSecond).withFormat(SimulatorConfig.WireFormat.V2)
        .withPrehistory(eventsPerSecond == 0 ? Duration.ZERO : prehistory));
    simulator.start();
    return simulator;
  }
}
