package io.tickflow.cli.local;

import io.tickflow.connect.converter.AvroConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in standalone mode running in this JVM, with source offsets in a local file so a restarted
 * demo resumes where it stopped. Its REST API listens on 127.0.0.1 like any worker's. Keys are strings and values
 * Tickflow's Avro single-object encoding.
 */
public final class LocalConnectWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalConnectWorker.class);
  private static final long REQUEST_TIMEOUT_SECONDS = 60;
  private static final String RUNNING = "RUNNING";
  private static final String FAILED = "FAILED";

  private final Connect<StandaloneHerder> connect;

  private LocalConnectWorker(Connect<StandaloneHerder> connect) {
    this.connect = connect;
  }

  /**
   * Starts the worker.
   *
   * @param bootstrapServers the Kafka cluster
   * @param directory where the worker keeps its offsets file
   * @param restPort REST port on 127.0.0.1
   * @throws PortInUseException when the REST port is taken
   */
  public static LocalConnectWorker start(String bootstrapServers, Path directory, int restPort) {
    Ports.requireFree(restPort, "Kafka Connect REST");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Connect directory " + directory, e);
    }
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("offset.storage.file.filename", directory.resolve("connect.offsets").toAbsolutePath().toString());
    props.put("offset.flush.interval.ms", "1000");
    props.put("key.converter", StringConverter.class.getName());
    props.put("value.converter", AvroConverter.class.getName());
    props.put("listeners", "http://127.0.0.1:" + restPort);
    props.put("plugin.discovery", "service_load");
    Connect<StandaloneHerder> connect = startWithoutShutdownHook(props);
    log.info("Kafka Connect worker (standalone) REST on http://127.0.0.1:{}", restPort);
    return new LocalConnectWorker(connect);
  }

  /**
   * Starts the worker without the JVM shutdown hook Kafka Connect registers for itself. The process that embeds this
   * worker stops it in its own order (after what reads from it, before the broker). A second hook would run at the
   * same time and race that order; and as {@link Connect#stop()} returns at once to a second caller while the first
   * is still stopping, the broker could be stopped under a worker whose tasks still write to it, which then retries
   * the dead broker for up to a minute before the JVM can exit.
   */
  private static Connect<StandaloneHerder> startWithoutShutdownHook(Map<String, String> props) {
    synchronized (Exit.class) {
      Exit.setShutdownHookAdder((name, hook) -> log.debug("Not registering shutdown hook {}", name));
      try {
        return new ConnectStandalone().startConnect(props);
      } finally {
        Exit.resetShutdownHookAdder();
      }
    }
  }

  /** Creates or replaces a connector and waits until the worker accepted it. */
  public void putConnector(String name, Map<String, String> config) {
    FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
    Map<String, String> withName = new HashMap<>(config);
    withName.put("name", name);
    connect.herder().putConnectorConfig(name, withName, true, done);
    try {
      done.get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Connector " + name + " was refused: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Connector " + name + " was not accepted within " + REQUEST_TIMEOUT_SECONDS
          + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating connector " + name, e);
    }
  }

  /**
   * Waits until the connector and every task of it run. Connect accepts a connector whose tasks then fail at start (a
   * database that refuses the connection) and reports it only in their status: a failed one ends the wait with its
   * error, so that a caller does not report a component as started when it is not.
   *
   * @throws IllegalStateException naming the connector and the first line of the failure, or what it still waits
   *     for after {@code timeout}
   */
  public void awaitRunning(String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String waitingFor = "its status";
    while (System.nanoTime() < deadline) {
      ConnectorStateInfo status = statusOrNull(name);
      if (status != null) {
        String failure = failureOf(status);
        if (failure != null) {
          throw new IllegalStateException("Connector " + name + " failed: " + failure);
        }
        waitingFor = pendingOf(status);
        if (waitingFor == null) {
          return;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for connector " + name, e);
      }
    }
    throw new IllegalStateException("Connector " + name + " did not run within " + timeout.toSeconds()
        + " s: waiting for " + waitingFor);
  }

  private ConnectorStateInfo statusOrNull(String name) {
    try {
      return status(name);
    } catch (NotFoundException e) {
      return null; // accepted, not started yet
    }
  }

  private static String failureOf(ConnectorStateInfo status) {
    if (FAILED.equals(status.connector().state())) {
      return firstLine(status.connector().trace());
    }
    for (ConnectorStateInfo.TaskState task : status.tasks()) {
      if (FAILED.equals(task.state())) {
        return "task " + task.id() + ": " + firstLine(task.trace());
      }
    }
    return null;
  }

  /** What is not running yet, or null when the connector and its tasks (at least one) all run. */
  private static String pendingOf(ConnectorStateInfo status) {
    if (!RUNNING.equals(status.connector().state())) {
      return "the connector (" + status.connector().state() + ")";
    }
    if (status.tasks().isEmpty()) {
      return "its tasks";
    }
    for (ConnectorStateInfo.TaskState task : status.tasks()) {
      if (!RUNNING.equals(task.state())) {
        return "task " + task.id() + " (" + task.state() + ")";
      }
    }
    return null;
  }

  private static String firstLine(String trace) {
    return trace == null ? "no reason given" : trace.lines().findFirst().orElse(trace);
  }

  /** The connector's and its tasks' states, as the REST API reports them. */
  public ConnectorStateInfo status(String name) {
    return connect.herder().connectorStatus(name);
  }

  /** Stops every connector (tasks commit offsets) and the worker. */
  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
