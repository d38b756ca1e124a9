package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.DtcEncoding;
import io.tickflow.dtc.codec.message.EncodingResponse;
import io.tickflow.dtc.codec.message.Heartbeat;
import io.tickflow.dtc.codec.message.HistoricalPriceDataRecordResponse;
import io.tickflow.dtc.codec.message.HistoricalPriceDataReject;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseHeader;
import io.tickflow.dtc.codec.message.HistoricalPriceDataResponseTrailer;
import io.tickflow.dtc.codec.message.HistoricalPriceDataTickRecordResponse;
import io.tickflow.dtc.codec.message.Logoff;
import io.tickflow.dtc.codec.message.LogonResponse;
import io.tickflow.dtc.codec.message.MarketDataFeedStatus;
import io.tickflow.dtc.codec.message.MarketDataReject;
import io.tickflow.dtc.codec.message.MarketDepthReject;
import io.tickflow.dtc.codec.message.SecurityDefinitionReject;
import io.tickflow.dtc.codec.message.SecurityDefinitionResponse;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session side of received messages, on the network thread: encoding and logon answers, LOGOFF, per-symbol
 * rejects and the completion of requests. Every message also goes to the consumer; this only keeps state.
 */
final class SessionMessages {
  private static final Logger log = LoggerFactory.getLogger(SessionMessages.class);

  private final DtcConnection connection;
  private final ConnectionOwner owner;
  private final DtcClientMetrics metrics;
  private final EncodingResponse encodingResponse = new EncodingResponse();
  private final Heartbeat heartbeat = new Heartbeat();
  private final LogonResponse logonResponse = new LogonResponse();
  private final Logoff logoff = new Logoff();
  private final MarketDataFeedStatus feedStatus = new MarketDataFeedStatus();
  private final MarketDataReject marketDataReject = new MarketDataReject();
  private final MarketDepthReject marketDepthReject = new MarketDepthReject();
  private final SecurityDefinitionResponse securityDefinition = new SecurityDefinitionResponse();
  private final SecurityDefinitionReject securityDefinitionReject = new SecurityDefinitionReject();
  private final HistoricalPriceDataResponseHeader historyHeader = new HistoricalPriceDataResponseHeader();
  private final HistoricalPriceDataTickRecordResponse historyTick = new HistoricalPriceDataTickRecordResponse();
  private final HistoricalPriceDataRecordResponse historyRecord = new HistoricalPriceDataRecordResponse();
  private final HistoricalPriceDataReject historyReject = new HistoricalPriceDataReject();
  private final HistoricalPriceDataResponseTrailer historyTrailer = new HistoricalPriceDataResponseTrailer();
  /** LOGON_RESPONSE ResubscribeWhenMarketDataFeedAvailable: the server forgets subscriptions when its feed drops. */
  private boolean resubscribeWhenFeedAvailable;

  SessionMessages(DtcConnection connection, ConnectionOwner owner, DtcClientMetrics metrics) {
    this.connection = connection;
    this.owner = owner;
    this.metrics = metrics;
  }

  void onMessage(int type, DirectBuffer buffer, int offset, int length) {
    switch (type) {
      case Heartbeat.TYPE:
        onHeartbeat(heartbeat.wrap(buffer, offset, length));
        break;
      case EncodingResponse.TYPE:
        onEncodingResponse(encodingResponse.wrap(buffer, offset, length));
        break;
      case LogonResponse.TYPE:
        onLogonResponse(logonResponse.wrap(buffer, offset, length));
        break;
      case Logoff.TYPE:
        onLogoff(logoff.wrap(buffer, offset, length));
        break;
      case MarketDataFeedStatus.TYPE:
        onFeedStatus(feedStatus.wrap(buffer, offset, length).status());
        break;
      case MarketDataReject.TYPE:
        marketDataReject.wrap(buffer, offset, length);
        owner.onSymbolRejected(marketDataReject.symbolId(), marketDataReject.rejectText());
        break;
      case MarketDepthReject.TYPE:
        marketDepthReject.wrap(buffer, offset, length);
        owner.onDepthRejected(marketDepthReject.symbolId(), marketDepthReject.rejectText());
        break;
      default:
        onRequestProgress(type, buffer, offset, length);
        break;
    }
  }

