package io.tickflow.cli.dtc;

import io.tickflow.cli.NonNegativeIntConverter;
import io.tickflow.cli.PortConverter;
import io.tickflow.dtc.client.DtcClient;
import io.tickflow.dtc.client.DtcClientConfig;
import io.tickflow.dtc.client.DtcClientListener;
import io.tickflow.dtc.client.LogonResult;
import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.DtcJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Connects to a DTC server and prints every message it receives as one line of DTC JSON. */
@Command(name = "dtc-tail", mixinStandardHelpOptions = true,
    description = "Connect to a DTC server, subscribe, and print every message as one line of DTC JSON "
        + "(the protocol's field names and Type numbers, unset values omitted) until Ctrl-C.")
public final class DtcTailCommand implements Callable<Integer> {
  private static final int POLL_LIMIT = 1024;

  @Spec
  private CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "DTC server host (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", required = true, converter = PortConverter.class, description = "DTC server port.")
  private int port;

  @Option(names = "--symbols", split = ",", required = true, description = "Symbols to subscribe, e.g. ESZ6,NQZ6.")
  private List<String> symbols;

  @Option(names = "--exchange", defaultValue = "", description = "Exchange sent with every symbol (default: none).")
  private String exchange;

  @Option(names = "--encoding", defaultValue = "binary", description = "binary or json (default: ${DEFAULT-VALUE}).")
  private String encoding;

  @Option(names = "--depth", defaultValue = "0", converter = DepthLevelsConverter.class,
      description = "Market depth levels per symbol, 0 for none, at most 100 (default: ${DEFAULT-VALUE}).")
  private int depth;

  @Option(names = "--username", defaultValue = "", description = "Logon username (default: none).")
  private String username;

  @Option(names = "--password", defaultValue = "", description = "Logon password (default: none).")
  private String password;

  @Option(names = "--max-messages", defaultValue = "0", converter = NonNegativeIntConverter.class,
      description = "Stop after this many messages, 0 for never (default: ${DEFAULT-VALUE}).")
  private int maxMessages;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    final DtcClientConfig config = DtcClientConfig.of(host, port).withEncoding(wireEncoding())
        .withCredentials(username, password);
    final PrintWriter out = spec.commandLine().getOut();
    final DtcJson json = new DtcJson();
    final long[] printed = new long[1];
    try (DtcClient client = new DtcClient(config, new ConnectionReport(spec.commandLine().getErr()))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "dtc-tail-stop"));
      client.start();
      symbols.forEach(symbol -> client.subscribe(symbol.trim(), exchange, depth));
      while (!stopped.await(0, TimeUnit.MILLISECONDS) && client.failure().isEmpty()
          && (maxMessages == 0 || printed[0] < maxMessages)) {
        final int count = client.poll((type, buffer, offset, length) -> {
          if (maxMessages == 0 || printed[0] < maxMessages) {
            out.println(json.toJson(buffer, offset, length, true));
            printed[0]++;
          }
        }, POLL_LIMIT);
        if (count == 0) {
          out.flush();
          stopped.await(1, TimeUnit.MILLISECONDS);
        }
      }
      out.flush();
      client.failure().ifPresent(failure -> {
        throw failure;
      });
      return 0;
    }
  }

  private DtcEncoding wireEncoding() {
    for (DtcEncoding supported : List.of(DtcEncoding.BINARY, DtcEncoding.JSON)) {
      if (supported.name().equalsIgnoreCase(encoding)) {
        return supported;
      }
    }
    throw new ParameterException(spec.commandLine(),
        "Invalid value for option '--encoding': '" + encoding + "' is not binary or json");
  }

  /**
   * Says on stderr why nothing arrives: the client retries an unreachable or refusing server for ever, which would
   * otherwise look like a quiet market.
   */
  private final class ConnectionReport implements DtcClientListener {

    private final PrintWriter err;

    ConnectionReport(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void onDisconnected(String reason, boolean willReconnect) {
      report("DTC server " + host + ":" + port + " unavailable: " + reason + (willReconnect ? "; retrying" : ""));
    }

    @Override
    public void onLogonFailed(LogonResult result, boolean willRetry) {
      report("DTC server " + host + ":" + port + " refused the logon: " + result.text()
          + (willRetry ? "; retrying" : ""));
    }

    private void report(String line) {
      err.println(line);
      err.flush();
    }
  }
}
