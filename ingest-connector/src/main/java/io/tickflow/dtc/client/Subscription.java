package io.tickflow.dtc.client;

/**
 * One market-data subscription the client keeps across reconnects.
 *
 * @param symbolId    the SymbolID the client chose; every market-data message for the symbol carries it
 * @param symbol      symbol text, e.g. ESZ6
 * @param exchange    exchange, may be empty
 * @param depthLevels market depth levels requested, 0 for none
 */
public record Subscription(long symbolId, String symbol, String exchange, int depthLevels) {
}
