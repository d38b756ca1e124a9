package io.tickflow.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.serde.AvroDeserializer;
import io.tickflow.serde.AvroSerializer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The alert as the contract record a consumer reads from the alerts topic. */
class KafkaAlertPublisherTest {

  @Test
  void shouldCarryEveryFieldWithTheReasonIntoTheContractRecord() {
    Instant lastTrade = Instant.parse("2026-11-25T21:00:00.123456Z");
    Instant time = Instant.parse("2026-11-25T22:00:01Z");
    Alert alert = new Alert(StaleFeedMonitor.STALE_FEED, AlertState.RESOLVED.label(), "ESZ6", lastTrade, 3_601_000,
        60_000, time, AlertReason.MARKET_CLOSED.label());

    io.tickflow.schemas.Alert read = new AvroDeserializer<>(io.tickflow.schemas.Alert.class).deserialize("t",
        new AvroSerializer<>(io.tickflow.schemas.Alert.class).serialize("t", KafkaAlertPublisher.toAvro(alert)));

    assertThat(KafkaAlertPublisher.fromAvro(read)).isEqualTo(alert);
    assertThat(read.getReason()).isEqualTo("market_closed");
  }
}
