package io.tickflow.query.ws;

/**
 * One update for the subscribers of {@code key}, already serialized as JSON.
 *
 * @param slot the part of the state it replaces (a bar's window start): a slow client's pending update of the same
 *     slot is conflated with it, other slots are kept; empty for channels whose updates are the whole state
 */
public record LiveUpdate(SubscriptionKey key, String slot, String payloadJson) {

  /** An update of the whole state (trades, quotes, book). */
  public static LiveUpdate of(SubscriptionKey key, String payloadJson) {
    return new LiveUpdate(key, "", payloadJson);
  }
}
