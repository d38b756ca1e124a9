package io.tickflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickflow.connect.converter.AvroConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * A real Kafka Connect worker (distributed mode, one member) running in this JVM against a test broker, driven
 * through its REST API exactly as an operator would. Connector classes on the test classpath are found as plugins.
 * Keys use {@link StringConverter} and values Tickflow's {@link AvroConverter} unless a connector overrides them.
 *
 * <p>Workers started with the same {@code groupId} share config, offset and status topics: stopping one and starting
 * another is a worker restart that resumes from committed source offsets.
 */
public final class EmbeddedConnectWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Connect<?> connect;
  private final URI rest;
  private final HttpClient http = HttpClient.newHttpClient();

  private EmbeddedConnectWorker(Connect<?> connect) {
    this.connect = connect;
    this.rest = connect.rest().serverUrl();
  }

  /** Starts a worker of the group; returns once its REST API answers. */
  public static EmbeddedConnectWorker start(EmbeddedKafkaBroker broker, String groupId) {
    return start(broker, groupId, Map.of());
  }

  /** Starts a worker of the group with extra worker settings. */
  public static EmbeddedConnectWorker start(EmbeddedKafkaBroker broker, String groupId,
                                            Map<String, String> overrides) {
    return start(broker.bootstrapServers(), groupId, overrides);
  }

  /** Starts a worker of the group, with extra worker settings, against the broker at {@code bootstrapServers}. */
  public static EmbeddedConnectWorker start(String bootstrapServers, String groupId, Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("group.id", groupId);
    props.put("config.storage.topic", groupId + ".configs");
    props.put("offset.storage.topic", groupId + ".offsets");
    props.put("status.storage.topic", groupId + ".status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("offset.storage.partitions", "2");
    props.put("status.storage.partitions", "2");
    props.put("key.converter", StringConverter.class.getName());
    props.put("value.converter", AvroConverter.class.getName());
    props.put("listeners", "http://127.0.0.1:0");
    props.put("offset.flush.interval.ms", "500");
    props.put("scheduled.rebalance.max.delay.ms", "0");
    props.put("plugin.discovery", "service_load");
    props.putAll(overrides);
    EmbeddedConnectWorker worker = new EmbeddedConnectWorker(new ConnectDistributed().startConnect(props));
    worker.awaitReady();
    return worker;
  }

  /** Base URL of the worker's REST API. */
  public URI restUrl() {
    return rest;
  }

  /** Creates or reconfigures a connector ({@code PUT /connectors/{name}/config}). */
  public void putConnector(String name, Map<String, String> config) {
    send("PUT", "/connectors/" + name + "/config", config, 200, 201);
  }

  /** The connector's status document ({@code GET /connectors/{name}/status}), or null when it does not exist. */
  public JsonNode status(String name) {
    HttpResponse<String> response = send("GET", "/connectors/" + name + "/status", null, 200, 404);
    return response.statusCode() == 404 ? null : parse(response.body());
  }

  /** True when the connector and exactly {@code tasks} tasks are RUNNING. */
  public boolean isRunning(String name, int tasks) {
    JsonNode status = status(name);
    if (status == null || !"RUNNING".equals(status.path("connector").path("state").asText())) {
      return false;
    }
    int running = 0;
    for (JsonNode task : status.path("tasks")) {
      running += "RUNNING".equals(task.path("state").asText()) ? 1 : 0;
    }
    return running == tasks && status.path("tasks").size() == tasks;
  }

  /** Restarts the connector and all its tasks. */
  public void restart(String name) {
    send("POST", "/connectors/" + name + "/restart?includeTasks=true", null, 200, 202, 204);
  }

  /** Stops the connector (its tasks shut down, its config stays): required before offsets can be reset. */
  public void stop(String name) {
    send("PUT", "/connectors/" + name + "/stop", null, 202, 204);
  }

  /** Resumes a stopped or paused connector. */
  public void resume(String name) {
    send("PUT", "/connectors/" + name + "/resume", null, 202, 204);
  }

  /** Deletes the committed offsets of a stopped connector ({@code DELETE /connectors/{name}/offsets}). */
  public void resetOffsets(String name) {
    send("DELETE", "/connectors/" + name + "/offsets", null, 200);
  }

  /** Deletes the connector. */
  public void delete(String name) {
    send("DELETE", "/connectors/" + name, null, 204, 404);
  }

  /** Stops the worker (tasks commit their offsets on the way down). */
  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve("/connectors")).GET()
            .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: retry until the deadline.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for the Connect worker", e);
      }
      pause();
    }
    throw new IllegalStateException("Connect worker at " + rest + " did not become ready");
  }

  private HttpResponse<String> send(String method, String path, Object body, int... expected) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(rest.resolve(path)).timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json").header("Accept", "application/json");
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (int code : expected) {
        if (response.statusCode() == code) {
          return response;
        }
      }
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + method + " " + path, e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("Connect answered invalid JSON: " + body, e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for the Connect worker", e);
    }
  }
}
