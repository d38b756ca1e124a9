package io.tickflow.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** Checks that loopback ports are free before components bind them, so the user gets one clear line. */
public final class Ports {

  private Ports() {
  }

  /**
   * @throws PortInUseException when something already listens on 127.0.0.1:{@code port}
   */
  public static void requireFree(int port, String what) {
    requireFree(Map.of(port, what));
  }

  /**
   * Checks every port before saying which are taken, so that one attempt names them all.
   *
   * @param ports each port and what needs it, in the order the message lists them
   * @throws PortInUseException naming every taken port
   */
  public static void requireFree(Map<Integer, String> ports) {
    List<String> taken = ports.entrySet().stream().filter(port -> !isFree(port.getKey()))
        .map(port -> port.getKey() + " (" + port.getValue() + ")").toList();
    if (!taken.isEmpty()) {
      throw new PortInUseException(taken);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
