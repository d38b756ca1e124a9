package io.tickflow.bench.query;

import io.tickflow.bench.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The harness's clients and baseline consumer in a child JVM ({@link ClientSide#main}), driven over its standard
 * input; its report is copied to standard output. Apart from the service's JVM, the clients' garbage collections and
 * safepoints no longer stop the service, and the other way round, as with clients on their own machines; the cores
 * are still shared.
 */
final class ClientProcess implements Receivers {

  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  private ClientProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts the child and returns once its clients are connected and subscribed. */
  static ClientProcess start(int port, String bootstrap, int clients, int perClient, int symbols) throws IOException {
    List<String> properties = new ArrayList<>();
    for (String name : List.of("client.threads", "client.batch")) {
      String value = System.getProperty(name);
      if (value != null) {
        properties.add(name + "=" + value);
      }
    }
    ClientProcess child = new ClientProcess(ChildJvm.start("2g", properties, ClientSide.class, List.of("127.0.0.1",
        Integer.toString(port), bootstrap, Integer.toString(clients), Integer.toString(perClient),
        Integer.toString(symbols))));
    child.copyUntil(ClientSide.READY);
    System.out.println("clients in their own JVM, process " + child.process.pid());
    return child;
  }

  @Override
  public void startMeasuring() throws IOException {
    command("measure");
  }

  @Override
  public long stopAndPrint(double seconds) throws IOException {
    command("stop");
    return Long.parseLong(copyUntil(ClientSide.UPDATES).substring(ClientSide.UPDATES.length()));
  }

  private void command(String command) throws IOException {
    in.write(command + "\n");
    in.flush();
  }

  /** Copies the child's lines to standard output up to the marker line starting with {@code marker}, returned. */
  private String copyUntil(String marker) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(marker)) {
        return line;
      }
      System.out.println(line);
    }
    throw new IOException("the clients' process ended before printing '" + marker + "' (its errors are above)");
  }

  @Override
  public void close() throws InterruptedException {
    try {
      in.close();
    } catch (IOException e) {
      process.destroy();
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
