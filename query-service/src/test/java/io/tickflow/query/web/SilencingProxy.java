package io.tickflow.query.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy whose open connections can be made silent: bytes are still read from both sides but no
 * longer passed on, and neither socket is closed. That is what a browser sees of a server behind a dead network
 * path (a NAT that forgot the connection, a laptop that slept): no close, no error, just nothing. Connections
 * opened after {@link #silenceOpenConnections()} pass bytes again.
 */
final class SilencingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  SilencingProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon("proxy-accept", this::acceptLoop).start();
  }

  int port() {
    return listener.getLocalPort();
  }

  void silenceOpenConnections() {
    links.forEach(link -> link.silent = true);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Link link = new Link(client, server);
        links.add(link);
        daemon("proxy-up", () -> link.pump(client, server)).start();
        daemon("proxy-down", () -> link.pump(server, client)).start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    links.forEach(Link::close);
  }

  /** One proxied connection. */
  private static final class Link {

    private final Socket client;
    private final Socket server;
    private volatile boolean silent;

    private Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    /** Copies until end of stream; the streams are not closed here, as that would close a silenced socket. */
    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[8192];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          if (!silent) {
            out.write(buffer, 0, read);
            out.flush();
          }
        }
        if (!silent) {
          to.shutdownOutput();
        }
      } catch (IOException e) {
        // a side closed or reset: the other pump ends with it
      }
    }

    private void close() {
      try {
        client.close();
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
