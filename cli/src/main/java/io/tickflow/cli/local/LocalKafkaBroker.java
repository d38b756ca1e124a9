package io.tickflow.cli.local;

import io.tickflow.topics.SingleNodeCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one) running in this JVM, with its data in a local directory
 * that survives restarts: the broker of {@code tickflow demo}. Formats the directory on first start, then reuses it,
 * so a restarted demo resumes where it stopped. Loopback only.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

  private final KafkaRaftServer server;
  private final int port;

  private LocalKafkaBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the broker, formatting {@code directory} first if it holds no Kafka data.
   *
   * @param directory where the broker keeps its logs and metadata
   * @param port client port on 127.0.0.1; the controller listens on {@code port + 1}
   * @throws PortInUseException when either port is taken
   */
  public static LocalKafkaBroker start(Path directory, int port) {
    Ports.requireFree(port, "Kafka");
    Ports.requireFree(port + 1, "Kafka controller");
    Properties config = config(directory, port);
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("server.properties");
      try (Writer writer = Files.newBufferedWriter(file)) {
        config.store(writer, "Written by tickflow; the broker of the local demo");
      }
      if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
        format(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Kafka directory " + directory, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
    server.startup();
    log.info("Kafka broker listening on 127.0.0.1:{}, data in {}", port, directory);
    return new LocalKafkaBroker(server, port);
  }

  /** {@code 127.0.0.1:port}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties config(Path directory, int port) {
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + (port + 1));
    config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("log.dirs", directory.resolve("data").toAbsolutePath().toString());
    config.putAll(SingleNodeCluster.brokerSettings());
    return config;
  }

  private static void format(Path configFile) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
        configFile.toString(), "--standalone"}, new PrintStream(output, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IllegalStateException("Formatting Kafka storage failed: "
          + output.toString(StandardCharsets.UTF_8).strip());
    }
  }
}
