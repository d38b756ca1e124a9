package io.tickflow.query.ws;

import static io.tickflow.query.metrics.PipelineSeries.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.query.metrics.QueryMetrics;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket event counters as Prometheus scrapes them: every disconnect reason and conflatable channel at zero
 * from the first scrape, so that the first event of a kind is an increase rate() and alerts see.
 */
class WsMetersTest {

  private static final String DISCONNECTS = "tickflow_ws_disconnects_total";
  private static final String CONFLATIONS = "tickflow_ws_conflations_total";

  private final QueryMetrics metrics = QueryMetrics.create();
  private final WsMeters meters = new WsMeters(metrics.registry());

  @AfterEach
  void stop() {
    metrics.close();
  }

  @Test
  void shouldExportEveryDisconnectReasonAndConflatableChannelAtZeroBeforeAnyEvent() {
    String scrape = metrics.scrape();

    for (DisconnectReason reason : DisconnectReason.values()) {
      assertThat(value(scrape, disconnects(reason))).as(reason.label()).isZero();
    }
    assertThat(scrape.lines().filter(line -> line.startsWith(DISCONNECTS + "{")))
        .hasSize(DisconnectReason.values().length)
        .contains(DISCONNECTS + "{reason=\"slow_consumer\"} 0.0", DISCONNECTS + "{reason=\"heartbeat_timeout\"} 0.0");
    // Trades are never conflated (a slow client is disconnected instead): no series that could only stay at zero.
    assertThat(scrape.lines().filter(line -> line.startsWith(CONFLATIONS + "{")))
        .containsExactlyInAnyOrder(CONFLATIONS + "{channel=\"bars\"} 0.0", CONFLATIONS + "{channel=\"quotes\"} 0.0",
            CONFLATIONS + "{channel=\"book\"} 0.0");
    assertThat(Arrays.stream(Channel.values()).filter(Channel::conflatable)).hasSize(3);
  }

  @Test
  void shouldCountEachDisconnectAndConflationUnderItsLabelWhenEventsCome() {
    for (int i = 0; i < 4; i++) {
      meters.connected();
    }
    meters.disconnected(DisconnectReason.SLOW_CONSUMER);
    meters.disconnected(DisconnectReason.SLOW_CONSUMER);
    meters.disconnected(DisconnectReason.HEARTBEAT_TIMEOUT);
    meters.conflated(Channel.BARS);
    meters.conflated(Channel.BARS);
    meters.conflated(Channel.BOOK);

    String scrape = metrics.scrape();

    assertThat(value(scrape, disconnects(DisconnectReason.SLOW_CONSUMER))).isEqualTo(2);
    assertThat(value(scrape, disconnects(DisconnectReason.HEARTBEAT_TIMEOUT))).isEqualTo(1);
    assertThat(value(scrape, disconnects(DisconnectReason.CLOSED))).isZero();
    assertThat(value(scrape, disconnects(DisconnectReason.ERROR))).isZero();
    assertThat(value(scrape, conflations(Channel.BARS))).isEqualTo(2);
    assertThat(value(scrape, conflations(Channel.BOOK))).isEqualTo(1);
    assertThat(value(scrape, conflations(Channel.QUOTES))).isZero();
    assertThat(value(scrape, "tickflow_ws_clients")).isEqualTo(1);
  }

  @Test
  void shouldRefuseAConflationOfTradesWhichAreNeverReplaced() {
    assertThatThrownBy(() -> meters.conflated(Channel.TRADES)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trades");
  }

  private static String disconnects(DisconnectReason reason) {
    return DISCONNECTS + "{reason=\"" + reason.label() + "\"}";
  }

  private static String conflations(Channel channel) {
    return CONFLATIONS + "{channel=\"" + channel.label() + "\"}";
  }
}