  private void onRequestProgress(int type, DirectBuffer buffer, int offset, int length) {
    switch (type) {
      case SecurityDefinitionResponse.TYPE:
        securityDefinition.wrap(buffer, offset, length);
        if (securityDefinition.isFinalMessage() != 0) {
          owner.onRequestCompleted(securityDefinition.requestId());
        }
        break;
      case SecurityDefinitionReject.TYPE:
        securityDefinitionReject.wrap(buffer, offset, length);
        log.warn("Security definition request {} rejected: {}", securityDefinitionReject.requestId(),
            securityDefinitionReject.rejectText());
        owner.onRequestCompleted(securityDefinitionReject.requestId());
        break;
      case HistoricalPriceDataResponseHeader.TYPE:
        historyHeader.wrap(buffer, offset, length);
        if (historyHeader.noRecordsToReturn() != 0) {
          owner.onRequestCompleted(historyHeader.requestId());
        }
        break;
      case HistoricalPriceDataTickRecordResponse.TYPE:
        historyTick.wrap(buffer, offset, length);
        if (historyTick.isFinalRecord() != 0) {
          owner.onRequestCompleted(historyTick.requestId());
        }
        break;
      case HistoricalPriceDataRecordResponse.TYPE:
        historyRecord.wrap(buffer, offset, length);
        if (historyRecord.isFinalRecord() != 0) {
          owner.onRequestCompleted(historyRecord.requestId());
        }
        break;
      case HistoricalPriceDataReject.TYPE:
        historyReject.wrap(buffer, offset, length);
        // DEBUG: the reject reaches the consumer (MarketDataAdapter.onHistoricalEnd), whose log says what it cost.
        log.debug("Historical data request {} rejected: {}", historyReject.requestId(),
            historyReject.rejectText());
        owner.onRequestCompleted(historyReject.requestId());
        break;
      case HistoricalPriceDataResponseTrailer.TYPE:
        // Ends the answer as a final record does; after one it completes a request already complete: no-op.
        owner.onRequestCompleted(historyTrailer.wrap(buffer, offset, length).requestId());
        break;
      default:
        break;
    }
  }

  /**
   * A server that cannot send as fast as it receives (a slow link, a client that fell behind) drops market data and
   * says so only here: without this the gap would be silent. At most one line per heartbeat interval.
   */
  private void onHeartbeat(Heartbeat message) {
    final long dropped = message.numDroppedMessages();
    if (dropped > 0) {
      metrics.serverDropped(dropped);
      log.warn("DTC server reports {} market-data messages dropped ({} in all): the stream has a gap",
          dropped, metrics.serverDroppedMessages());
    }
  }

  private void onEncodingResponse(EncodingResponse response) {
    if (!connection.isAwaitingEncoding()) {
      // Unasked (a binary session, or a second answer): switching would make the rest of the stream unreadable.
      log.debug("Ignoring an ENCODING_RESPONSE ({}) not asked for", response.encoding());
      return;
    }
    if (!DtcEncoding.isDefined(response.encoding())) {
      connection.close("server granted encoding " + response.encoding() + ", which DTC does not define");
      return;
    }
    final DtcEncoding granted = DtcEncoding.fromCode(response.encoding());
    if (!granted.isSupported()) {
      connection.close("server granted encoding " + granted + ", which this client does not decode");
      return;
    }
    log.info("DTC server granted encoding {}", granted);
    connection.encodingGranted(granted);
  }

  private void onLogonResponse(LogonResponse response) {
    final LogonResult result = new LogonResult(response.result(), response.resultText(), response.serverName(),
        response.reconnectAddress());
    if (result.isSuccess()) {
      log.info("Logged on to DTC server '{}': {}", result.serverName(), result.text());
      resubscribeWhenFeedAvailable = response.resubscribeWhenMarketDataFeedAvailable() != 0;
      connection.loggedOn(response.historicalPriceDataSupported() != 0);
      owner.onLoggedOn(connection, result);
      return;
    }
    log.warn("DTC logon refused (result {}): {}", result.result(), result.text());
    owner.onLogonRefused(result);
    connection.close("logon refused (result " + result.result() + "): " + result.text());
  }

  private void onFeedStatus(int status) {
    if (status == MarketDataFeedStatus.UNAVAILABLE) {
      log.warn("DTC server says its market data feed is unavailable: no data until it is back");
    } else if (status == MarketDataFeedStatus.AVAILABLE) {
      log.info("DTC server says its market data feed is available{}", resubscribeWhenFeedAvailable
          ? "; re-subscribing every symbol, as the logon asked" : "");
      if (resubscribeWhenFeedAvailable) {
        owner.resubscribe(connection);
      }
    }
  }

  private void onLogoff(Logoff message) {
    final String reason = "server logged off: " + message.reason();
    if (message.doNotReconnect() != 0) {
      owner.onLogoffForGood(reason + " (do not reconnect)");
    }
    connection.close(reason);
  }
}
