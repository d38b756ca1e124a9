package io.tickflow.dtc.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.tickflow.dtc.codec.DtcCodecException;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRecordResponse;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseTrailer;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One historical request served by a separate historical data server (Sierra Chart's listens on its own port): a
 * connection of its own that logs on like the market-data one (same encoding and credentials), sends the one
 * request, hands the answer to the client's queue and closes once the answer ends. A new connection per request
 * works whether or not the server's logon says OneHistoricalPriceDataRequestPerConnection.
 *
 * <p>The answer ends with its final record, a RESPONSE_TRAILER, "no records" or a reject. Whatever ends it early
 * (connection refused, logon refused, the server closing mid-answer, a silent server) is answered with a
 * HISTORICAL_PRICE_DATA_REJECT of the client's own carrying the reason, so the consumer ends that backfill as failed,
 * as when the server rejects it; when the queue is full then, the client queues it as soon as there is room.
 * Network thread only.
 */
final class HistoricalFetch implements ConnectionOwner {
  private static final Logger log = LoggerFactory.getLogger(HistoricalFetch.class);

  /** The client side of its fetches, on the network thread. */
  interface Owner {
    /** Called once when the fetch is over, whatever the outcome. */
    void onFetchEnded(int requestId);

    /** The fetch failed while the queue was full: {@link #queueReject()} must be retried once there is room. */
    void onRejectNotQueued(HistoricalFetch fetch);

    /** Whether the client is closing: its connections then close without being a failure. */
    boolean isClosing();
  }

  private final DataRequest request;
  private final String server;
  private final DtcConnection connection;
  private final DtcClientMetrics metrics;
  private final Owner owner;
  private Channel channel;
  private boolean ended;
  /** Why it failed, as its reject says; null unless it failed. */
  private String rejectText;

  /** @param metrics the counters shared by the client's historical connections */
  HistoricalFetch(DataRequest request, DtcClientConfig config, MessageQueue queue, DtcClientMetrics metrics,
                  Owner owner) {
    this.request = request;
    this.server = config.historicalHost() + ":" + config.historicalPort();
    this.metrics = metrics;
    this.owner = owner;
    this.connection = new DtcConnection(this, config, queue, metrics);
  }

  int requestId() {
    return request.requestId();
  }

  DtcConnection connection() {
    return connection;
  }

  /** Takes the connection being opened; a failure to connect ends the fetch. */
  void start(ChannelFuture connecting) {
    channel = connecting.channel();
    connecting.addListener(done -> {
      if (!done.isSuccess()) {
        fail("connect failed: " + done.cause().getMessage());
      }
    });
  }

  /** The consumer no longer waits for the answer (timed out, superseded): close without answering. */
  void abandon() {
    end();
  }

  /**
   * Only the answer to this fetch's request. An answer carrying another RequestID ends the fetch as failed before
   * it reaches the queue: that id may be another symbol's running backfill, which would take it as its own. A
   * trailer of another RequestID is only dropped: it ends an answer (one already over, or none) and carries no
   * data, so it says nothing about this one.
   */
  @Override
  public boolean delivers(int type, DirectBuffer buffer, int offset, int length) {
    if (ended || !isHistoryAnswer(type)) {
      return false;
    }
    // Every historical answer holds its RequestID at the same place, right after the Size and Type fields.
    final int answered = buffer.getInt(offset + HistoricalPriceDataTickRecordResponse.REQUEST_ID_OFFSET,
        ByteOrder.LITTLE_ENDIAN);
    if (answered == request.requestId()) {
      return true;
    }
    if (type != HistoricalPriceDataResponseTrailer.TYPE) {
      fail("answer for request " + answered + ", not for request " + request.requestId());
    }
    return false;
  }

  private static boolean isHistoryAnswer(int type) {
    return type == HistoricalPriceDataResponseHeader.TYPE || type == HistoricalPriceDataReject.TYPE
        || type == HistoricalPriceDataTickRecordResponse.TYPE || type == HistoricalPriceDataRecordResponse.TYPE
        || type == HistoricalPriceDataResponseTrailer.TYPE;
  }

  @Override
  public void onConnected(SocketAddress address) {
    log.debug("Connected to historical data server {} for request {}", address, request.requestId());
  }

  @Override
  public void onProtocolError(DtcCodecException error) {
    // The close that follows ends the fetch with the reason.
  }

  @Override
  public void onConnectionClosed(DtcConnection closedConnection, String reason) {
    fail(reason);
  }

  @Override
  public void onLoggedOn(DtcConnection loggedOn, LogonResult result) {
    loggedOn.send(request);
  }

  @Override
  public void onLogonRefused(LogonResult result) {
    fail("logon refused (result " + result.result() + "): " + result.text());
  }

  @Override
  public void onLogoffForGood(String reason) {
    // The close that follows ends the fetch; "do not reconnect" binds only this one-request connection.
  }

  @Override
  public void onSymbolRejected(long symbolId, String reason) {
    // No subscriptions on this connection.
  }

  @Override
  public void onDepthRejected(long symbolId, String reason) {
    // No subscriptions on this connection.
  }

  @Override
  public void resubscribe(DtcConnection loggedOn) {
    // No subscriptions on this connection.
  }

  @Override
  public void onRequestCompleted(int requestId) {
    if (requestId == request.requestId()) {
      end();
    }
  }

  private void fail(String reason) {
    if (ended || owner.isClosing()) {
      end();
      return;
    }
    log.warn("Historical data server {} failed request {} ({} from {} s): {}", server, request.requestId(),
        request.symbol(), request.startEpochSeconds(), reason);
    metrics.fetchFailed();
    rejectText = "historical data server " + server + ": " + reason;
    end();
    if (!queueReject()) {
      log.debug("Queue full: the reject of request {} waits until the consumer has made room", request.requestId());
      owner.onRejectNotQueued(this);
    }
  }

  /**
   * Queues the reject of a fetch that failed (once: the consumer stops waiting for it then).
   *
   * @return false while the queue is full
   */
  boolean queueReject() {
    return connection.queueHistoryReject(request.requestId(), rejectText);
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (channel != null) {
      channel.close();
    }
    owner.onFetchEnded(request.requestId());
  }
}
