package io.tickflow.cli.demo;

import io.tickflow.cli.LogFile;
import io.tickflow.cli.NonNegativeIntConverter;
import io.tickflow.cli.PortConverter;
import io.tickflow.cli.PrehistoryConverter;
import io.tickflow.cli.local.ConsoleStatus;
import io.tickflow.dtc.sim.Instrument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow demo}: the whole pipeline on this machine with no external services, fed by the DTC simulator,
 * until Ctrl-C. Data stays in {@code --dir}, so a restart resumes where it stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline locally (embedded Kafka, Connect, DTC simulator, Streams, web page) "
        + "until Ctrl-C. Logs go to <dir>/tickflow.log.")
public final class DemoCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--dir", defaultValue = ".tickflow/demo",
      description = "Where the demo keeps its data; a restart resumes from it (default: ${DEFAULT-VALUE}).")
  private Path directory;

  @Option(names = "--http-port", converter = PortConverter.class, defaultValue = "8080",
      description = "Web page and API port (default: ${DEFAULT-VALUE}).")
  private int httpPort;

  @Option(names = "--kafka-port", converter = KafkaPortConverter.class, defaultValue = "9092",
      description = "Kafka port; the controller uses the next one (default: ${DEFAULT-VALUE}).")
  private int kafkaPort;

  @Option(names = "--connect-port", converter = PortConverter.class, defaultValue = "8083",
      description = "Kafka Connect REST port (default: ${DEFAULT-VALUE}).")
  private int connectPort;

  @Option(names = "--dtc-port", converter = PortConverter.class, defaultValue = "11099",
      description = "DTC simulator port (default: ${DEFAULT-VALUE}).")
  private int dtcPort;

  @Option(names = "--dtc-historical-port", converter = PortConverter.class, defaultValue = "11098",
      description = "DTC simulator's historical data server port, apart from the market data as Sierra Chart's is;"
          + " the connector fills its gaps from there (default: ${DEFAULT-VALUE}).")
  private int dtcHistoricalPort;

  @Option(names = "--symbols", split = ",", description = "Simulator instruments (default: all of "
      + "ESZ6, NQZ6, CLF7, GCG7, ZNH7, EURUSD, GBPUSD, USDJPY, AAPL, MSFT).")
  private List<String> symbols;

  @Option(names = "--rate", converter = NonNegativeIntConverter.class, defaultValue = "200",
      description = "Market events per second over all instruments (default: ${DEFAULT-VALUE}).")
  private int rate;

  @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--prehistory", converter = PrehistoryConverter.class, defaultValue = "1h",
      description = "Market the simulator makes up before the demo's first start, which the connector backfills, so "
          + "that the charts open with a past: 0 or <count><s|m|h|d> up to 1d; on a restart, the time the demo was "
          + "stopped, up to this (default: ${DEFAULT-VALUE}).")
  private Duration prehistory;

  @Option(names = "--jdbc-url", description = "Also run the JDBC sink into this PostgreSQL/TimescaleDB database, "
      + "e.g. jdbc:postgresql://localhost:5432/tickflow (tables are created by db migrate first).")
  private String jdbcUrl;

  @Option(names = "--db-user", defaultValue = "", description = "Database user (default: from the URL).")
  private String dbUser;

  @Option(names = "--db-password", defaultValue = "${env:TICKFLOW_DB_PASSWORD}",
      description = "Database password (default: environment TICKFLOW_DB_PASSWORD).")
  private String dbPassword;

  @Override
  public Integer call() throws IOException, InterruptedException {
    DemoSettings settings = settings();
    Files.createDirectories(directory);
    Path logFile = directory.resolve("tickflow.log");
    LogFile.redirectTo(logFile);
    // The JDBC sink writes timestamps in the JVM's zone: UTC keeps them exact.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    System.out.println("Tickflow demo: data in " + directory.toAbsolutePath() + ", log in " + logFile);
    CountDownLatch stopped = new CountDownLatch(1);
    try (LocalStack stack = LocalStack.start(settings, new ConsoleStatus(System.out))) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("Stopping...");
        stack.close();
        stopped.countDown();
      }, "tickflow-demo-stop"));
      System.out.println();
      System.out.println("Open " + stack.url() + " for live charts. Press Ctrl-C to stop.");
      stopped.await();
    }
    return 0;
  }

  private DemoSettings settings() {
    List<Instrument> instruments;
    try {
      instruments = Instrument.defaults(symbols);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    DemoSettings.DemoDatabase database = jdbcUrl == null ? null
        : new DemoSettings.DemoDatabase(jdbcUrl, dbUser, dbPassword == null ? "" : dbPassword, "tickflow");
    try {
      return new DemoSettings(directory, kafkaPort, connectPort, httpPort, dtcPort, dtcHistoricalPort, instruments,
          rate, seed, prehistory, database, Map.of());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
