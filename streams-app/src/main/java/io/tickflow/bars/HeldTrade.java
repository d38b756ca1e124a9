package io.tickflow.bars;

import io.tickflow.schemas.Trade;

/**
 * A trade the {@link PriceJumpGuard} holds while its new price level waits for confirmation: accepted into the bars
 * with the confirming trade, or refused as a price jump when the level is not confirmed. It keeps what its dead
 * letter needs, as the record it came in is long processed by then (the bar stage dead-letters a trade it refuses at
 * once from the same values).
 *
 * @param trade the normalized trade
 * @param key the key bytes of the trade's raw record (its dead letter's key, unchanged), or null when it had none
 * @param rawValue the value bytes as read from the raw topic, or null when they were not carried
 * @param timestampMs the record's timestamp
 * @param topic source topic of the record
 * @param partition source partition, -1 when unknown
 * @param offset source offset, -1 when unknown
 * @param reference the accepted price the trade jumped away from
 */
public record HeldTrade(Trade trade, byte[] key, byte[] rawValue, long timestampMs, String topic, int partition,
                        long offset, double reference) {
}
