package io.tickflow.dtc.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link DtcSimulator}.
 *
 * @param port            TCP port, 0 for any free port
 * @param instruments     instruments served
 * @param eventsPerSecond market events per second over all instruments, 0 for as fast as clients take them
 * @param seed            seed of the market; the same seed and start time give the same events
 * @param startMicros     simulated clock start, UTC microseconds since the epoch
 * @param format          which trade and quote message variants to stream
 * @param historyCapacity trades remembered per instrument for historical requests
 * @param host            address to listen on: 127.0.0.1 (default) or 0.0.0.0 to be reachable from other hosts
 * @param historicalPort  {@link #HISTORY_ON_MARKET_DATA_PORT} to serve history on the market-data port; else the
 *                        port (0 for any free one) of a separate historical data server, as Sierra Chart has: the
 *                        market-data logon then says HistoricalPriceDataSupported = 0, and the historical one says
 *                        OneHistoricalPriceDataRequestPerConnection = 1 and closes after each request
 * @param prehistoryMicros how long the market ran before {@code startMicros}: made up at once when the simulator is
 *                        built, at the same rate, its trades served as historical ticks (never streamed), so that a
 *                        client's first backfill has a past to fetch; 0 for none
 */
public record SimulatorConfig(int port, List<Instrument> instruments, int eventsPerSecond, long seed,
    long startMicros, WireFormat format, int historyCapacity, String host, int historicalPort,
    long prehistoryMicros) {

  /** {@link #historicalPort} of a simulator that serves history on its market-data port. */
  public static final int HISTORY_ON_MARKET_DATA_PORT = -1;

  /**
   * Bytes of a client's connection written and not yet sent beyond which the simulator stops reading its requests
   * until they are sent: answers (snapshots, security definitions, historical records) are never dropped, unlike
   * market data, so a client that asks and does not read would otherwise hold ever more of the simulator's heap. One
   * answer is always served in full (a whole history is megabytes); the requests after it wait in the socket.
   */
  public static final int MAX_UNSENT_ANSWER_BYTES = 8 << 20;

  /** The market-data message variants the simulator streams. */
  public enum WireFormat {
    /** MARKET_DATA_UPDATE_TRADE (107) and _BID_ASK (108): double prices. */
    FULL,
    /** _TRADE_COMPACT (112) and _BID_ASK_COMPACT (117): float prices, whole seconds. */
    COMPACT,
    /** _TRADE_WITH_UNBUNDLED_INDICATOR_2 (146) and _BID_ASK_FLOAT_WITH_MICROSECONDS (144). */
    MICROS,
    /**
     * The newest header's variants, which it prefers over all the above: _TRADE_V2 (147) and
     * _BID_ASK_DOUBLE_WITH_MICROSECONDS (148), double prices and microsecond times, and MARKET_DEPTH_UPDATE_LEVEL_V2
     * (109) for depth.
     */
    V2
  }

  public SimulatorConfig {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(host, "host");
    instruments = List.copyOf(instruments);
    if (instruments.isEmpty()) {
      throw new IllegalArgumentException("instruments must not be empty");
    }
    if (port < 0 || port > 0xFFFF || eventsPerSecond < 0 || historyCapacity < 0) {
      throw new IllegalArgumentException("port must be in [0, 65535] and eventsPerSecond, historyCapacity >= 0");
    }
    if (prehistoryMicros < 0 || prehistoryMicros > 0 && eventsPerSecond == 0) {
      throw new IllegalArgumentException("prehistoryMicros must be >= 0, and 0 for an unpaced market (no rate to "
          + "make it up at), was " + prehistoryMicros);
    }
    if (historicalPort < HISTORY_ON_MARKET_DATA_PORT || historicalPort > 0xFFFF) {
      throw new IllegalArgumentException("historicalPort must be -1 (none) or in [0, 65535], was " + historicalPort);
    }
  }

  /**
   * The demo defaults: every default instrument, 1000 events/s, full messages, 65536 trades of history each (beyond
   * the prehistory's), none before the start.
   */
  public static SimulatorConfig defaults(long seed, long startMicros) {
    return new SimulatorConfig(0, Instrument.defaults(), 1000, seed, startMicros, WireFormat.FULL, 1 << 16, "127.0.0.1",
        HISTORY_ON_MARKET_DATA_PORT, 0);
  }

  public SimulatorConfig withPort(int newPort) {
    return new SimulatorConfig(newPort, instruments, eventsPerSecond, seed, startMicros, format, historyCapacity, host,
        historicalPort, prehistoryMicros);
  }

  public SimulatorConfig withRate(int newEventsPerSecond) {
    return new SimulatorConfig(port, instruments, newEventsPerSecond, seed, startMicros, format, historyCapacity, host,
        historicalPort, prehistoryMicros);
  }

  public SimulatorConfig withInstruments(List<Instrument> newInstruments) {
    return new SimulatorConfig(port, newInstruments, eventsPerSecond, seed, startMicros, format, historyCapacity, host,
        historicalPort, prehistoryMicros);
  }

  public SimulatorConfig withFormat(WireFormat newFormat) {
    return new SimulatorConfig(port, instruments, eventsPerSecond, seed, startMicros, newFormat, historyCapacity, host,
        historicalPort, prehistoryMicros);
  }

  public SimulatorConfig withHost(String newHost) {
    return new SimulatorConfig(port, instruments, eventsPerSecond, seed, startMicros, format, historyCapacity,
        newHost, historicalPort, prehistoryMicros);
  }

  public SimulatorConfig withHistoricalPort(int newHistoricalPort) {
    return new SimulatorConfig(port, instruments, eventsPerSecond, seed, startMicros, format, historyCapacity, host,
        newHistoricalPort, prehistoryMicros);
  }

  public boolean hasHistoricalPort() {
    return historicalPort != HISTORY_ON_MARKET_DATA_PORT;
  }

  public SimulatorConfig withHistoryCapacity(int newCapacity) {
    return new SimulatorConfig(port, instruments, eventsPerSecond, seed, startMicros, format, newCapacity, host,
        historicalPort, prehistoryMicros);
  }

  /** This config with a market made up for {@code prehistory} before its start (see {@link #prehistoryMicros}). */
  public SimulatorConfig withPrehistory(Duration prehistory) {
    return new SimulatorConfig(port, instruments, eventsPerSecond, seed, startMicros, format, historyCapacity, host,
        historicalPort, prehistory.toNanos() / 1000);
  }
}
