package io.tickflow.cli.demo;

import io.tickflow.dtc.sim.Instrument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code tickflow demo} runs, where and on which loopback ports.
 *
 * @param directory where every component keeps its data (Kafka logs, Connect offsets, Streams state, the log file)
 * @param kafkaPort Kafka client port (the controller uses the next one)
 * @param connectPort Kafka Connect REST port
 * @param httpPort query service (REST, WebSocket, web page) port
 * @param dtcPort DTC simulator port (market data)
 * @param dtcHistoricalPort DTC simulator's historical data server port, apart as Sierra Chart's is
 * @param instruments what the simulator trades
 * @param eventsPerSecond simulator market events per second over all instruments
 * @param seed simulator seed
 * @param prehistory how much market before its first start the simulator makes up for the connector to backfill;
 *     on a restart, the time since the last trade, up to this
 * @param database the sink's database, or null for no sink
 * @param streamsOverrides Streams app and query service settings over the demo's (e.g. shorter timeframes in tests)
 */
public record DemoSettings(Path directory, int kafkaPort, int connectPort, int httpPort, int dtcPort,
                           int dtcHistoricalPort, List<Instrument> instruments, int eventsPerSecond, long seed,
                           Duration prehistory, DemoDatabase database,
                           Map<String, String> streamsOverrides) {

  public DemoSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(prehistory, "prehistory");
    streamsOverrides = Map.copyOf(streamsOverrides);
    instruments = List.copyOf(instruments);
    if (instruments.isEmpty()) {
      throw new IllegalArgumentException("the demo needs at least one instrument");
    }
    listeners(httpPort, connectPort, kafkaPort, dtcPort, dtcHistoricalPort); // refuses a port given to two components
  }

  /**
   * Each port the demo listens on and what listens there, with the option that moves it, in start order.
   *
   * @throws IllegalArgumentException when two components are given one port: the second would fail only once the
   *     first had started
   */
  Map<Integer, String> listeners() {
    return listeners(httpPort, connectPort, kafkaPort, dtcPort, dtcHistoricalPort);
  }

  // Static: the compact constructor checks the ports before the record's fields are set.
  private static Map<Integer, String> listeners(int httpPort, int connectPort, int kafkaPort, int dtcPort,
                                                int dtcHistoricalPort) {
    Map<Integer, String> listeners = new LinkedHashMap<>();
    List.of(Map.entry(httpPort, "web page and API, --http-port"),
        Map.entry(connectPort, "Kafka Connect REST, --connect-port"),
        Map.entry(kafkaPort, "Kafka, --kafka-port"),
        Map.entry(kafkaPort + 1, "Kafka controller, the port after --kafka-port"),
        Map.entry(dtcPort, "DTC simulator, --dtc-port"),
        Map.entry(dtcHistoricalPort, "DTC simulator's historical data server, --dtc-historical-port"))
        .forEach(listener -> {
          String other = listeners.putIfAbsent(listener.getKey(), listener.getValue());
          if (other != null) {
            throw new IllegalArgumentException("Port " + listener.getKey() + " is given twice: to the " + other
                + " and to the " + listener.getValue() + "; give each its own port");
          }
        });
    return listeners;
  }

  /**
   * How far back the demo's first backfill reaches: the prehistory, and a minute for the simulator starting before
   * the connector. The connector's lookback, and the Streams app's idleness: a symbol's history may lag the newer
   * trades of the others in its partition by that much.
   */
  Duration backfillSpan() {
    return prehistory.plus(Duration.ofMinutes(1));
  }

  /** The DTC connector's symbol list: {@code SYMBOL@EXCHANGE,...}. */
  String dtcSymbols() {
    return String.join(",", instruments.stream().map(i -> i.symbol() + "@" + i.exchange()).toList());
  }

  /**
   * The sink's database.
   *
   * @param url JDBC URL
   * @param user user, or empty to take it from the URL
   * @param password password, or empty
   * @param schema schema of the Tickflow tables
   */
  public record DemoDatabase(String url, String user, String password, String schema) {
  }
}
