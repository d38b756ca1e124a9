package io.tickflow.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks that a loopback port is free before a component binds it, so the user gets one clear line. */
public final class Ports {

  private Ports() {
  }

  /**
   * @throws PortInUseException when something already listens on 127.0.0.1:{@code port}
   */
  public static void requireFree(int port, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new PortInUseException(port, what);
    }
  }
}
