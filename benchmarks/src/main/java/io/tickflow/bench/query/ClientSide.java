package io.tickflow.bench.query;

import io.tickflow.bench.GcPauses;
import io.tickflow.bench.ThreadGroupCpu;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The receiving end of the fan-out harness: the baseline consumer ({@link RevisionLog}) and the WebSocket clients
 * ({@link FanoutClients}), measured over the same phase. {@link WebSocketFanoutBenchmark} runs it in its own JVM, or
 * in a JVM of its own ({@code -Dclients=process}); {@link #main} also runs it on another machine against a service
 * started elsewhere, where the clients' CPU is not taken from the service's cores.
 */
final class ClientSide implements Receivers {

  /** The line {@link #main} prints once its clients are connected and subscribed, read by a parent process. */
  static final String READY = "ready";
  /** The line that reports the updates delivered in the measured phase, read by a parent process. */
  static final String UPDATES = "updates=";

  private final RevisionLog baseline;
  private final FanoutClients fanout;
  private Counts before;

  private ClientSide(RevisionLog baseline, FanoutClients fanout) {
    this.baseline = baseline;
    this.fanout = fanout;
  }

  /** Starts the baseline consumer, then connects and subscribes the clients (see {@link FanoutClients#connect}). */
  static ClientSide connect(String host, int port, String bootstrap, int clients, int perClient, List<String> symbols) {
    RevisionLog baseline = new RevisionLog(bootstrap).start();
    long connectStart = System.nanoTime();
    FanoutClients fanout = FanoutClients.connect(host, port, clients, perClient, symbols, baseline);
    System.out.printf(Locale.ROOT, "%d clients x %d symbols (of %d) connected and subscribed in %.1f s%n",
        clients, perClient, symbols.size(), (System.nanoTime() - connectStart) / 1e9);
    return new ClientSide(baseline, fanout);
  }

  /** {@code WAA}, {@code WAB}, ...: letters only, so the futures rewrite leaves them alone; at most 676. */
  static List<String> symbols(int count) {
    if (count > 26 * 26) {
      throw new IllegalArgumentException("at most 676 symbols, asked for " + count);
    }
    return IntStream.range(0, count).mapToObj(i -> "W" + (char) ('A' + i / 26) + (char) ('A' + i % 26)).toList();
  }

  @Override
  public void startMeasuring() {
    before = counts();
    baseline.measure(true);
    fanout.measure(true);
  }

  @Override
  public long stopAndPrint(double seconds) {
    baseline.measure(false);
    fanout.measure(false);
    Counts after = counts();
    long updates = after.updates - before.updates;
    System.out.printf(Locale.ROOT, "live bar updates to clients %,.0f/s in %,.0f WebSocket messages/s; conflated "
            + "%,d%n", updates / seconds, (after.frames - before.frames) / seconds, after.conflated - before.conflated);
    System.out.printf(Locale.ROOT, "client socket reads %,.0f/s (%.1f updates a read)%n",
        (after.reads - before.reads) / seconds, updates / (double) Math.max(1, after.reads - before.reads));
    print("baseline: append -> plain consumer", baseline.latency());
    print("WebSocket: append -> client", fanout.endToEnd());
    print("query service adds: consumer -> client", fanout.added());
    return updates;
  }

  private Counts counts() {
    return new Counts(fanout.updates(), fanout.frames(), fanout.reads(), fanout.conflated());
  }

  private static void print(String label, Histogram histogram) {
    System.out.printf(Locale.ROOT, "%-40s n=%,d p50=%d p90=%d p99=%d p99.9=%d max=%d ms%n", label,
        histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
  }

  @Override
  public void close() throws InterruptedException {
    fanout.close();
    baseline.close();
  }

  private record Counts(long updates, long frames, long reads, long conflated) {
  }

  /**
   * The client side alone: {@code ClientSide <service host> <service port> <bootstrap servers> [clients]
   * [symbolsPerClient] [symbols]}. It connects, then reads commands from standard input: {@code measure} starts the
   * measured phase, {@code stop} ends it and prints the figures (with this JVM's CPU per update and collections, and
   * a line {@value #UPDATES}N), end of input closes the clients. The end-to-end latency compares this machine's
   * clock with the broker's append time, so {@code tickflow.bars.live} must use {@code LogAppendTime} (as the
   * harness sets it) and, on another machine, both clocks must be synchronized (PTP or a close NTP server); what the
   * service adds is measured on this machine's clock alone.
   */
  public static void main(String[] args) throws Exception {
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    int perClient = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    int symbolCount = args.length > 5 ? Integer.parseInt(args[5]) : 100;
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (ClientSide side = connect(args[0], Integer.parseInt(args[1]), args[2], clients, perClient,
        symbols(symbolCount))) {
      System.out.println(READY);
      System.out.flush();
      Map<String, Long> cpuBefore = Map.of();
      GcPauses gcBefore = null;
      long measureStart = 0;
      for (String command = commands.readLine(); command != null; command = commands.readLine()) {
        switch (command.trim()) {
          case "measure" -> {
            cpuBefore = ThreadGroupCpu.snapshot();
            gcBefore = GcPauses.snapshot();
            measureStart = System.nanoTime();
            side.startMeasuring();
          }
          case "stop" -> {
            if (gcBefore == null) {
              System.out.println("not measuring: send measure first");
              continue;
            }
            double seconds = (System.nanoTime() - measureStart) / 1e9;
            long updates = side.stopAndPrint(seconds);
            GcPauses.snapshot().print(gcBefore);
            System.out.println("CPU of the clients' JVM by thread group, per live update delivered:");
            ThreadGroupCpu.print(cpuBefore, Math.max(1, updates), "update", seconds);
            System.out.println(UPDATES + updates);
            gcBefore = null;
          }
          default -> System.out.println("unknown command '" + command + "': measure, stop");
        }
        System.out.flush();
      }
    }
  }
}
