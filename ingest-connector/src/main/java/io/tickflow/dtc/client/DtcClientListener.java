package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.DtcCodecException;
import java.net.SocketAddress;

/**
 * Session events of a {@link DtcClient}. Called on the client's network thread: keep implementations short and
 * non-blocking (record the event, wake a poller). Every method has a no-op default.
 */
public interface DtcClientListener {

    default void onConnected(SocketAddress server) {
    }

    /** LOGON_RESPONSE with LOGON_SUCCESS; every remembered subscription has just been (re-)sent. */
    default void onLoggedOn(LogonResult result) {
    }

    /**
     * LOGON_RESPONSE refused the logon. With {@code willRetry} false (LOGON_ERROR_NO_RECONNECT) the client has
     * stopped for good and {@link DtcClient#failure()} says why.
     */
    default void onLogonFailed(LogonResult result, boolean willRetry) {
    }

    /** The connection closed (peer closed, dead peer, protocol error, LOGOFF); a reconnect follows if allowed. */
    default void onDisconnected(String reason, boolean willReconnect) {
    }

    /** A malformed frame: the connection is closed right after this call and a reconnect follows. */
    default void onProtocolError(DtcCodecException error) {
    }

    /**
     * MARKET_DATA_REJECT for one symbol: it is not re-subscribed, others keep flowing. Also MARKET_DEPTH_REJECT,
     * the reason then starting with "depth: ": the symbol's market data goes on, re-subscribed without depth.
     */
    default void onSymbolRejected(long symbolId, String symbol, String reason) {
    }
}
