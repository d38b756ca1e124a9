package io.tickflow.cli;

import java.io.IOException;
import java.net.ServerSocket;

/** Free loopback ports for tests that start servers on fixed ports. */
public final class FreePorts {

  private FreePorts() {
  }

  /** A port free right now. */
  public static int one() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free port", e);
    }
  }

  /** A free port whose successor is free too (the local Kafka's controller listens on port + 1). */
  public static int pair() {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = one();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        return port;
      } catch (IOException e) {
        // the next port is taken: try another pair
      }
    }
    throw new IllegalStateException("No free port pair");
  }
}
