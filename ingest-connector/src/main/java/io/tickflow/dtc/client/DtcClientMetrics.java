package io.tickflow.dtc.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of a client's connections, written by its network thread and readable from any thread (for Connect
 * metrics): one set for the market-data session, one shared by the historical data server's connections (see
 * {@link DtcClient#historicalMetrics()}). Messages are counted when handed to the queue, by DTC type.
 */
public final class DtcClientMetrics {
  private static final int MAX_TYPE = 1024;

  private final AtomicLongArray messagesByType = new AtomicLongArray(MAX_TYPE);
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong unknownMessages = new AtomicLong();
  private final AtomicLong protocolErrors = new AtomicLong();
  private final AtomicLong malformedMessages = new AtomicLong();
  private final AtomicLong serverDroppedMessages = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong readPauses = new AtomicLong();
  private final AtomicLong fetchFailures = new AtomicLong();

  void message(int type) {
    messages.incrementAndGet();
    if (type < MAX_TYPE) {
      messagesByType.incrementAndGet(type);
    }
  }

  void bytesReceived(int count) {
    bytesReceived.addAndGet(count);
  }

  void bytesSent(int count) {
    bytesSent.addAndGet(count);
  }

  void unknownMessage() {
    unknownMessages.incrementAndGet();
  }

  void protocolError() {
    protocolErrors.incrementAndGet();
  }

  void serverDropped(long count) {
    serverDroppedMessages.addAndGet(count);
  }

  /** @return the count including this one */
  long malformedMessage() {
    return malformedMessages.incrementAndGet();
  }

  void connected() {
    if (connects.incrementAndGet() > 1) {
      reconnects.incrementAndGet();
    }
  }

  void readPaused() {
    readPauses.incrementAndGet();
  }

  void fetchFailed() {
    fetchFailures.incrementAndGet();
  }

  /** Messages of one DTC type handed to the consumer. */
  public long messages(int type) {
    return type >= 0 && type < MAX_TYPE ? messagesByType.get(type) : 0;
  }

  /** Messages of every type handed to the consumer. */
  public long messages() {
    return messages.get();
  }

  public long bytesReceived() {
    return bytesReceived.get();
  }

  public long bytesSent() {
    return bytesSent.get();
  }

  /** Messages of a type the codec does not know, skipped by their size. */
  public long unknownMessages() {
    return unknownMessages.get();
  }

  /** Malformed frames; each one closed the connection. */
  public long protocolErrors() {
    return protocolErrors.get();
  }

  /** JSON messages that could not be decoded and were skipped; the connection stayed up. */
  public long malformedMessages() {
    return malformedMessages.get();
  }

  /** Messages the server says (HEARTBEAT NumDroppedMessages) it dropped instead of sending. */
  public long serverDroppedMessages() {
    return serverDroppedMessages.get();
  }

  /** Successful TCP connects, the first included. */
  public long connects() {
    return connects.get();
  }

  /** Successful TCP connects after the first. */
  public long reconnects() {
    return reconnects.get();
  }

  /** Times the socket stopped being read because the consumer was behind (backpressure). */
  public long readPauses() {
    return readPauses.get();
  }

  /**
   * Historical fetches that ended before their answer did (connect or logon refused, closed, silent, another
   * RequestID answered); each was answered with a reject of the client's own. A server's reject is not counted.
   */
  public long fetchFailures() {
    return fetchFailures.get();
  }
}
