package io.tickflow.streams;

/**
 * Names of the topology's state stores, shared with the read API ({@code io.tickflow.marketstate}). Changing one
 * renames its changelog topic: treat them as part of the deployment contract.
 */
public final class TickflowStores {

  /** Global: canonical symbol to the latest encoded {@code SecurityDefinition}. */
  public static final String SECURITY_DEFINITIONS = "tickflow-security-definitions";
  /** Window store of trade identities seen within the dedup horizon. */
  public static final String TRADE_DEDUP = "tickflow-trade-dedup";
  /** Symbol to its bar-stage state: open bars, latest trade, price-jump reference. */
  public static final String SYMBOL_STATE = "tickflow-symbol-state";
  /** Symbol to its latest {@code Quote}. */
  public static final String LATEST_QUOTES = "tickflow-latest-quotes";
  /** Symbol to its order book. */
  public static final String BOOKS = "tickflow-books";
  /** Prefix of the final-bar window stores, one per bar series: {@code tickflow-bars-1m}, {@code tickflow-bars-T500}. */
  public static final String BARS_PREFIX = "tickflow-bars-";

  private TickflowStores() {
  }

  /** The final-bar store of a bar series label. */
  public static String bars(String label) {
    return BARS_PREFIX + label;
  }
}
