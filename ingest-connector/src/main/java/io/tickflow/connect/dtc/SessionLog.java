package io.tickflow.connect.dtc;

import io.tickflow.dtc.client.DtcClientListener;
import io.tickflow.dtc.client.LogonResult;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's view of the DTC session, on the client's network thread: every connection loss or failed connect is
 * logged with its retry number and counted, so a dead server is visible in the log and in
 * {@code connection-failures-total} while the client keeps retrying with backoff.
 */
final class SessionLog implements DtcClientListener {

  private static final Logger log = LoggerFactory.getLogger(SessionLog.class);

  private final String server;
  private final TaskMetrics metrics;
  /** Attempts since the last logon; written on the network thread only. */
  private final AtomicLong retries = new AtomicLong();

  SessionLog(String server, TaskMetrics metrics) {
    this.server = server;
    this.metrics = metrics;
  }

  @Override
  public void onConnected(SocketAddress address) {
    log.info("Connected to DTC server {} ({})", server, address);
  }

  @Override
  public void onLoggedOn(LogonResult result) {
    retries.set(0);
    metrics.connected.set(1);
    log.info("Logged on to DTC server {} ('{}'): {}", server, result.serverName(), result.text());
  }

  @Override
  public void onLogonFailed(LogonResult result, boolean willRetry) {
    if (willRetry) {
      log.warn("DTC server {} refused the logon (result {}): {}; retry {} with backoff", server, result.result(),
          result.text(), retries.get() + 1);
    } else {
      log.error("DTC server {} refused the logon for good (result {}): {}", server, result.result(),
          result.text());
    }
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {
    metrics.connected.set(0);
    metrics.connectionFailures.incrementAndGet();
    if (willReconnect) {
      log.warn("DTC server {} unavailable: {}; retry {} with backoff", server, reason, retries.incrementAndGet());
    } else {
      log.error("DTC server {} closed the session for good: {}", server, reason);
    }
  }
}
