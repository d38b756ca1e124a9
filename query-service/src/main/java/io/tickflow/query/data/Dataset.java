package io.tickflow.query.data;

/**
 * The groups of data that the same stream tasks keep, so that one owner lookup answers for the whole group. Kafka
 * Streams assigns the tasks of each sub-topology independently: a symbol's bars and its quote may live on different
 * instances, and every request is routed by the group it reads.
 */
public enum Dataset {
  /** Bars and the latest trade (the bar stage's stores). */
  BARS,
  /** The latest quote. */
  QUOTES,
  /** The order book. */
  BOOK
}
