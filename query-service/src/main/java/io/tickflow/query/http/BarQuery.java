package io.tickflow.query.http;

import java.time.Instant;

/**
 * A validated bars request.
 *
 * @param from inclusive earliest window start
 * @param to inclusive latest window start
 * @param limit the most bars to return (the newest ones)
 */
public record BarQuery(String symbol, String timeframe, Instant from, Instant to, int limit) {
}
