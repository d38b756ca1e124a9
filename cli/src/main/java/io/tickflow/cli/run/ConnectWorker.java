package io.tickflow.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.connect.converter.AvroConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.storage.StringConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code connect} component of {@code tickflow run}: a Kafka Connect worker in distributed mode in this JVM, with
 * Tickflow's connectors and the JDBC sink on its classpath, that creates or updates the connectors of a directory
 * through its own REST API (which forwards to the group's leader). Secrets in connector configs can come from the
 * environment or files: {@code ${env:NAME}}, {@code ${file:/path:key}}.
 */
final class ConnectWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /**
   * The Connect cluster's group and storage topics, as in the shipped worker config (connect-config's
   * {@code worker/connect-distributed.properties}, also the compose file's): a worker of {@code tickflow run} and one
   * started from that file join the same cluster and share its source offsets and connector configs.
   */
  private static final Map<String, String> SHIPPED_CLUSTER = shippedWorkerSettings("group.id",
      "config.storage.topic", "offset.storage.topic", "status.storage.topic");

  private final Connect<?> connect;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConnectWorker(Connect<?> connect) {
    this.connect = connect;
  }

  static ConnectWorker start(RunConfig config) {
    Map<String, String> props = new HashMap<>();
    String replication = Short.toString(config.getShort(RunConfig.TOPICS_REPLICATION_FACTOR_CONFIG));
    props.put("bootstrap.servers", config.bootstrapServers());
    props.putAll(SHIPPED_CLUSTER);
    props.put("config.storage.replication.factor", replication);
    props.put("offset.storage.replication.factor", replication);
    props.put("status.storage.replication.factor", replication);
    props.put("key.converter", StringConverter.class.getName());
    props.put("value.converter", AvroConverter.class.getName());
    props.put("listeners", "http://0.0.0.0:8083");
    props.put("plugin.discovery", "service_load");
    props.put("config.providers", "env,file");
    props.put("config.providers.env.class", EnvVarConfigProvider.class.getName());
    props.put("config.providers.file.class", FileConfigProvider.class.getName());
    // Throughput into Kafka: idempotent batches, several in flight (measured, docs/benchmarks.md).
    props.put("producer.enable.idempotence", "true");
    props.put("producer.max.in.flight.requests.per.connection", "5");
    config.connectWorkerSettings().forEach((key, value) -> props.put(key, String.valueOf(value)));
    ConnectWorker worker;
    try {
      worker = new ConnectWorker(new ConnectDistributed().startConnect(props));
    } catch (ConnectException e) {
      throw described(e, props.get("listeners"));
    }
    String directory = config.getString(RunConfig.CONNECT_CONNECTORS_DIR_CONFIG);
    if (!directory.isBlank()) {
      worker.apply(Path.of(directory));
    }
    return worker;
  }

  /**
   * Connect reports a taken port as "Unable to initialize REST server", naming neither the port nor the reason; the
   * operator gets both, and the key that sets the port.
   */
  private static RuntimeException described(ConnectException e, String listeners) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (!(root instanceof BindException)) {
      return e;
    }
    return new IllegalStateException("Kafka Connect worker cannot listen on " + listeners + " ("
        + RunConfig.CONNECT_PREFIX + "listeners): " + root.getMessage(), e);
  }

  private static Map<String, String> shippedWorkerSettings(String... keys) {
    Properties shipped = new Properties();
    try (InputStream in = ConnectWorker.class.getClassLoader()
        .getResourceAsStream("worker/connect-distributed.properties")) {
      shipped.load(Objects.requireNonNull(in, "worker/connect-distributed.properties is not on the classpath"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the shipped Connect worker config", e);
    }
    Map<String, String> settings = new HashMap<>();
    for (String key : keys) {
      settings.put(key, Objects.requireNonNull(shipped.getProperty(key), key));
    }
    return Map.copyOf(settings);
  }

  /** Creates or updates every connector described in the directory. */
  void apply(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
          JsonNode node = JSON.readTree(file.toFile());
          Map<String, String> settings = new LinkedHashMap<>();
          node.path("config").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
          put(node.path("name").asText(name.substring(0, name.length() - ".json".length())), settings);
        } else if (name.endsWith(".properties")) {
          Properties properties = new Properties();
          try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
          }
          Map<String, String> settings = new LinkedHashMap<>();
          properties.forEach((k, v) -> settings.put(k.toString(), v.toString()));
          put(settings.getOrDefault("name", name.substring(0, name.length() - ".properties".length())), settings);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read connector configs in " + directory + ": " + e.getMessage(), e);
    }
  }

  private void put(String name, Map<String, String> settings) throws IOException {
    URI uri = connect.rest().serverUrl().resolve("/connectors/" + name + "/config");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(settings))).build();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 || response.statusCode() == 201) {
          log.info("Connector {} {}", name, response.statusCode() == 201 ? "created" : "updated");
          return;
        }
        // 409: the group is rebalancing (a worker just joined); anything else is the config's fault.
        if (response.statusCode() != 409 || attempt >= 30) {
          throw new IllegalStateException("Connector " + name + " refused (" + response.statusCode() + "): "
              + response.body());
        }
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating connector " + name, e);
      }
    }
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
