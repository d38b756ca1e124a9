package io.tickflow.dtc.client;

import io.tickflow.dtc.codec.message.MarketDataRequest;

/**
 * One market-data subscription the client keeps across reconnects.
 *
 * @param symbolId    the SymbolID the client chose; every market-data message for the symbol carries it
 * @param symbol      symbol text, e.g. ESZ6
 * @param exchange    exchange, may be empty
 * @param depthLevels market depth levels requested, 0 for none
 */
public record Subscription(long symbolId, String symbol, String exchange, int depthLevels) {

  public Subscription {
    requireFits(symbol, exchange);
  }

  /** The same market data without depth, once the server refused the depth. */
  public Subscription withoutDepth() {
    return new Subscription(symbolId, symbol, exchange, 0);
  }

  /**
   * MARKET_DATA_REQUEST carries at most 63 characters of a symbol and 15 of an exchange (NUL-terminated arrays);
   * a longer one would be cut and the server would stream (or reject) another symbol than the one asked for.
   *
   * @throws IllegalArgumentException naming the text that does not fit
   */
  public static void requireFits(String symbol, String exchange) {
    requireFits("symbol", symbol, MarketDataRequest.SYMBOL_LENGTH - 1);
    requireFits("exchange", exchange, MarketDataRequest.EXCHANGE_LENGTH - 1);
  }

  private static void requireFits(String what, String text, int max) {
    if (text.length() > max) {
      throw new IllegalArgumentException(what + " '" + text + "' is longer than the " + max
          + " characters DTC carries");
    }
  }
}
