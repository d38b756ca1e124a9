package io.tickflow.bench.query;

import io.tickflow.bench.BenchBroker;
import io.tickflow.bench.GcPauses;
import io.tickflow.bench.SettingArgs;
import io.tickflow.bench.ThreadGroupCpu;
import io.tickflow.query.QueryServiceApp;
import io.tickflow.query.QueryServiceConfig;
import io.tickflow.query.QueryServiceSettings;
import io.tickflow.streams.StreamsAppConfig;
import io.tickflow.streams.metrics.PipelineCounts;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Live bar fan-out over WebSocket: C clients, each following the one-minute bars of K symbols, on one query-service
 * instance ({@link QueryServiceApp}: Streams app, live feed, WebSocket hub) over a real broker ({@link BenchBroker}:
 * a child JVM unless {@code -Dbroker=jvm}), while raw trades arrive at R per second. Prints, from the same run, the
 * latency of every live bar update from the broker's append of the revision (LogAppendTime) to: a plain consumer of
 * {@code tickflow.bars.live} (the baseline), and each WebSocket client; and per update the client's receipt minus the
 * baseline's (what the query service adds). The clients and the baseline run in this JVM, or in a child JVM with
 * {@code -Dclients=process} ({@link ClientSide}).
 * Usage: {@code WebSocketFanoutBenchmark [clients] [symbolsPerClient] [symbols] [tradesPerSecond] [seconds]
 * [partitions] [query-service-or-streams-key=value ...]}.
 */
public final class WebSocketFanoutBenchmark {

  /**
   * Before measuring: with Streams, service and clients in one JVM on 2 cores, the JIT compilers keep a
   * third of a core busy for about a minute (system property {@code warmup}, seconds).
   */
  private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("warmup", 60));

  private WebSocketFanoutBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int perClient = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int symbolCount = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    int partitions = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    List<String> symbols = ClientSide.symbols(symbolCount);
    Path stateDir = Files.createTempDirectory("tickflow-ws-bench");
    try (BenchBroker broker = BenchBroker.start("2g", "process")) {
      String bootstrap = broker.bootstrapServers();
      createTopics(broker, partitions);
      Map<String, String> overrides = new HashMap<>(Map.of(
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          StreamsConfig.APPLICATION_ID_CONFIG, "tickflow-ws-bench",
          StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
          StreamsAppConfig.BARS_TIMEFRAMES_CONFIG, "1m",
          QueryServiceConfig.HTTP_HOST_CONFIG, "127.0.0.1",
          QueryServiceConfig.HTTP_PORT_CONFIG, "0",
          QueryServiceConfig.WS_HEARTBEAT_TIMEOUT_CONFIG, "3600000"));
      overrides.putAll(SettingArgs.from(args, 6));
      QueryServiceSettings settings = QueryServiceSettings.load(null, Map.of(), overrides);
      try (QueryServiceApp app = QueryServiceApp.start(settings.query(), settings.streams())) {
        if (!app.awaitReady(Duration.ofMinutes(2))) {
          throw new IllegalStateException("the query service did not become ready");
        }
        run(app, bootstrap, symbols, clients, perClient, rate, seconds);
      }
    } finally {
      Utils.delete(stateDir.toFile());
    }
  }

  private static void run(QueryServiceApp app, String bootstrap, List<String> symbols, int clients, int perClient,
                          int rate, int seconds) throws Exception {
    try (TradeLoad load = new TradeLoad(bootstrap, symbols, rate).start();
         Receivers receivers = receivers(app.port(), bootstrap, clients, perClient, symbols)) {
      Thread.sleep(WARM_UP.toMillis());
      long sentBefore = load.sent();
      PipelineCounts countsBefore = app.streamsApp().counts("trades");
      Map<String, Long> cpuBefore = ThreadGroupCpu.snapshot();
      GcPauses gcBefore = GcPauses.snapshot();
      receivers.startMeasuring();
      Thread.sleep(seconds * 1000L);
      long updates = receivers.stopAndPrint(seconds);
      GcPauses gc = GcPauses.snapshot();
      PipelineCounts counts = app.streamsApp().counts("trades");
      System.out.printf(Locale.ROOT, "trades: sent %,.0f/s, through Streams %,.0f/s%n",
          (load.sent() - sentBefore) / (double) seconds, (counts.in() - countsBefore.in()) / (double) seconds);
      gc.print(gcBefore);
      System.out.println("CPU by thread group while measuring, per live update delivered:");
      ThreadGroupCpu.print(cpuBefore, Math.max(1, updates), "update", seconds);
    }
  }

  /** The clients and the baseline consumer: in this JVM, or with {@code -Dclients=process} in a child JVM. */
  private static Receivers receivers(int port, String bootstrap, int clients, int perClient, List<String> symbols)
      throws Exception {
    if ("process".equals(System.getProperty("clients"))) {
      return ClientProcess.start(port, bootstrap, clients, perClient, symbols.size());
    }
    return ClientSide.connect("127.0.0.1", port, bootstrap, clients, perClient, symbols);
  }

  private static void createTopics(BenchBroker broker, int partitions) throws Exception {
    try (Admin admin = broker.admin()) {
      new TopicAdmin(admin).ensure(TickflowTopics.all(partitions, (short) 1));
      // The broker stamps each live revision when appended: the start of every latency measured here.
      ConfigResource live = new ConfigResource(ConfigResource.Type.TOPIC, TickflowTopics.BARS_LIVE);
      Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(
          new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), AlterConfigOp.OpType.SET));
      Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
      alter.put(live, ops);
      admin.incrementalAlterConfigs(alter).all().get();
    }
  }
}
