package io.tickflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback port in front of a real server that can be taken down and brought back, for tests of what a client
 * does when its server is unreachable: while down, connections to the port are refused; taking it down resets the
 * connections it relays. A network fault, not a stand-in for the server: every byte goes to the real one.
 */
public final class TcpRelay implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  /** A relay to {@code host:port}, down until {@link #up()}. */
  public TcpRelay(String host, int targetPort) {
    this.target = new InetSocketAddress(host, targetPort);
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  /** The loopback port clients connect to. */
  public int port() {
    return port;
  }

  /**
   * Starts accepting and relaying connections. The port can be busy for a moment after {@link #down()} (rarely,
   * with clients reconnecting all the while: seen as "Address already in use"): binding is tried for up to 5 s.
   */
  public synchronized void up() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      ServerSocket listening = null;
      try {
        listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        ServerSocket accepting = listening;
        daemon("relay-accept-" + port, () -> accept(accepting));
        return;
      } catch (IOException e) {
        closeQuietly(listening);
        if (!(e instanceof BindException) || System.nanoTime() > deadline) {
          throw new UncheckedIOException("Cannot listen on port " + port, e);
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the port to be free", e);
    }
  }

  /** Refuses new connections and resets the relayed ones. */
  public synchronized void down() {
    closeQuietly(server);
    sockets.forEach(TcpRelay::closeQuietly);
    sockets.clear();
  }

  /** Resets the relayed connections and keeps accepting new ones, as a restarting server's clients see it. */
  public void drop() {
    sockets.forEach(TcpRelay::closeQuietly);
  }

  @Override
  public void close() {
    down();
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        relay(listening.accept());
      } catch (IOException e) {
        // Closed by down(): stop accepting.
      }
    }
  }

  private void relay(Socket client) {
    try {
      Socket upstream = new Socket(target.getAddress(), target.getPort());
      sockets.add(client);
      sockets.add(upstream);
      daemon("relay-up-" + port, () -> pump(client, upstream));
      daemon("relay-down-" + port, () -> pump(upstream, client));
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed or was reset: close both below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing to cut the connection: nothing to do if it is already gone.
    }
  }
}
