package io.tickflow.query.alerts;

import java.time.Instant;

/**
 * A feed alert as published to the alerts topic and shown on the page.
 *
 * @param type {@code stale_feed}
 * @param state {@code raised} or {@code resolved} ({@link AlertState#label()})
 * @param lastTrade event time of the symbol's last trade
 * @param ageMillis how old that trade was when checked
 * @param thresholdMillis the configured staleness threshold
 * @param time when the alert changed state
 * @param reason why it changed state ({@link AlertReason#label()})
 */
public record Alert(String type, String state, String symbol, Instant lastTrade, long ageMillis,
                    long thresholdMillis, Instant time, String reason) {
}
