package io.tickflow.dtc.client;

/** Receives normalized events from a {@link MarketDataAdapter}, on the thread that polls the client. */
public interface MarketDataListener {
    default void onTrade(MarketEvents.Trade trade) {
    }

    default void onQuote(MarketEvents.Quote quote) {
    }

    default void onDepth(MarketEvents.Depth depth) {
    }

    default void onSecurityDefinition(MarketEvents.SecurityDefinition definition) {
    }

    default void onHistoricalTick(MarketEvents.HistoricalTick tick) {
    }

    /** A historical request ended without (more) ticks: NoRecordsToReturn or HISTORICAL_PRICE_DATA_REJECT. */
    default void onHistoricalEnd(int requestId, String reason) {
    }

    /**
     * HISTORICAL_PRICE_DATA_RESPONSE_TRAILER: the answer is complete with the ticks received before it, as after a
     * final record. A server may send it instead of a record flagged final, or after one; then (and for a
     * RequestID no longer awaited) it says nothing new.
     */
    default void onHistoricalComplete(int requestId) {
    }

    /** MARKET_DATA_REJECT / MARKET_DEPTH_REJECT / SECURITY_DEFINITION_REJECT, with the symbol it concerns. */
    default void onRejected(String symbol, String reason) {
    }
}
