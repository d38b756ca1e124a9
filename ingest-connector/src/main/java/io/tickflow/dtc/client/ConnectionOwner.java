package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.DtcCodecException;
import java.net.SocketAddress;
import org.agrona.DirectBuffer;

/**
 * What a {@link DtcConnection} and its {@link SessionMessages} report to: the client's market-data session, or the
 * fetch of one historical request from a separate historical data server. Network thread only.
 */
interface ConnectionOwner {

  /**
   * Whether a received message goes to the consumer's queue (the session sees every message).
   *
   * @param buffer the message, decoded to its binary layout, from {@code offset} for {@code length} bytes
   */
  boolean delivers(int type, DirectBuffer buffer, int offset, int length);

  void onConnected(SocketAddress server);

  /** A malformed frame; the connection closes right after. */
  void onProtocolError(DtcCodecException error);

  void onConnectionClosed(DtcConnection connection, String reason);

  /** LOGON_RESPONSE with success: time to (re-)subscribe and send the requests. */
  void onLoggedOn(DtcConnection connection, LogonResult result);

  /** LOGON_RESPONSE refused the logon; the connection closes right after. */
  void onLogonRefused(LogonResult result);

  /** LOGOFF with DoNotReconnect; the connection closes right after. */
  void onLogoffForGood(String reason);

  void onSymbolRejected(long symbolId, String reason);

  /** MARKET_DEPTH_REJECT: only the symbol's depth is refused, its market data goes on. */
  void onDepthRejected(long symbolId, String reason);

  /** The server's market data feed is back and forgot the subscriptions. */
  void resubscribe(DtcConnection connection);

  /** The last message of a request's answer (final record, trailer, no records, reject) was received. */
  void onRequestCompleted(int requestId);
}
