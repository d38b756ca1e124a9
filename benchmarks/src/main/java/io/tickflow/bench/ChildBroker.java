package io.tickflow.bench;

import io.tickflow.testing.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test broker ({@link EmbeddedKafkaBroker}) in a child JVM, as a deployment runs Kafka apart from the services:
 * in the harness's own JVM the broker's allocations (megabytes per produce request) make the garbage collector
 * pause the service under test far more often and longer than the service alone would. The child prints its
 * bootstrap address, then runs until its standard input closes, so it also ends when the harness dies. Its log goes
 * nowhere; its errors to the harness's standard error.
 */
public final class ChildBroker implements BenchBroker {

  private static final String BOOTSTRAP = "bootstrap=";

  private final Process process;
  private final String bootstrapServers;

  private ChildBroker(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts the child with {@code heap} (a JVM -Xmx value) and waits until its broker accepts clients. */
  public static ChildBroker start(String heap) throws IOException {
    Process process = ChildJvm.start(heap, List.of(), ChildBroker.class, List.of());
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(BOOTSTRAP)) {
        drain(out);
        return new ChildBroker(process, line.substring(BOOTSTRAP.length()));
      }
    }
    process.destroyForcibly();
    throw new IOException("the child broker ended before printing its address (its errors are above)");
  }

  /** Reads the child's log lines on, so that a full pipe never blocks its logging. */
  private static void drain(BufferedReader out) {
    Thread drainer = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discarded: the child's log is not part of the harness's report
        }
      } catch (IOException e) {
        // the child ended
      }
    }, "child-broker-log");
    drainer.setDaemon(true);
    drainer.start();
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Closes the child's standard input, so that it stops its broker (and deletes its data), and waits for it. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroy();
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** The child: starts the broker, prints its address, stops when standard input closes. */
  public static void main(String[] args) throws IOException {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      System.out.println(BOOTSTRAP + broker.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // nothing is sent; the read returns -1 when the parent closes the pipe or dies
      }
    }
  }
}
