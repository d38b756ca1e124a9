package io.tickflow.query.ws;

/**
 * What a subscription follows: a channel, a symbol and, for bars, a timeframe.
 *
 * @param timeframe the bar timeframe; null for other channels
 */
public record SubscriptionKey(Channel channel, String symbol, String timeframe) {

  /** The id clients use to tell subscriptions apart: {@code bars:ES:1m}, {@code trades:ES}. */
  public String id() {
    return timeframe == null ? channel.label() + ":" + symbol : channel.label() + ":" + symbol + ":" + timeframe;
  }

  public static SubscriptionKey bars(String symbol, String timeframe) {
    return new SubscriptionKey(Channel.BARS, symbol, timeframe);
  }

  public static SubscriptionKey of(Channel channel, String symbol) {
    return new SubscriptionKey(channel, symbol, null);
  }
}
